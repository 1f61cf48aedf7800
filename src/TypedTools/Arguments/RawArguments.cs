using System.Buffers;
using System.Runtime.CompilerServices;
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
    public static void ReportDuplicates(RequestContext<CallToolRequestParams> request, ArgumentReader reader) =>
        ReportDuplicates(request.JsonRpcRequest?.Params, request.Params?.Arguments, reader);

    /// <summary>Reports each name the raw request's <c>params.arguments</c> repeats, given the arguments the SDK read from it.</summary>
    internal static void ReportDuplicates(JsonNode? requestParams, IDictionary<string, JsonElement>? arguments, ArgumentReader reader)
    {
        if (arguments is null || arguments.Count == 0 || requestParams is not JsonObject parameters ||
            !parameters.TryGetPropertyValue("arguments", out JsonNode? raw) || raw is not JsonObject rawArguments)
        {
            return;
        }
        if (ParsedElement(rawArguments) is { ValueKind: JsonValueKind.Object } parsed)
        {
            ReportDuplicateNames(parsed, arguments.Count, reader);
            return;
        }
        using JsonDocument copy = Copy(rawArguments);
        ReportDuplicateNames(copy.RootElement, arguments.Count, reader);
    }

    /// <summary>
    /// The node's JSON read back into a document (the slower path, where its parsed form is out of reach). Writing a node
    /// copies its JSON, duplicates included (when it still holds what was parsed), without building a node per property.
    /// </summary>
    internal static JsonDocument Copy(JsonObject node)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        // The node is well-formed JSON already: the writer need not check the structure it writes.
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);
        node.WriteTo(writer);
        writer.Flush();
        // The document reads the thread's buffer: it is used and disposed before the thread writes the next copy.
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    /// <summary>Whether the parsed form of a node is reachable here (else every request takes the slower copy).</summary>
    internal static bool ReadsParsedNodes { get; } = ProbeParsedElement();

    // A node parsed from the wire keeps the element it was parsed from until something changes it; the element's
    // properties are the raw JSON's, duplicates included, and counting them copies nothing. System.Text.Json has no
    // public way to reach it, so this reads the node's field. Where the field is gone (another runtime version) or no
    // longer holds the element (the node was edited), the copy above serves: the same answer, more slowly.
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_jsonElement")]
    private static extern ref JsonElement? JsonElementField(JsonObject node);

    private static JsonElement? ParsedElement(JsonObject node) => ReadsParsedNodes ? JsonElementField(node) : null;

    private static bool ProbeParsedElement()
    {
        try
        {
            return JsonNode.Parse("""{"a":1,"a":2}""") is JsonObject node && JsonElementField(node) is { ValueKind: JsonValueKind.Object } element &&
                element.GetRawText() == """{"a":1,"a":2}""";
        }
        catch (Exception exception) when (exception is MissingMemberException or InvalidProgramException or TypeLoadException)
        {
            return false;
        }
    }

    private static void ReportDuplicateNames(JsonElement parsed, int distinctCount, ArgumentReader reader)
    {
        int count = 0;
        foreach (JsonProperty property in parsed.EnumerateObject())
        {
            count++;
        }
        if (count <= distinctCount)
        {
            return;
        }
        // Rare path: name the repeated properties.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<string>? names = null;
        foreach (JsonProperty property in parsed.EnumerateObject())
        {
            if (!seen.Add(property.Name) && !(names ??= []).Contains(property.Name))
            {
                names.Add(property.Name);
                reader.ReportDuplicate(property.Name);
            }
        }
    }
}
