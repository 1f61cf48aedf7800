using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Audit;
using TypedTools.Audit.Postgres;
using TypedTools.Policy;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>One private PostgreSQL server for the class (started on loopback in a temporary directory).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>
/// The central PostgreSQL audit sink against a real server: records land exactly (the same chained lines as the JSON
/// Lines log), concurrent callers share commits, a record is committed before the call runs, an outage fails
/// closed, retention keeps the chains verifiable, and the CLI reads the database.
/// </summary>
public sealed class PostgresAuditTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("typedtools-pgaudit-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuditRecord Record(int i, DateTimeOffset? at = null) => new()
    {
        Type = AuditRecordTypes.Decision, Timestamp = at ?? DateTimeOffset.UtcNow, RequestId = "r" + i, Tool = "t" + (i % 3), Decision = i % 2 == 0 ? "allow" : "deny",
        Reason = i % 2 == 0 ? null : "policy.path_outside_root", Principal = "alice", Arguments = Encoding.UTF8.GetBytes($$"""{"n":{{i}},"text":"ü \" <b>"}"""),
    };

    [Fact]
    public async Task A_tool_call_is_committed_before_it_runs_with_the_same_chained_lines_as_the_JSON_Lines_log()
    {
        string database = await fixture.Server.CreateDatabaseAsync(Ct);
        string log = Path.Join(_directory, "audit.jsonl");
        long rowsWhenTheToolRan = -1;
        await using (InMemoryServer server = await InMemoryServer.StartAsync(s =>
                     {
                         s.AddSingleton<Tools.ICounter>(new Tools.Counter());
                         s.AddTypedToolsPostgresAudit(database, o => o.ChainId = "replica-a");
                         // The tool's own body looks at the database: its decision record must already be there.
                         s.AddSingleton(new Tools.AuditProbe(log, () => rowsWhenTheToolRan = CountRows(database)));
                     }, policy: o => o.Audit.JsonLinesPath = log))
        {
            CallToolResult ran = await server.Client.CallToolAsync("audit_peek", cancellationToken: Ct);
            Refusals.AssertOk(ran);
            CallToolResult denied = await server.Client.CallToolAsync("doc_read", Json.Args("""{"path":"../escape.txt"}"""), cancellationToken: Ct);
            Assert.True(denied.IsError);
        }

        Assert.Equal(1, rowsWhenTheToolRan); // the write-ahead decision record, committed before the body ran
        List<AuditLine> rows = [.. PostgresAuditReader.ReadLines(database)];
        Assert.Equal(AuditLogReader.ReadJsonLines(log).Select(l => Encoding.UTF8.GetString(l.Bytes)), rows.Select(l => Encoding.UTF8.GetString(l.Bytes)));
        PostgresAuditChain chain = Assert.Single(PostgresAuditReader.ReadChains(database));
        Assert.Equal("replica-a", chain.Chain);
        Assert.True(AuditVerifier.Verify(chain.Lines, chain.StartHash).Valid);
        Assert.Equal("policy.path_forbidden_form", await ScalarAsync(database, "SELECT reason FROM typedtools_audit WHERE tool = 'doc_read' AND decision = 'deny'"));
    }

    [Fact]
    public async Task Concurrent_records_share_commits_and_two_writers_keep_two_intact_chains()
    {
        string database = await fixture.Server.CreateDatabaseAsync(Ct);
        await using (var a = new PostgresAuditSink(new PostgresAuditOptions { ConnectionString = database, ChainId = "a" }))
        await using (var b = new PostgresAuditSink(new PostgresAuditOptions { ConnectionString = database, ChainId = "b" }))
        {
            await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () => await (i % 2 == 0 ? a : b).AppendAsync(Record(i), Ct))));
            Assert.True(a.Commits < 200 && b.Commits < 200, $"group commit: {a.Commits} and {b.Commits} commits for 200 records each");
        }

        Assert.Equal(400L, await ScalarAsync(database, "SELECT count(*) FROM typedtools_audit"));
        IReadOnlyList<PostgresAuditChain> chains = PostgresAuditReader.ReadChains(database);
        Assert.Equal(["a", "b"], chains.Select(c => c.Chain).Order());
        Assert.All(chains, c => Assert.True(AuditVerifier.Verify(c.Lines, c.StartHash).Valid));
        Assert.All(chains, c => Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), c.Lines.Select(l => l.Number)));

        // A writer restarted with the same chain id continues its chain.
        await using (var again = new PostgresAuditSink(new PostgresAuditOptions { ConnectionString = database, ChainId = "a" }))
        {
            await again.AppendAsync(Record(1000), Ct);
        }
        PostgresAuditChain continued = PostgresAuditReader.ReadChains(database).Single(c => c.Chain == "a");
        Assert.Equal(201, continued.Lines.Count);
        Assert.True(AuditVerifier.Verify(continued.Lines).Valid);

        // Editing a row's line breaks its chain, and the verifier says where.
        await ScalarAsync(database, "UPDATE typedtools_audit SET line = replace(line, '\"r10\"', '\"rX\"') WHERE chain = 'a' AND request_id = 'r10'");
        Assert.False(AuditVerifier.Verify(PostgresAuditReader.ReadChains(database).Single(c => c.Chain == "a").Lines).Valid);
    }

    [Fact]
    public async Task Retention_deletes_old_records_and_each_chain_still_verifies_from_its_anchor()
    {
        string database = await fixture.Server.CreateDatabaseAsync(Ct);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await using (var sink = new PostgresAuditSink(new PostgresAuditOptions { ConnectionString = database, ChainId = "r" }))
        {
            for (int i = 0; i < 10; i++)
            {
                await sink.AppendAsync(Record(i, now - TimeSpan.FromDays(10 - i)), Ct); // 10 days ago ... 1 day ago
            }
        }

        long deleted = await PostgresAuditRetention.DeleteOlderThanAsync(database, now - TimeSpan.FromDays(3.5), Ct);

        Assert.Equal(7, deleted); // 10 .. 4 days old
        PostgresAuditChain chain = Assert.Single(PostgresAuditReader.ReadChains(database));
        Assert.Equal(["r7", "r8", "r9"], chain.Lines.Select(l => JsonDocument.Parse(l.Bytes).RootElement.GetProperty("requestId").GetString()));
        Assert.NotEqual(AuditChain.Genesis, chain.StartHash);
        Assert.True(AuditVerifier.Verify(chain.Lines, chain.StartHash).Valid);
        Assert.False(AuditVerifier.Verify(chain.Lines).Valid); // from genesis it would not: the anchor is what makes it verifiable

        // The CLI verifies every chain from its start, and queries the table.
        (int code, string output) = Cli("audit", "verify", database);
        Assert.Equal((0, "OK: 3 records in 1 chain(s), hash chains intact."), (code, output.Trim()));
        (code, output) = Cli("audit", "show", database, "--decision", "deny", "--json");
        Assert.Equal(0, code);
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // r7 and r9, the denials left

        // A query column edited behind the chain's back (an allow turned into a deny) is caught too.
        await ScalarAsync(database, "UPDATE typedtools_audit SET decision = 'deny' WHERE request_id = 'r8'");
        (code, output) = Cli("audit", "verify", database);
        Assert.Equal(1, code);
        Assert.Contains("the column 'decision' does not match", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outage_fails_closed_calls_are_refused_and_nothing_runs_unaudited()
    {
        await using PostgresServer own = await PostgresServer.StartAsync(Ct);
        var counter = new Tools.Counter();
        await using InMemoryServer server = await InMemoryServer.StartAsync(s =>
        {
            s.AddSingleton<Tools.ICounter>(counter);
            s.AddTypedToolsPostgresAudit(own.ConnectionString);
        }, client: Confirmations.Yes().ClientOptions());

        Refusals.AssertOk(await server.Client.CallToolAsync("count", cancellationToken: Ct));
        await own.KillAsync(Ct);

        CallToolResult refused = await server.Client.CallToolAsync("count", cancellationToken: Ct);
        Refusals.AssertSingle(refused, PolicyCodes.AuditUnavailable, "");
        Assert.Equal(2, counter.Next()); // the second call never ran

        // The database back does not reopen a sink that lost a write: it stays closed until the server restarts it.
        await own.StartInstanceAsync(Ct);
        Refusals.AssertSingle(await server.Client.CallToolAsync("count", cancellationToken: Ct), PolicyCodes.AuditUnavailable, "");
        Assert.Equal(3, counter.Next());
    }

    private static (int Code, string Output) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = TypedTools.Cli.CliApp.Run(args, output, error);
        return (code, output.ToString() + error);
    }

    private static long CountRows(string database)
    {
        using var connection = new Npgsql.NpgsqlConnection(database);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM typedtools_audit", connection);
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
