using System.Diagnostics;
using System.Text.Json;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.EndToEnd;

/// <summary>
/// What no SDK client sends: a top-level argument repeated in the same object, or a confirmation state and an
/// answer made up by the client. Written as raw JSON-RPC lines on the server's stdin, as any client (or attacker) could.
/// </summary>
public sealed class RawProtocolTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("typedtools-raw-").FullName;
    private readonly Process _server;

    public RawProtocolTests()
    {
        string workspace = Directory.CreateDirectory(Path.Combine(_root, "ws")).FullName;
        File.WriteAllText(Path.Combine(workspace, "public.txt"), "public");
        File.WriteAllText(Path.Combine(workspace, "secret.txt"), "secret");
        _server = Process.Start(WorkspaceServerProcess.StartInfo(workspace, Path.Combine(_root, "outbox.jsonl")))!;
        _ = _server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    private string Workspace => Path.Combine(_root, "ws");

    public async ValueTask DisposeAsync()
    {
        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        _server.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<JsonElement> Request(string json, int id)
    {
        await _server.StandardInput.WriteLineAsync(json);
        await _server.StandardInput.FlushAsync();
        while (true)
        {
            string? line = await _server.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken)
                .AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.NotNull(line);
            using JsonDocument message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("id", out JsonElement got) && got.GetInt32() == id)
            {
                return message.RootElement.Clone();
            }
        }
    }

    /// <summary>Initialises a session that declares elicitation support (so confirmations can be asked).</summary>
    private async Task InitializeAsync()
    {
        await Request("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"1"}}}""", 1);
        await _server.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
    }

    private static JsonElement Error(JsonElement response)
    {
        JsonElement result = response.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean());
        // A tool with an output schema carries a refusal's structured content in _meta (Refusals.Error).
        return (result.TryGetProperty("structuredContent", out JsonElement structured) ? structured
            : result.GetProperty("_meta").GetProperty(TypedTools.Results.ToolResults.ErrorContentKey)).GetProperty("error");
    }

    [Fact]
    public async Task A_repeated_top_level_argument_is_refused_not_resolved()
    {
        await InitializeAsync();

        JsonElement response = await Request(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"public.txt","path":"secret.txt"}}}""", 2);

        JsonElement error = Error(response);
        Assert.Equal("argument.duplicate_field", error.GetProperty("code").GetString());
        Assert.Equal("path", error.GetProperty("field").GetString());
        Assert.DoesNotContain("secret", response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());

        JsonElement single = await Request(
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"public.txt"}}}""", 3);
        Assert.Equal("public", single.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("""{"name":"search_files","arguments":{"query":{"text":"x","\ud800":1}}}""", "argument.unknown_field", "query.(a name that is not valid Unicode)")]
    [InlineData("""{"name":"list_directory","arguments":{"include":["Files","\udc00"]}}""", "argument.enum", "include[1]")]
    public async Task Half_a_surrogate_pair_in_a_nested_name_or_an_enum_value_never_fails_a_check(string call, string code, string field)
    {
        // A client's serializer will not write an unpaired surrogate escape; a raw request can. The SDK (2.4.0) refuses
        // such a request itself, with a JSON-RPC error, before any tool sees it. Should it ever pass one on, the tool's
        // parser refuses it as arguments, with its path (ValidateArgumentsTests), never through the pipeline's catch-all.
        // Either way the server goes on serving.
        await InitializeAsync();

        JsonElement response = await Request("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":""" + call + "}", 2);
        if (!response.TryGetProperty("error", out _))
        {
            JsonElement error = Error(response);
            Assert.Equal((code, field), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
        }

        JsonElement listing = await Request("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_directory","arguments":{}}}""", 3);
        Assert.False(listing.GetProperty("result").TryGetProperty("isError", out JsonElement isError) && isError.GetBoolean());
    }

    [Theory]
    [InlineData(""","requestState":"v1.eyJ0IjoiZGVsZXRlX2ZpbGUifQ.c2lnbmF0dXJl","inputResponses":{"confirm":{"action":"accept","content":{"confirm":true}}}""")]
    [InlineData(""","requestState":"approved","inputResponses":{"confirm":{"action":"accept","content":{"confirm":true}}}""")]
    [InlineData(""","inputResponses":{"confirm":{"action":"accept","content":{"confirm":true}}}""")]
    public async Task Launch_test_4_a_forged_confirmation_is_refused_and_nothing_is_deleted(string forged)
    {
        await InitializeAsync();

        JsonElement response = await Request(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_file","arguments":{"path":"secret.txt"}""" + forged + "}}", 2);

        Assert.Equal("policy.confirmation_invalid", Error(response).GetProperty("code").GetString());
        Assert.True(File.Exists(Path.Combine(Workspace, "secret.txt")));
    }
}
