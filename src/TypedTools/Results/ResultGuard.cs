using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;

namespace TypedTools.Results;

/// <summary>
/// What a method's result goes through before the model sees it: secrets (the call's <c>[Secret]</c> values and the
/// configured patterns) redacted from every result; for tools marked <c>[ReturnsUntrustedContent]</c> (or all tools,
/// when configured) text sanitised and capped, and a trust label in <c>_meta</c> so clients, gateways and flow rules
/// can treat the content as someone else's words.
/// </summary>
public static class ResultGuard
{
    /// <summary>The <c>_meta</c> key of the trust label.</summary>
    public const string TrustKey = "io.typedtools/trust";

    private static readonly JsonWriterOptions s_writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Applies the guard to <paramref name="result"/> in place and returns it.</summary>
    public static CallToolResult Apply(CallToolResult result, ToolDescriptor tool, IReadOnlyList<string> secrets, OutputOptions options)
    {
        bool untrusted = tool.Has(ToolCapabilities.ReturnsUntrustedContent);
        bool sanitize = untrusted || options.SanitizeAll;
        var report = new SanitizeReport();
        IList<ContentBlock> content = result.Content;
        for (int i = 0; i < content.Count; i++)
        {
            if (content[i] is TextContentBlock text)
            {
                text.Text = Process(text.Text, secrets, options, sanitize, report);
            }
        }
        if (result.StructuredContent is { } structured)
        {
            result.StructuredContent = ProcessStrings(structured, secrets, options, sanitize, report);
        }
        if (untrusted)
        {
            result.Meta ??= [];
            result.Meta[TrustKey] = new JsonObject
            {
                ["trusted"] = false,
                ["source"] = tool.Name,
                ["sanitized"] = true,
                ["changed"] = report.Changed,
                ["truncated"] = report.Truncated,
            };
        }
        return result;
    }

    private static string Process(string text, IReadOnlyList<string> secrets, OutputOptions options, bool sanitize, SanitizeReport report)
    {
        text = OutputSanitizer.Redact(text, secrets, options, report);
        return sanitize ? OutputSanitizer.Clean(text, options.MaxTextLength, report) : text;
    }

    // A method of its own: the closure its lambda needs is made only for structured results, not on every call.
    private static JsonElement ProcessStrings(JsonElement structured, IReadOnlyList<string> secrets, OutputOptions options, bool sanitize, SanitizeReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writer))
        {
            JsonStrings.Rewrite(writer, structured, text => Process(text, secrets, options, sanitize, report));
        }
        return JsonElement.Parse(buffer.WrittenSpan);
    }
}
