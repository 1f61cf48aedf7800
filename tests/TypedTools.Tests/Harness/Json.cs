using System.Text.Json;

namespace TypedTools.Tests.Harness;

/// <summary>Turns JSON text into tool arguments sent exactly as written (duplicates and all).</summary>
public static class Json
{
    /// <summary>The properties of a JSON object as raw values, for McpClient.CallToolAsync.</summary>
    public static Dictionary<string, object?> Args(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var args = new Dictionary<string, object?>();
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            args[property.Name] = property.Value.Clone();
        }
        return args;
    }

    /// <summary>The properties of <paramref name="json"/>, with those of <paramref name="change"/> added or put in their place.</summary>
    public static Dictionary<string, object?> Args(string json, string change)
    {
        Dictionary<string, object?> args = Args(json);
        foreach ((string name, object? value) in Args(change))
        {
            args[name] = value;
        }
        return args;
    }
}
