using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Cli;
using TypedTools.Policy;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>typedtools audit show|stats|verify over logs written by a real server, in both formats.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("typedtools-cli-").FullName;

    private string Log => Path.Join(_directory, "audit.jsonl");

    private string Database => Path.Join(_directory, "audit.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A session of known calls: 6 allowed, 1 unknown field, 1 wrong type, 1 path denial, 1 declined confirmation, 1 failure.</summary>
    private async Task WriteSessionAsync()
    {
        bool yes = true;
        var options = new ModelContextProtocol.Client.McpClientOptions
        {
            Handlers = new ModelContextProtocol.Client.McpClientHandlers
            {
                ElicitationHandler = (_, _) => ValueTask.FromResult(yes ? Confirmations.Accept(true) : new ElicitResult { Action = "decline" }),
            },
        };
        await using InMemoryServer server = await InMemoryServer.StartAsync(s =>
        {
            s.AddSingleton<Tools.ICounter, Tools.Counter>();
            s.AddTypedToolsSqliteAudit(Database);
        }, policy: o => o.Audit.JsonLinesPath = Log, client: options);
        async Task<CallToolResult> Call(string tool, string json) =>
            await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: TestContext.Current.CancellationToken);

        for (int i = 0; i < 5; i++)
        {
            Refusals.AssertOk(await Call("doc_optional", "{}"));
        }
        Refusals.AssertOk(await Call("count", "{}"));
        await Call("doc_optional", """{"extra":1}""");
        await Call("doc_optional", """{"path":5}""");
        await Call("doc_read", """{"path":"/etc/passwd"}""");
        yes = false;
        await Call("count", "{}");
        await Call("throws", "{}");
    }

    [Fact]
    public async Task Verify_accepts_an_intact_log_in_either_format_and_names_the_first_broken_record()
    {
        await WriteSessionAsync();

        var ok = Run("audit", "verify", Log);
        Assert.Equal((CliApp.Ok, ""), (ok.Code, ok.Error));
        Assert.StartsWith("OK: ", ok.Output, StringComparison.Ordinal);
        Assert.Equal(CliApp.Ok, Run("audit", "verify", Database).Code);

        // In SQLite an edited query column (the line untouched) is caught too.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit SET decision = 'allow' WHERE decision = 'deny' AND seq = (SELECT MIN(seq) FROM audit WHERE decision = 'deny')";
            Assert.Equal(1, update.ExecuteNonQuery());
        }
        var edited = Run("audit", "verify", Database);
        Assert.Equal(CliApp.Broken, edited.Code);
        Assert.Contains("the column 'decision' does not match", edited.Output, StringComparison.Ordinal);

        string[] lines = File.ReadAllLines(Log);
        File.WriteAllLines(Log, lines.Where((_, i) => i != 3));
        var broken = Run("audit", "verify", Log);
        Assert.Equal(CliApp.Broken, broken.Code);
        Assert.Contains($"{Log}:4", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_and_stats_skip_lines_that_are_not_records_instead_of_failing()
    {
        // Someone who can write the log can add lines no sink writes: not an object, half a surrogate pair in a name or a
        // value (System.Text.Json throws on those). The reading tools once died on them with an unhandled exception.
        await WriteSessionAsync();
        Assert.Equal((CliApp.Ok, ""), (Run("audit", "show", Log).Code, Run("audit", "stats", Log).Error)); // a sink's log: every line a record
        File.AppendAllLines(Log, ["[1]", """{"\ud800":1}""", """{"type":"call","timestamp":"2026-11-25T00:00:00Z","tool":"\udc00x","decision":"deny"}"""]);

        var show = Run("audit", "show", Log);
        Assert.Equal(CliApp.Ok, show.Code);
        Assert.Contains("skipped 3 line(s) that are not audit records", show.Error, StringComparison.Ordinal);
        var (code, output, error) = Run("audit", "stats", Log, "--json");
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("skipped 3 line(s)", error, StringComparison.Ordinal);
        using JsonDocument stats = JsonDocument.Parse(output);
        Assert.Equal(11, stats.RootElement.GetProperty("calls").GetInt32()); // the session's calls, and nothing from the junk
        Assert.Equal("BROKEN", Run("audit", "verify", Log).Output[..6]);
    }

    [Theory]
    [InlineData("""{"type":"call","timestamp":"2026-11-25T00:00:00.0000001Z","tool":"x"}""", null)]
    [InlineData("""[1]""", "type")]
    [InlineData("""{"type":5,"timestamp":"2026-11-25T00:00:00Z","tool":"x"}""", "type")]
    [InlineData("""{"type":"call","timestamp":"not a time","tool":"x"}""", "timestamp")]
    [InlineData("""{"type":"call","timestamp":"2026-11-25T00:00:00Z","tool":"\ud800"}""", "tool")]
    [InlineData("""{"\ud800":1,"type":"call","timestamp":"2026-11-25T00:00:00Z","tool":"x"}""", "some column")]
    public void A_line_value_that_cannot_be_read_matches_no_column(string line, string? mismatch)
    {
        // The SQLite and PostgreSQL verifiers compare each row's query columns with its chained line (after the chain
        // checks out); a line they cannot read is a mismatch to report, not an exception. (Half a surrogate pair in a name
        // breaks the look-up of some absent column: which one depends on how System.Text.Json skips names by length.)
        string? Column(string name) => name switch { "type" => "call", "timestamp" => "2026-11-25T00:00:00Z", "tool" => "x", _ => null };
        string? found = TypedTools.Audit.AuditColumns.FirstMismatch(System.Text.Encoding.UTF8.GetBytes(line), Column, TimeSpan.FromTicks(10));
        if (mismatch == "some column")
        {
            Assert.Contains(found, TypedTools.Audit.AuditColumns.Checked);
        }
        else
        {
            Assert.Equal(mismatch, found);
        }
    }

    [Fact]
    public async Task Stats_report_the_operational_signals()
    {
        await WriteSessionAsync();

        foreach (string log in new[] { Log, Database })
        {
            var (code, output, error) = Run("audit", "stats", log, "--json");
            Assert.Equal((CliApp.Ok, ""), (code, error)); // every line a sink wrote is a record: nothing skipped
            using JsonDocument stats = JsonDocument.Parse(output);
            JsonElement root = stats.RootElement;
            Assert.Equal(11, root.GetProperty("calls").GetInt32());
            Assert.Equal(7, root.GetProperty("allowed").GetInt32());
            Assert.Equal(4, root.GetProperty("denied").GetInt32());
            Assert.Equal(1, root.GetProperty("denialsByReason").GetProperty("argument.unknown_field").GetInt32());
            Assert.Equal(1, root.GetProperty("denialsByReason").GetProperty(PolicyCodes.ConfirmationDeclined).GetInt32());
            Assert.Equal(2, root.GetProperty("requiringConfirmation").GetInt32());
            Assert.Equal(1, root.GetProperty("confirmationOutcomes").GetProperty("accepted").GetInt32());
            Assert.Equal(7, root.GetProperty("unexpectedArgumentsByTool").GetProperty("doc_optional").GetProperty("calls").GetInt32());
            Assert.Equal(1, root.GetProperty("unexpectedArgumentsByTool").GetProperty("doc_optional").GetProperty("unexpected").GetInt32());
            Assert.Equal(1, root.GetProperty("errorsByToolAndRole").GetProperty("throws / -").GetInt32());
            Assert.True(root.GetProperty("persistP99Ms").GetDouble() >= root.GetProperty("persistP50Ms").GetDouble());
        }
        var text = Run("audit", "stats", Log);
        Assert.Contains("denials by reason:", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_warn_when_denials_spike_against_the_logs_baseline()
    {
        await using (InMemoryServer server = await InMemoryServer.StartAsync(policy: o => o.Audit.JsonLinesPath = Log))
        {
            for (int i = 0; i < 32; i++)
            {
                await server.Client.CallToolAsync("doc_optional", Json.Args("{}"), cancellationToken: TestContext.Current.CancellationToken);
            }
            for (int i = 0; i < 8; i++)
            {
                await server.Client.CallToolAsync("doc_optional", Json.Args("""{"inject":"x"}"""), cancellationToken: TestContext.Current.CancellationToken);
            }
        }
        Assert.Contains("WARNING: denials spiked", Run("audit", "stats", Log).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_filters_and_prints_a_table_or_the_records()
    {
        await WriteSessionAsync();

        var denied = Run("audit", "show", Log, "--decision", "deny", "--reason", "argument.*", "--json");
        Assert.Equal(CliApp.Ok, denied.Code);
        string[] records = denied.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["argument.unknown_field", "argument.type"], records.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("reason").GetString()));

        var table = Run("audit", "show", Log, "--tool", "count", "--limit", "3");
        Assert.Equal(4, table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // a header and three rows
        Assert.Contains("pending", table.Output, StringComparison.Ordinal);

        Assert.Empty(Run("audit", "show", Log, "--until", "2000-01-01T00:00:00Z", "--json").Output);
    }

    [Theory]
    [InlineData(CliApp.Usage, "audit")]
    [InlineData(CliApp.Usage, "audit", "explode", "x.jsonl")]
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--colour", "red")]
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--since", "yesterday")]
    [InlineData(CliApp.Unreadable, "audit", "verify", "/nonexistent/audit.jsonl")]
    // A filter value outside its set, a limit that is not a count, an option given twice, or one the command does not
    // take: each a usage error, never a filter that silently matches nothing or an option silently ignored.
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--decision", "alow")]
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--type", "call")]
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--limit", "x")]
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--limit", "-1")]
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--limit", "1.5")]
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--tool", "count", "--tool", "echo")]
    [InlineData(CliApp.Usage, "audit", "show", "LOG", "--json", "--json")]
    [InlineData(CliApp.Usage, "audit", "stats", "LOG", "--tool", "count")]
    [InlineData(CliApp.Usage, "audit", "verify", "LOG", "--json")]
    [InlineData(CliApp.Usage, "audit", "verify", "LOG", "--limit", "3")]
    // The same options where they belong.
    [InlineData(CliApp.Ok, "audit", "show", "LOG", "--decision", "pending", "--type", "decision", "--limit", "0")]
    [InlineData(CliApp.Ok, "audit", "stats", "LOG", "--json")]
    [InlineData(CliApp.Ok, "audit", "verify", "LOG")]
    public async Task Exit_codes_a_script_can_rely_on(int expected, params string[] args)
    {
        await WriteSessionAsync();
        var (code, _, error) = Run(args.Select(a => a == "LOG" ? Log : a).ToArray());
        Assert.Equal(expected, code);
        Assert.Equal(expected == CliApp.Ok, error.Length == 0);
    }
}
