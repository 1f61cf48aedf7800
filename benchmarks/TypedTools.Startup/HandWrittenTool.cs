using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedTools.Startup;

/// <summary>
/// The floor: a tool written by hand against the SDK's McpServerTool, with its schema as a literal and its
/// arguments read by hand. No reflection, no generator, no policy.
/// </summary>
public sealed class HandWrittenTool(string name) : McpServerTool
{
    private static readonly JsonElement s_schema = JsonDocument.Parse(
        """{"type":"object","properties":{"text":{"type":"string","description":"The text."},"count":{"type":"integer","default":1}},"required":["text"]}""").RootElement;

    public override Tool ProtocolTool { get; } = new()
    {
        Name = name,
        Description = "Echoes the text.",
        InputSchema = s_schema,
        Annotations = new ToolAnnotations { ReadOnlyHint = true },
    };

    public override IReadOnlyList<object> Metadata => [];

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        IDictionary<string, JsonElement>? arguments = request.Params?.Arguments;
        string text = arguments is not null && arguments.TryGetValue("text", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        int count = arguments is not null && arguments.TryGetValue("count", out JsonElement c) && c.TryGetInt32(out int n) ? n : 1;
        return ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = count == 1 ? text : string.Concat(Enumerable.Repeat(text, count)) }] });
    }
}
