using System.Net;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Http;

/// <summary>samples/Workspace.Http as its README runs it: a separate process on loopback, callers with bearer keys.</summary>
public sealed class HttpSampleTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("typedtools-http-sample-").FullName;
    private HttpSampleProcess _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri Endpoint => _server.Endpoint;

    public async ValueTask InitializeAsync()
    {
        File.WriteAllText(Path.Join(_directory, "notes.txt"), "hello");
        _server = await HttpSampleProcess.StartAsync(["--workspace", _directory, "--outbox", Path.Join(_directory, "outbox.jsonl"),
            "--key", "k-reader=alice:reader", "--key", "k-editor=bob:editor"], null, Ct);
    }

    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<McpClient> Connect(string key) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
        }), cancellationToken: Ct);

    [Fact]
    public async Task Callers_authenticate_and_see_what_their_role_allows()
    {
        await using McpClient reader = await Connect("k-reader");
        await using McpClient editor = await Connect("k-editor");

        Assert.DoesNotContain(await reader.ListToolsAsync(cancellationToken: Ct), t => t.Name == "write_file");
        Assert.Contains(await editor.ListToolsAsync(cancellationToken: Ct), t => t.Name == "write_file");
        Assert.Equal("hello", Refusals.Text(await reader.CallToolAsync("read_file", Json.Args("""{"path":"notes.txt"}"""), cancellationToken: Ct)));
        Refusals.AssertSingle(await reader.CallToolAsync("delete_file", Json.Args("""{"path":"notes.txt"}"""), cancellationToken: Ct), PolicyCodes.ToolNotAllowed, "");
        Assert.True(File.Exists(Path.Join(_directory, "notes.txt")));
    }

    [Fact]
    public async Task Anonymous_and_unknown_callers_are_turned_away()
    {
        using var http = new HttpClient();
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json") };
        anonymous.Headers.Accept.ParseAdd("application/json");
        anonymous.Headers.Accept.ParseAdd("text/event-stream");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(anonymous, Ct)).StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => Connect("k-wrong"));
    }
}
