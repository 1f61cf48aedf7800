using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedTools.Arguments;

/// <summary>
/// What only the raw request shows. The SDK hands tools a dictionary of arguments, in which a property sent
/// twice has already collapsed to its last value; a model (or an attacker) sending <c>{"path":"a","path":"b"}</c>
/// must be refused, not silently resolved, so the raw JSON of the request is checked too.
/// </summary>
internal static class RawArguments
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Reports each top-level argument name the raw request repeats.</summary>
    public static void ReportDuplicates(RequestContext<CallToolRequestParams> request, ArgumentReader reader)
    {
        IDictionary<string, JsonElement>? arguments = request.Params?.Arguments;
        if (arguments is null || arguments.Count == 0 || request.JsonRpcRequest?.Params is not JsonObject parameters ||
            !parameters.TryGetPropertyValue("arguments", out JsonNode? raw) || raw is not JsonObject rawArguments)
        {
            return;
        }
        // Writing a node that was parsed from the wire copies its raw JSON, duplicates included, without
        // building a node per property. Only the arguments are written and read back.
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        // The node is well-formed JSON already: the writer need not check the structure it writes.
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);
        rawArguments.WriteTo(writer);
        writer.Flush();

        var json = new Utf8JsonReader(buffer.WrittenSpan);
        if (json.Read() && json.TokenType == JsonTokenType.StartObject)
        {
            ReportDuplicateNames(ref json, arguments.Count, reader);
        }
    }

    private static void ReportDuplicateNames(ref Utf8JsonReader json, int distinctCount, ArgumentReader reader)
    {
        int depth = json.CurrentDepth;
        int count = 0;
        List<string>? names = null;
        Utf8JsonReader start = json;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            count++;
            json.Read();
            json.Skip();
        }
        if (count <= distinctCount)
        {
            return;
        }
        // Rare path: name the repeated properties.
        json = start;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (json.Read() && json.CurrentDepth > depth && json.TokenType == JsonTokenType.PropertyName)
        {
            string name = json.GetString() ?? "";
            if (!seen.Add(name) && !(names ??= []).Contains(name))
            {
                names.Add(name);
                reader.ReportDuplicate(name);
            }
            json.Read();
            json.Skip();
        }
    }
}
