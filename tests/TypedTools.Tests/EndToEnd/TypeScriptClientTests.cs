using System.Text.Json;
using System.Text.Json.Nodes;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.EndToEnd;

/// <summary>
/// The sample server driven by a second, independent client: the official TypeScript MCP SDK (<c>tests/ts-client</c>),
/// which checks every answer against the protocol's schema and every structured result against the tool's output schema
/// with Ajv. On the JIT build, and on the Native AOT binary when <c>.ci/run</c> names it.
/// </summary>
public sealed class TypeScriptClientTests
{
    private static async Task<JsonElement> RunAsync(Action<string> prepare, params (string Tool, string Arguments)[] calls)
    {
        string root = TempDirectories.Create("typedtools-ts-");
        string workspace = Directory.CreateDirectory(Path.Combine(root, "workspace")).FullName;
        prepare(workspace);
        (string command, List<string> arguments) = WorkspaceServerProcess.CommandLine(workspace, Path.Combine(root, "outbox.jsonl"));
        var script = new JsonArray(calls.Select(c => (JsonNode)new JsonObject { ["tool"] = c.Tool, ["arguments"] = JsonNode.Parse(c.Arguments) }).ToArray());
        string directory = await NodeProjects.ReadyAsync("TypeScriptClient", "@modelcontextprotocol/sdk", TestContext.Current.CancellationToken);
        string output = await Processes.RunAsync("node", ["client.mjs", command, .. arguments], directory, TestContext.Current.CancellationToken, script.ToJsonString());
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static void Notes(string workspace)
    {
        Directory.CreateDirectory(Path.Combine(workspace, "notes"));
        File.WriteAllText(Path.Combine(workspace, "notes", "todo.md"), "buy milk\nread the spec\n");
    }

    [Fact]
    public async Task The_official_TypeScript_client_lists_the_tools_and_accepts_every_structured_result()
    {
        JsonElement run = await RunAsync(Notes,
            ("list_directory", """{"path":".","recursive":true}"""),
            ("search_files", """{"query":{"text":"SPEC","extensions":["md"],"options":{"maxResults":5}}}"""),
            ("read_file", """{"path":"notes/todo.md"}"""));

        // tools/list passed the SDK's protocol schema; the structured tools publish output schemas it compiled.
        string[] names = [.. run.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
        Assert.Contains("list_directory", names);
        Assert.True(run.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "list_directory").TryGetProperty("outputSchema", out _));
        // An icon and _meta in the protocol's own form (the SDK's schema parsed them).
        JsonElement fetch = run.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "fetch_page");
        Assert.StartsWith("data:image/svg+xml;base64,", fetch.GetProperty("icons")[0].GetProperty("src").GetString(), StringComparison.Ordinal);
        Assert.True(fetch.GetProperty("_meta").GetProperty("io.typedtools/untrusted").GetBoolean());
        JsonElement[] calls = [.. run.GetProperty("calls").EnumerateArray()];
        Assert.All(calls, c => Assert.False(c.TryGetProperty("error", out JsonElement e), "the TypeScript client threw: " + e));
        Assert.Equal("""{"File":1,"Directory":1}""", calls[0].GetProperty("result").GetProperty("structuredContent").GetProperty("counts").GetRawText());
        Assert.Equal(2, calls[1].GetProperty("result").GetProperty("structuredContent").GetProperty("matches")[0].GetProperty("line").GetInt32());
        Assert.Equal("buy milk\nread the spec\n", calls[2].GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_refusal_reaches_the_TypeScript_client_as_a_refusal_on_tools_with_and_without_an_output_schema()
    {
        // The client checks structured content against the tool's output schema even on an error result: a refusal's
        // {"error": ...} there made it throw, and the model saw an exception instead of what to fix. It travels in _meta.
        JsonElement run = await RunAsync(Notes,
            ("list_directory", """{"path":"../etc"}"""),
            ("list_directory", """{"path":".","depth":2}"""),
            ("search_files", """{"query":{"text":""}}"""),
            ("read_file", """{"path":"notes/todo.md","admin":true}"""));

        JsonElement[] calls = [.. run.GetProperty("calls").EnumerateArray()];
        Assert.All(calls, c => Assert.False(c.TryGetProperty("error", out JsonElement e), "the TypeScript client threw: " + e));
        string[] codes = [.. calls.Select(c => c.GetProperty("result")).Select(r =>
        {
            Assert.True(r.GetProperty("isError").GetBoolean());
            Assert.StartsWith("The call to '", r.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
            JsonElement carrier = r.TryGetProperty("structuredContent", out JsonElement structured) ? structured
                : r.GetProperty("_meta").GetProperty(TypedTools.Results.ToolResults.ErrorContentKey);
            return carrier.GetProperty("error").GetProperty("code").GetString()!;
        })];
        Assert.Equal(["policy.path_forbidden_form", "argument.unknown_field", "argument.length", "argument.unknown_field"], codes);
        // read_file has no output schema: its refusal keeps structuredContent.error.
        Assert.True(calls[3].GetProperty("result").TryGetProperty("structuredContent", out _));
        Assert.False(calls[0].GetProperty("result").TryGetProperty("structuredContent", out _));
    }
}
