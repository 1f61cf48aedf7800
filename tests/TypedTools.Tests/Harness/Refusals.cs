using System.Text.Json;
using ModelContextProtocol.Protocol;
using Xunit;

namespace TypedTools.Tests.Harness;

/// <summary>
/// Reads refusals the way a client would: isError plus the error object, in structuredContent, or in
/// <c>_meta["io.typedtools/structuredContent"]</c> for a tool whose output schema does not describe it.
/// </summary>
public static class Refusals
{
    /// <summary>Every (code, field) in the refusal, in order; fails if the result is not a refusal.</summary>
    public static List<(string Code, string Field)> Errors(CallToolResult result)
    {
        Assert.True(result.IsError, "expected a refusal but the call succeeded: " + Text(result));
        JsonElement error = Error(result);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("requestId").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        var list = new List<(string, string)>();
        if (error.TryGetProperty("details", out JsonElement details))
        {
            foreach (JsonElement detail in details.EnumerateArray())
            {
                list.Add((detail.GetProperty("code").GetString()!, detail.GetProperty("field").GetString()!));
            }
        }
        else
        {
            list.Add((error.GetProperty("code").GetString()!, error.GetProperty("field").GetString() ?? ""));
        }
        return list;
    }

    /// <summary>Asserts a refusal with exactly one error of this code at this field.</summary>
    public static void AssertSingle(CallToolResult result, string code, string field)
    {
        var errors = Errors(result);
        Assert.True(errors.Count == 1 && errors[0] == (code, field),
            $"expected exactly ({code}, {field}) but got [{string.Join("; ", errors)}]: {Text(result)}");
        JsonElement error = Error(result);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(field, error.TryGetProperty("field", out JsonElement f) ? f.GetString() ?? "" : "");
    }

    /// <summary>
    /// The refusal's error object. A tool with an output schema carries it in <c>_meta</c> (its structured content must be
    /// what the schema describes) and no structured content at all; any other tool in its structured content.
    /// </summary>
    public static JsonElement Error(CallToolResult result)
    {
        JsonElement? error = TypedTools.Results.ToolResults.Error(result);
        Assert.True(error is not null, "expected a refusal with an error object: " + Text(result));
        // Never both: a tool with an output schema has no structured content on an error.
        Assert.True(result.StructuredContent is null || result.Meta?[TypedTools.Results.ToolResults.ErrorContentKey] is null);
        return error.Value;
    }

    /// <summary>Asserts that the call succeeded.</summary>
    public static void AssertOk(CallToolResult result) => Assert.True(result.IsError != true, "expected success but got: " + Text(result));

    /// <summary>The text blocks of a result, joined.</summary>
    public static string Text(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
