using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using TypedTools.Arguments;
using TypedTools.Policy;

namespace TypedTools.Results;

/// <summary>Writes one value as JSON; generated per result type, so results are serialized without reflection.</summary>
public delegate void JsonValueWriter<in T>(Utf8JsonWriter writer, T value);

/// <summary>Builds the <see cref="CallToolResult"/>s that generated tools return.</summary>
public static class ToolResults
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    // Results are read by models and people, not embedded in HTML: keep non-ASCII text and '+' as they are
    // instead of \uXXXX escapes (JSON stays valid; quotes, backslashes and controls are still escaped).
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A text result.</summary>
    public static CallToolResult Text(string? text) => new() { Content = [new TextContentBlock { Text = text ?? "" }] };

    /// <summary>The result of a tool that returns nothing (as the SDK does: no content).</summary>
    public static CallToolResult Empty() => new() { Content = [] };

    /// <summary>One content block as it is.</summary>
    public static CallToolResult Content(ContentBlock? block) => new() { Content = block is null ? [] : [block] };

    /// <summary>Content blocks as they are.</summary>
    public static CallToolResult Content(IEnumerable<ContentBlock>? blocks) => new() { Content = blocks is null ? [] : [.. blocks] };

    /// <summary>
    /// A structured result: <c>structuredContent</c> plus the same JSON as a text block for clients that read
    /// only text. <paramref name="wrapInResult"/> wraps a non-object value as <c>{"result": value}</c>, since
    /// structured content must be an object.
    /// </summary>
    public static CallToolResult Structured<T>(T value, JsonValueWriter<T> write, bool wrapInResult)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            if (wrapInResult)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("result"u8);
                write(writer, value);
                writer.WriteEndObject();
            }
            else
            {
                write(writer, value);
            }
        }
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = Encoding.UTF8.GetString(buffer.WrittenSpan) }],
            StructuredContent = JsonElement.Parse(buffer.WrittenSpan),
        };
    }

    /// <summary>A result the author's method built, or no content for <c>null</c>.</summary>
    public static CallToolResult ResultOrEmpty(CallToolResult? result) => result ?? Empty();

    // What an async tool method's task becomes, awaited here so that a generated tool needs no state machine of its own
    // (one per async tool was a type and two methods for the compiler to build, a thousand times in a large assembly).
    // The conversions are fields: a method group in each tool would make the compiler cache its delegate in a nested
    // type of every tool class.

    /// <summary><see cref="Text"/>, for <see cref="ThenAsync{T}(Task{T}, Func{T, CallToolResult})"/>.</summary>
    public static readonly Func<string?, CallToolResult> TextConversion = Text;

    /// <summary><see cref="ResultOrEmpty"/>, for <see cref="ThenAsync{T}(Task{T}, Func{T, CallToolResult})"/>.</summary>
    public static readonly Func<CallToolResult?, CallToolResult> ResultConversion = ResultOrEmpty;

    /// <summary>One content block, for <see cref="ThenAsync{T}(Task{T}, Func{T, CallToolResult})"/>.</summary>
    public static readonly Func<ContentBlock?, CallToolResult> ContentBlockConversion = Content;

    /// <summary>Content blocks, for <see cref="ThenAsync{T}(Task{T}, Func{T, CallToolResult})"/>.</summary>
    public static readonly Func<IEnumerable<ContentBlock>?, CallToolResult> ContentBlocksConversion = Content;

    /// <summary>The result of converting what a task completes with (<c>ThenAsync(task, ToolResults.TextConversion)</c>).</summary>
    public static async ValueTask<CallToolResult> ThenAsync<T>(Task<T> task, Func<T, CallToolResult> convert) => convert(await task.ConfigureAwait(false));

    /// <summary>The result of converting what a value task completes with.</summary>
    public static async ValueTask<CallToolResult> ThenAsync<T>(ValueTask<T> task, Func<T, CallToolResult> convert) => convert(await task.ConfigureAwait(false));

    /// <summary>No content, once the task completes.</summary>
    public static async ValueTask<CallToolResult> EmptyAsync(Task task)
    {
        await task.ConfigureAwait(false);
        return Empty();
    }

    /// <summary>No content, once the value task completes.</summary>
    public static async ValueTask<CallToolResult> EmptyAsync(ValueTask task)
    {
        await task.ConfigureAwait(false);
        return Empty();
    }

    /// <summary>The structured result (<see cref="Structured{T}"/>) of the value a task completes with.</summary>
    public static async ValueTask<CallToolResult> StructuredAsync<T>(Task<T> value, JsonValueWriter<T> write, bool wrapInResult) =>
        Structured(await value.ConfigureAwait(false), write, wrapInResult);

    /// <summary>The structured result (<see cref="Structured{T}"/>) of the value a value task completes with.</summary>
    public static async ValueTask<CallToolResult> StructuredAsync<T>(ValueTask<T> value, JsonValueWriter<T> write, bool wrapInResult) =>
        Structured(await value.ConfigureAwait(false), write, wrapInResult);

    /// <summary>The refusal of a call whose arguments did not pass the strict parser: every problem, each with its path.</summary>
    public static CallToolResult ArgumentRefusal(string toolName, IReadOnlyList<ArgumentError> errors, string requestId)
    {
        var text = new StringBuilder();
        text.Append("The call to '").Append(toolName).Append("' was refused: ")
            .Append(errors.Count == 1 ? "1 problem" : $"{errors.Count} problems")
            .Append(" in its arguments. Fix ").Append(errors.Count == 1 ? "it" : "them").Append(" and call again.");
        foreach (ArgumentError error in errors)
        {
            text.Append("\n- ").Append(error.Field).Append(": ").Append(error.Message);
            if (error.Hint is not null)
            {
                text.Append(' ').Append(error.Hint);
            }
        }

        ArgumentError first = errors.Count > 0 ? errors[0] : new ArgumentError(ArgumentErrorCodes.Type, "$", "The arguments are invalid.", null);
        return Refusal(text.ToString(), first.Code, first.Message, first.Field, first.Hint, requestId, errors);
    }

    /// <summary>A policy refusal: the denial's code, message, field and hint, and a text that tells the model what to do instead.</summary>
    public static CallToolResult PolicyRefusal(string toolName, PolicyDenial denial, string requestId)
    {
        string field = denial.Field is null ? "" : $" (argument '{denial.Field}')";
        return Refusal($"The call to '{toolName}' was denied by policy{field}: {denial.Message} {denial.Hint} [{denial.Code}, request {requestId}]",
            denial.Code, denial.Message, denial.Field, denial.Hint, requestId);
    }

    /// <summary>The <c>_meta</c> key that carries an error's structured content when its tool's output schema does not describe it.</summary>
    public const string ErrorContentKey = "io.typedtools/structuredContent";

    /// <summary>
    /// An error result of a tool with an output schema, made to keep it: structured content that the schema does not
    /// describe (every refusal's <c>{"error": ...}</c>) moves, unchanged, to <c>_meta</c> under <see cref="ErrorContentKey"/>.
    /// MCP has a tool's structured content conform to its output schema, and the TypeScript SDK's client rejects any that
    /// does not, error or not: the model would get an exception in place of the refusal that says what to fix.
    /// </summary>
    public static CallToolResult ConformError(CallToolResult result, JsonElement outputSchema)
    {
        if (result.IsError == true && result.StructuredContent is { } structured && OutputSchemaValidator.Problem(outputSchema, structured) is not null)
        {
            result.Meta ??= [];
            result.Meta[ErrorContentKey] = structured.ValueKind == JsonValueKind.Object ? JsonObject.Create(structured) : JsonValue.Create(structured);
            result.StructuredContent = null;
        }
        return result;
    }

    /// <summary>
    /// The error object (<c>code</c>, <c>message</c>, <c>field</c>, <c>hint</c>, <c>requestId</c>...) of a refusal or
    /// failure, wherever its tool carries it: its structured content, or <c>_meta</c> (<see cref="ConformError"/>); null
    /// for a result that is not an error or has none.
    /// </summary>
    public static JsonElement? Error(CallToolResult result)
    {
        if (result.IsError != true)
        {
            return null;
        }
        if (result.StructuredContent is { ValueKind: JsonValueKind.Object } structured && structured.TryGetProperty("error"u8, out JsonElement error))
        {
            return error;
        }
        return result.Meta?[ErrorContentKey]?["error"] is { } moved ? JsonElement.Parse(moved.ToJsonString()) : null;
    }

    /// <summary>A refusal or failure: <c>isError</c>, a short text for the model, and <c>structuredContent.error</c>.</summary>
    public static CallToolResult Refusal(string text, string code, string message, string? field, string? hint, string requestId,
        IReadOnlyList<ArgumentError>? details = null)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error"u8);
            writer.WriteString("code"u8, code);
            writer.WriteString("message"u8, message);
            WriteOptional(writer, "field"u8, field);
            WriteOptional(writer, "hint"u8, hint);
            writer.WriteString("requestId"u8, requestId);
            if (details is { Count: > 0 })
            {
                writer.WriteStartArray("details"u8);
                foreach (ArgumentError detail in details)
                {
                    writer.WriteStartObject();
                    writer.WriteString("code"u8, detail.Code);
                    writer.WriteString("field"u8, detail.Field);
                    writer.WriteString("message"u8, detail.Message);
                    WriteOptional(writer, "hint"u8, detail.Hint);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = text }],
            StructuredContent = JsonElement.Parse(buffer.WrittenSpan),
        };
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
