using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Audit;
using TypedTools.Audit.Postgres;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Http;

/// <summary>
/// Two samples/Workspace.Http processes sharing Redis and PostgreSQL; callers write files through confirmed calls on
/// both while one process is killed with SIGKILL: every file on disk (a call that ran) has its allowed decision record
/// in PostgreSQL, written before the file was.
/// </summary>
public sealed class ReplicaKillTests(SharedInfrastructure shared) : IClassFixture<SharedInfrastructure>, IDisposable
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("typedtools-kill-").FullName;
    private readonly List<HttpSampleProcess> _servers = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpSampleProcess> StartAsync(string replica, string database, string key)
    {
        HttpSampleProcess server = await HttpSampleProcess.StartAsync(["--replica", replica, "--workspace", _workspace,
            "--outbox", Path.Join(_workspace, "..", Path.GetFileName(_workspace) + "-outbox.jsonl"), "--key", "k=writer:editor",
            "--redis", shared.Redis.Configuration, "--postgres", database], new Dictionary<string, string> { ["TYPEDTOOLS_CONFIRMATION_KEY"] = key }, Ct);
        _servers.Add(server);
        return server;
    }

    [Fact]
    public async Task Killing_a_replica_mid_load_loses_no_audit_record_of_a_call_that_ran()
    {
        string database = await shared.Postgres.CreateDatabaseAsync(Ct);
        string key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Uri a = (await StartAsync("a", database, key)).Endpoint;
        HttpSampleProcess victim = await StartAsync("b", database, key);
        Uri b = victim.Endpoint;
        int done = 0;

        async Task Caller(int caller)
        {
            Uri url = caller % 2 == 0 ? a : b;
            McpClient? client = null;
            for (int i = 0; i < 15; i++)
            {
                try
                {
                    client ??= await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
                    {
                        Endpoint = url,
                        AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer k" },
                    }), Confirmations.Yes().ClientOptions(), cancellationToken: Ct);
                    await client.CallToolAsync("write_file", Json.Args($$"""{"path":"c{{caller}}-{{i}}.txt","content":"{{caller}}/{{i}}"}"""), cancellationToken: Ct);
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or ModelContextProtocol.McpException or TaskCanceledException)
                {
                    url = a; // the survivor
                    client = null;
                }
                Interlocked.Increment(ref done);
            }
        }

        Task load = Task.WhenAll(Enumerable.Range(0, 8).Select(Caller));
        while (Volatile.Read(ref done) < 40 && !load.IsCompleted)
        {
            await Task.Delay(5, Ct);
        }
        victim.Kill();
        await load;

        // Every file that exists is a call that ran: each has its allowed decision, committed before the method ran.
        string[] written = [.. Directory.GetFiles(_workspace, "c*.txt").Select(Path.GetFileName).OfType<string>()];
        Assert.True(written.Length > 40, $"only {written.Length} files were written");
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (AuditLine line in PostgresAuditReader.ReadLines(database))
        {
            using var record = System.Text.Json.JsonDocument.Parse(line.Bytes);
            if (record.RootElement.GetProperty("type").GetString() == "decision" && record.RootElement.GetProperty("decision").GetString() == "allow" &&
                record.RootElement.GetProperty("tool").GetString() == "write_file")
            {
                allowed.Add(Path.GetFileName(record.RootElement.GetProperty("arguments").GetProperty("path").GetString()!));
            }
        }
        Assert.All(written, file => Assert.Contains(file, allowed));
        Assert.All(PostgresAuditReader.ReadChains(database), c => Assert.True(AuditVerifier.Verify(c.Lines, c.StartHash).Valid, c.Chain));
        TestContext.Current.TestOutputHelper?.WriteLine($"{written.Length} files written, {allowed.Count} allowed decisions, replica b killed after {done} calls");
    }

    public void Dispose()
    {
        _servers.ForEach(server => server.Dispose());
        Directory.Delete(_workspace, recursive: true);
    }
}
