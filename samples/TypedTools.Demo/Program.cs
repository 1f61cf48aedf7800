// The TypedTools demo: starts samples/Workspace.Server over stdio with a temporary workspace, connects the
// SDK's McpClient, lists the tools, then makes good calls and bad ones and prints what happened to each.
using System.Reflection;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

string server = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkspaceServer").Value!;
string root = Directory.CreateTempSubdirectory("typedtools-demo-").FullName;
string workspace = Directory.CreateDirectory(Path.Combine(root, "workspace")).FullName;
File.WriteAllText(Path.Combine(workspace, "README.md"), "# Demo workspace\nTypedTools checks every argument.\n");

try
{
    await using McpClient client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
    {
        Name = "workspace",
        Command = "dotnet",
        Arguments = [server, "--workspace", workspace, "--outbox", Path.Combine(root, "outbox.jsonl")],
    }));

    Console.WriteLine("TypedTools demo: samples/Workspace.Server over stdio, a real MCP client, a temporary workspace.");
    Console.WriteLine();
    Console.WriteLine("Tools (hints are always explicit: read-only / destructive / idempotent / open-world):");
    foreach (McpClientTool tool in (await client.ListToolsAsync()).OrderBy(t => t.Name, StringComparer.Ordinal))
    {
        ToolAnnotations a = tool.ProtocolTool.Annotations!;
        Console.WriteLine($"  {tool.Name,-15} {Flag(a.ReadOnlyHint, "read-only")} {Flag(a.DestructiveHint, "destructive")} {Flag(a.IdempotentHint, "idempotent")} {Flag(a.OpenWorldHint, "open-world")}");
    }
    Console.WriteLine();

    (string Tool, string Arguments, string Why)[] calls =
    [
        ("read_file", """{"path":"README.md"}""", "a valid read"),
        ("write_file", """{"path":"notes/plan.md","content":"ship it\n"}""", "a valid write"),
        ("search_files", """{"query":{"text":"typedtools","options":{"maxResults":5}}}""", "nested objects, structured result"),
        ("send_message", """{"message":{"to":"ana@example.org","subject":"Hi","body":"Done.","priority":"High"}}""", "nested object with an enum"),
        ("read_file", """{"path":"README.md","mode":"raw"}""", "an unexpected field"),
        ("read_file", """{"path":"README.md","maxBytes":"100"}""", "a number sent as a string"),
        ("read_file", """{"path":null}""", "null for a required string"),
        ("read_file", """{"maxBytes":10}""", "a missing argument"),
        ("read_file", """{"path":"README.md","maxBytes":0}""", "outside the declared [Range]"),
        ("search_files", """{"query":{"text":"x","options":{"maxResults":2.5,"regex":true}}}""", "two problems, nested"),
        ("send_message", """{"message":{"to":"ana@example.org","subject":"Hi","body":"b","priority":"Urgent"}}""", "a name outside the enum"),
        ("send_message", """{"message":{"to":"not-an-address","subject":"Hi","body":"b"}}""", "a [RegularExpression] mismatch"),
        ("fetch_page", """{"url":"//internal.example/admin"}""", "a relative URL"),
        ("delete_file", """{"path":"notes/plan.md","recursive":true}""", "a destructive call with an extra flag"),
        ("read_file", """{"path":"../../etc/passwd"}""", "traversal out of the workspace"),
    ];

    Console.WriteLine($"{"#",-3}{"tool",-14}{"what",-40}{"outcome"}");
    Console.WriteLine(new string('-', 110));
    int refused = 0;
    for (int i = 0; i < calls.Length; i++)
    {
        var (tool, json, why) = calls[i];
        CallToolResult result = await client.CallToolAsync(tool, Args(json));
        string outcome;
        if (result.IsError == true && result.StructuredContent is { } content && content.TryGetProperty("error", out JsonElement error))
        {
            refused++;
            string fields = error.TryGetProperty("details", out JsonElement details)
                ? string.Join(", ", details.EnumerateArray().Select(d => $"{d.GetProperty("code").GetString()} at {d.GetProperty("field").GetString()}"))
                : error.GetProperty("code").GetString() + (error.GetProperty("field").GetString() is { } f ? " at " + f : "");
            outcome = "REFUSED " + fields;
        }
        else
        {
            string text = string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text)).ReplaceLineEndings(" ");
            outcome = "ok      " + (text.Length > 60 ? text[..57] + "..." : text);
        }
        Console.WriteLine($"{i + 1,-3}{tool,-14}{why,-40}{outcome}");
    }
    Console.WriteLine();
    Console.WriteLine($"{calls.Length} calls: {calls.Length - refused} ran, {refused} refused before reaching the tool's code (or by the tool itself).");
    Console.WriteLine("What a model reads when a call is refused:");
    CallToolResult sample = await client.CallToolAsync("search_files", Args("""{"query":{"text":"x","options":{"maxResults":2.5,"regex":true}}}"""));
    Console.WriteLine("  " + string.Join("\n  ", sample.Content.OfType<TextContentBlock>().Single().Text.Split('\n')));
    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}

static string Flag(bool? value, string name) => value == true ? name : new string('.', name.Length);

static Dictionary<string, object?> Args(string json)
{
    using JsonDocument document = JsonDocument.Parse(json);
    return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
}
