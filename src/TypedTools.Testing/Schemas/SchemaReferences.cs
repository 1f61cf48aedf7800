using System.Text.Json;

namespace TypedTools.Testing.Schemas;

/// <summary>Follows JSON Schema references inside one document (<c>#/$defs/Name</c>), as TypedTools' schemas use them.</summary>
public static class SchemaReferences
{
    /// <summary>The schema <paramref name="reference"/> points to inside <paramref name="root"/>.</summary>
    public static JsonElement Resolve(JsonElement root, string reference)
    {
        JsonElement current = root;
        foreach (string part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }
        return current;
    }

    /// <summary><paramref name="schema"/> with its <c>$ref</c> chain followed (itself when it has none).</summary>
    public static JsonElement Follow(JsonElement root, JsonElement schema)
    {
        for (int hops = 0; schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out JsonElement reference) && hops < 64; hops++)
        {
            schema = Resolve(root, reference.GetString()!);
        }
        return schema;
    }
}
