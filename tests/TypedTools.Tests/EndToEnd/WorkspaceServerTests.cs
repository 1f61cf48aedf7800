using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.EndToEnd;

/// <summary>samples/Workspace.Server as its own process, driven over stdio by the SDK's McpClient.</summary>
public sealed class WorkspaceServerTests : IAsyncLifetime
{
    private WorkspaceServerProcess _server = null!;

    // A person at the client who confirms every destructive or risky call.
    private readonly Confirmations _person = Confirmations.Yes();

    public async ValueTask InitializeAsync() => _server = await WorkspaceServerProcess.StartAsync(_person.ClientOptions());

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task<CallToolResult> Call(string tool, string json) =>
        _server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: TestContext.Current.CancellationToken).AsTask();

    [Fact]
    public async Task Lists_every_tool_with_explicit_hints_and_closed_schemas()
    {
        IList<McpClientTool> tools = await _server.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["delete_file", "fetch_page", "list_directory", "read_file", "read_inbox", "search_files", "send_message", "write_file"],
            tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (McpClientTool tool in tools)
        {
            ToolAnnotations hints = tool.ProtocolTool.Annotations!;
            Assert.NotNull(hints.ReadOnlyHint);
            Assert.NotNull(hints.DestructiveHint);
            Assert.NotNull(hints.IdempotentHint);
            Assert.NotNull(hints.OpenWorldHint);
            AssertClosed(tool.ProtocolTool.InputSchema, tool.Name);
            Assert.False(string.IsNullOrEmpty(tool.Description));
        }
        ToolAnnotations delete = tools.Single(t => t.Name == "delete_file").ProtocolTool.Annotations!;
        Assert.Equal((false, true, false, false), (delete.ReadOnlyHint, delete.DestructiveHint, delete.IdempotentHint, delete.OpenWorldHint));
        ToolAnnotations read = tools.Single(t => t.Name == "read_file").ProtocolTool.Annotations!;
        Assert.Equal((true, false, true, false), (read.ReadOnlyHint, read.DestructiveHint, read.IdempotentHint, read.OpenWorldHint));
        Assert.NotNull(tools.Single(t => t.Name == "search_files").ProtocolTool.OutputSchema);
    }

    // Every object in an input schema forbids unknown properties.
    private static void AssertClosed(JsonElement schema, string where)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (schema.TryGetProperty("properties", out _))
        {
            Assert.True(schema.TryGetProperty("additionalProperties", out JsonElement additional) && additional.ValueKind == JsonValueKind.False,
                $"{where}: an object schema allows additional properties");
        }
        foreach (JsonProperty property in schema.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                AssertClosed(property.Value, where + "." + property.Name);
            }
        }
    }

    [Fact]
    public async Task Valid_calls_work_end_to_end()
    {
        Refusals.AssertOk(await Call("write_file", """{"path":"notes/todo.md","content":"buy milk\nread the spec\n"}"""));
        Assert.Equal("buy milk\nread the spec\n", File.ReadAllText(Path.Combine(_server.Workspace, "notes", "todo.md")));

        Assert.Equal("buy milk\nread the spec\n", Refusals.Text(await Call("read_file", """{"path":"notes/todo.md"}""")));
        Assert.Equal("buy", Refusals.Text(await Call("read_file", """{"path":"notes/todo.md","maxBytes":3}""")));

        CallToolResult listing = await Call("list_directory", """{"path":".","recursive":true}""");
        Assert.Equal("""{"path":".","entries":[{"path":"notes","kind":"Directory","size":null},{"path":"notes/todo.md","kind":"File","size":23}],"filesByExtension":{"md":1},"counts":{"File":1,"Directory":1}}""",
            listing.StructuredContent!.Value.GetRawText());
        // A [Flags] argument (an array of names) and dictionary results (string and enum keys), through the generated code of this server.
        CallToolResult directories = await Call("list_directory", """{"path":".","recursive":true,"include":["Directories"]}""");
        Assert.Equal("""{"path":".","entries":[{"path":"notes","kind":"Directory","size":null}],"filesByExtension":{},"counts":{"Directory":1}}""",
            directories.StructuredContent!.Value.GetRawText());
        Refusals.AssertSingle(await Call("list_directory", """{"include":["Files","Files"]}"""), "argument.duplicate_field", "include[1]");

        CallToolResult search = await Call("search_files", """{"query":{"text":"SPEC","extensions":["md"],"options":{"maxResults":5}}}""");
        Assert.Equal("""{"matches":[{"path":"notes/todo.md","line":2,"text":"read the spec"}],"truncated":false}""",
            search.StructuredContent!.Value.GetRawText());

        Refusals.AssertOk(await Call("delete_file", """{"path":"notes/todo.md"}"""));
        Assert.False(File.Exists(Path.Combine(_server.Workspace, "notes", "todo.md")));
        // The write and the delete were confirmed by the person; the reads were not asked about.
        Assert.Equal(["write_file", "delete_file"], _person.Asked.Select(q => q.Message.Split('\n')[2]["Tool: ".Length..]));
    }

    [Fact]
    public async Task A_nested_message_with_an_enum_and_a_list_is_delivered()
    {
        CallToolResult result = await Call("send_message",
            """{"message":{"to":"ana@example.org","subject":"Hi","body":"Hello ✓","priority":"High","cc":["bo@example.org"]}}""");

        Refusals.AssertOk(result);
        JsonElement receipt = result.StructuredContent!.Value;
        Assert.Equal(2, receipt.GetProperty("recipients").GetInt32());
        using JsonDocument line = JsonDocument.Parse(File.ReadAllLines(_server.Outbox).Single());
        Assert.Equal("ana@example.org", line.RootElement.GetProperty("To").GetString());
        Assert.Equal("High", line.RootElement.GetProperty("Priority").GetString());
        Assert.Equal("Hello ✓", line.RootElement.GetProperty("Body").GetString());
        Assert.Equal(receipt.GetProperty("id").GetGuid(), line.RootElement.GetProperty("Id").GetGuid());
        ElicitRequestParams question = Assert.Single(_person.Asked);
        Assert.Contains("Effect: Sends the message to its recipients", question.Message, StringComparison.Ordinal);
        Assert.Contains("ana@example.org", question.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("read_file", """{"path":"a.txt","mode":"raw"}""", "argument.unknown_field", "mode")]
    [InlineData("read_file", """{}""", "argument.missing", "path")]
    [InlineData("read_file", """{"path":null}""", "argument.null", "path")]
    [InlineData("read_file", """{"path":"a.txt","maxBytes":"5"}""", "argument.type", "maxBytes")]
    [InlineData("read_file", """{"path":"a.txt","maxBytes":0}""", "argument.range", "maxBytes")]
    [InlineData("read_file", """{"path":"a.txt","maxBytes":1.5}""", "argument.not_integer", "maxBytes")]
    [InlineData("read_file", """{"path":["a.txt"]}""", "argument.type", "path")]
    [InlineData("write_file", """{"path":"a.txt","content":"x","overwrite":"yes"}""", "argument.type", "overwrite")]
    [InlineData("search_files", """{"query":{"text":"x","options":{"maxResults":0}}}""", "argument.range", "query.options.maxResults")]
    [InlineData("search_files", """{"query":{"text":"x","options":{"regex":true}}}""", "argument.unknown_field", "query.options.regex")]
    [InlineData("search_files", """{"query":{"text":"x","extensions":["md",7]}}""", "argument.type", "query.extensions[1]")]
    [InlineData("search_files", """{"query":{"text":""}}""", "argument.length", "query.text")]
    [InlineData("search_files", """{"query":{"text":"x","options":{"modifiedAfter":"yesterday"}}}""", "argument.format", "query.options.modifiedAfter")]
    [InlineData("send_message", """{"message":{"to":"not an address","subject":"s","body":"b"}}""", "argument.pattern", "message.to")]
    [InlineData("send_message", """{"message":{"to":"a@example.org","subject":"s","body":"b","priority":"Urgent"}}""", "argument.enum", "message.priority")]
    [InlineData("send_message", """{"message":{"to":"a@example.org","subject":"s","body":"b","priority":2}}""", "argument.type", "message.priority")]
    [InlineData("send_message", """{"message":{"to":"a@example.org","subject":"s"}}""", "argument.missing", "message.body")]
    [InlineData("send_message", """{"message":{"to":"a@example.org","subject":"s","body":"b","cc":["1","2","3","4","5","6","7","8","9","10","11"]}}""", "argument.length", "message.cc")]
    [InlineData("fetch_page", """{"url":"not a url"}""", "argument.format", "url")]
    [InlineData("fetch_page", """{"url":"https://example.org","maxChars":1e400}""", "argument.range", "maxChars")]
    public async Task Bad_arguments_are_refused_with_code_and_field(string tool, string json, string code, string field)
    {
        CallToolResult result = await Call(tool, json);

        Refusals.AssertSingle(result, code, field);
        Assert.Contains(field, Refusals.Text(result));
    }

    [Fact]
    public async Task A_refused_destructive_call_changes_nothing()
    {
        string file = Path.Combine(_server.Workspace, "keep.txt");
        File.WriteAllText(file, "original");

        Refusals.AssertSingle(await Call("write_file", """{"path":"keep.txt","content":"new","overwrite":true,"force":true}"""), "argument.unknown_field", "force");
        Refusals.AssertSingle(await Call("delete_file", """{"path":"keep.txt","recursive":true}"""), "argument.unknown_field", "recursive");

        Assert.Equal("original", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_failing_tool_returns_a_structured_error_and_the_server_keeps_serving()
    {
        CallToolResult missing = await Call("read_file", """{"path":"does-not-exist.txt"}""");

        Assert.True(missing.IsError);
        Assert.Equal("tool.failed", Refusals.Error(missing).GetProperty("code").GetString());
        Assert.DoesNotContain(_server.Workspace, Refusals.Text(missing), StringComparison.Ordinal); // no internals leak
        Refusals.AssertOk(await Call("list_directory", "{}"));
    }
}
