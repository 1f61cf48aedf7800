using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Audit;
using TypedTools.Audit.Sqlite;
using TypedTools.Policy;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>The audit trail through a real client and server, in both sinks: what each call leaves, durability, the chain.</summary>
public sealed class AuditTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("typedtools-audit-").FullName;

    private string Log => Path.Join(_directory, "audit.jsonl");

    private string Database => Path.Join(_directory, "audit.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    private Task<InMemoryServer> Start(Confirmations? person = null, Action<TypedToolsOptions>? policy = null, bool sqlite = false, Tools.Counter? counter = null) =>
        InMemoryServer.StartAsync(s =>
        {
            s.AddSingleton<Tools.ICounter>(counter ?? new Tools.Counter());
            s.AddSingleton(new Tools.AuditProbe(Log));
            if (sqlite)
            {
                s.AddTypedToolsSqliteAudit(Database);
            }
        }, policy: o =>
        {
            o.Audit.JsonLinesPath = Log;
            policy?.Invoke(o);
        }, client: (person ?? Confirmations.Yes()).ClientOptions());

    private static async Task<CallToolResult> Call(InMemoryServer server, string tool, string json) =>
        await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: Ct);

    private List<JsonElement> Records() =>
        AuditLogReader.ReadJsonLines(Log).Where(l => !l.Torn).Select(l => JsonDocument.Parse(l.Bytes).RootElement.Clone()).ToList();

    private static string? Field(JsonElement record, string name) => record.TryGetProperty(name, out JsonElement value) ? value.ToString() : null;

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "auditor" }, "auditor")]
    [InlineData(new[] { "auditor", "admin" }, "auditor,admin")]
    public async Task The_decision_record_names_the_callers_roles(string[] roles, string? expected)
    {
        var claims = new List<System.Security.Claims.Claim> { new(System.Security.Claims.ClaimTypes.NameIdentifier, "ana"), new("tenant", "acme") };
        claims.AddRange(roles.Select(r => new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, r)));
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, "test"));
        await using (InMemoryServer server = await Start(policy: o => o.LocalUser = user))
        {
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
        }

        JsonElement decision = Records().Single(r => Field(r, "type") == "decision");
        Assert.Equal(expected, Field(decision, "role"));
    }

    [Fact]
    public async Task Every_call_leaves_exactly_the_records_it_should_in_both_sinks()
    {
        await using (InMemoryServer server = await Start(sqlite: true))
        {
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));                                   // allowed
            Refusals.AssertSingle(await Call(server, "doc_optional", """{"path":5}"""), "argument.type", "path"); // malformed
            Refusals.AssertSingle(await Call(server, "doc_read", """{"path":"/etc/passwd"}"""), PolicyCodes.PathOutsideRoot, "path"); // denied
            Refusals.AssertOk(await Call(server, "count", "{}"));                                          // confirmed (multi-round-trip)
            Assert.True((await Call(server, "throws", "{}")).IsError);                                    // the method fails
        }

        List<JsonElement> records = Records();
        var byTool = records.GroupBy(r => Field(r, "tool")).ToDictionary(g => g.Key!, g => g.ToList());

        // doc_optional: an allowed call (decision + outcome), then a malformed one (one decision record).
        var optional = byTool["doc_optional"];
        Assert.Equal(["decision allow ", "outcome  ok", "decision deny denied"], optional.Select(r => $"{Field(r, "type")} {Field(r, "decision")} {Field(r, "status")}"));
        Assert.Equal("""{"path":null}""", optional[0].GetProperty("arguments").GetRawText());
        Assert.Equal("validated", Field(optional[0], "argumentsKind"));
        Assert.Equal("argument.type", Field(optional[2], "reason"));
        Assert.Equal("""{"path":"number"}""", optional[2].GetProperty("arguments").GetRawText());
        Assert.Equal("shape", Field(optional[2], "argumentsKind"));

        JsonElement denied = Assert.Single(byTool["doc_read"]);
        Assert.Equal((PolicyCodes.PathOutsideRoot, "denied", "deny"), (Field(denied, "reason"), Field(denied, "status"), Field(denied, "decision")));

        // count: the question went out (pending), the retry carried the answer (allow, accepted), then the outcome.
        Assert.Equal(["pending requested pending", "allow accepted ", " ok"],
            byTool["count"].Select(r => $"{Field(r, "decision")} {Field(r, "confirmation")} {Field(r, "status")}".Replace("  ", " ")));

        JsonElement failed = byTool["throws"].Last();
        Assert.Equal(("error", "System.InvalidOperationException"), (Field(failed, "status"), Field(failed, "exception")));
        Assert.DoesNotContain("secret internal detail", File.ReadAllText(Log), StringComparison.Ordinal);

        foreach (JsonElement record in records)
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$", Field(record, "timestamp"));
            Assert.Equal(32, Field(record, "requestId")!.Length);
            if (Field(record, "type") == "decision")
            {
                Assert.NotNull(Field(record, "rpcId"));
                Assert.Equal(64, Field(record, "toolHash")!.Length);
            }
        }
        // The requestId the model saw in a refusal is the one in the log.
        Assert.True(AuditVerifier.Verify(AuditLogReader.ReadJsonLines(Log)).Valid);

        // The SQLite sink holds the same records, in the same chain.
        var sqlite = SqliteAuditReader.ReadLines(Database).ToList();
        Assert.Equal(AuditLogReader.ReadJsonLines(Log).Select(l => Encoding.UTF8.GetString(l.Bytes)), sqlite.Select(l => Encoding.UTF8.GetString(l.Bytes)));
        Assert.True(AuditVerifier.Verify(sqlite).Valid);
    }

    [Fact]
    public async Task A_calls_records_keep_its_own_time_when_the_wall_clock_steps_back()
    {
        // The wall clock is read once at the call's start; later moments are the start plus the monotonic time elapsed.
        // So an NTP step during the call (here: an hour back after the first read) cannot put the outcome before the
        // decision, and each record's time is the start plus the duration it states.
        var start = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var clock = new SteppingClock(start);
        var sink = new MemoryAuditSink();
        await using (InMemoryServer server = await InMemoryServer.StartAsync(s => s.AddSingleton<TimeProvider>(clock).AddSingleton<IAuditSink>(sink)))
        {
            clock.StepBackAfterNextRead = true;
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
        }

        JsonElement[] records = [.. sink.Lines().Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["decision", "outcome"], records.Select(r => Field(r, "type")));
        DateTimeOffset decided = records[0].GetProperty("timestamp").GetDateTimeOffset();
        DateTimeOffset finished = records[1].GetProperty("timestamp").GetDateTimeOffset();
        double durationMs = records[1].GetProperty("durationMs").GetDouble();
        Assert.True(start < decided && decided < finished, $"{start:O} < {decided:O} < {finished:O}");
        Assert.Equal(durationMs, (finished - start).TotalMilliseconds, 3);
        // The request id carries the same start (its first 48 bits are the Unix milliseconds).
        long idMilliseconds = Convert.ToInt64(Field(records[0], "requestId")![..12], 16);
        Assert.Equal(start.ToUnixTimeMilliseconds(), idMilliseconds);
        Assert.True(clock.SteppedBack);
    }

    /// <summary>A wall clock that, once told, steps an hour back after its next read; a monotonic clock that advances 1 ms per read.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks;
        private DateTimeOffset _now = start;

        public bool StepBackAfterNextRead { get; set; }

        public bool SteppedBack { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            DateTimeOffset now = _now;
            if (StepBackAfterNextRead)
            {
                (StepBackAfterNextRead, SteppedBack, _now) = (false, true, now.AddHours(-1));
            }
            return now;
        }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public async Task The_write_ahead_record_is_durable_before_the_method_runs()
    {
        await using InMemoryServer server = await Start();
        Assert.Equal(1, (await Call(server, "audit_peek", "{}")).StructuredContent!.Value.GetProperty("result").GetInt32());
        Assert.Equal(2, (await Call(server, "audit_peek", "{}")).StructuredContent!.Value.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task The_response_waits_for_the_write_ahead_record_but_not_for_the_outcome_which_still_lands_in_order()
    {
        var sink = new GatedSink();
        await using (InMemoryServer server = await InMemoryServer.StartAsync(s =>
                     {
                         s.AddSingleton<Tools.ICounter>(new Tools.Counter());
                         s.AddSingleton<IAuditSink>(sink);
                     }))
        {
            // The outcome's append is held at the gate; the answer comes anyway.
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
            Refusals.AssertSingle(await Call(server, "doc_optional", """{"path":5}"""), "argument.type", "path");
            Assert.False(sink.Held.Task.IsCompleted);

            // Taken in call order although the first call's outcome was not yet durable.
            Assert.Equal(["decision allow", "outcome ok", "decision deny"], sink.Taken.Select(r => $"{r.Type} {r.Decision ?? r.Status}"));

            // A failed outcome is counted, and the call it belongs to has long been answered.
            using var failures = new TelemetryMeasurements<long>("typedtools.audit.failures");
            sink.Held.SetException(new IOException("the device went away"));
            await WaitUntil(() => failures.Taken.Any(m => (string?)m.Tags["type"] == AuditRecordTypes.Outcome));
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }
        Assert.True(condition());
    }

    /// <summary>Takes records in order; outcome records stay undurable until <see cref="Held"/> completes.</summary>
    private sealed class GatedSink : IAuditSink
    {
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<AuditRecord> Taken { get; } = [];

        public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            lock (Taken)
            {
                Taken.Add(record);
            }
            return record.Type == AuditRecordTypes.Outcome ? new ValueTask(Held.Task) : ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Secrets_are_redacted_and_malformed_input_is_kept_only_as_its_shape()
    {
        var person = Confirmations.Yes();
        await using (InMemoryServer server = await Start(person))
        {
            Refusals.AssertOk(await Call(server, "login", """{"user":"ana","password":"hunter2-SECRET"}"""));
            Assert.Equal(["token", "nested"], Refusals.Errors(await Call(server, "doc_optional",
                """{"token":"ghp_SECRETTOKEN","nested":{"key":"sk-SECRET","list":[1,2,3]}}""")).Select(e => e.Field));
            Refusals.AssertOk(await Call(server, "doc_write", $$"""{"path":"long.md","text":"{{new string('x', 5000)}}"}"""));
        }
        string log = File.ReadAllText(Log);
        Assert.DoesNotContain("SECRET", log, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", Assert.Single(person.Asked, q => q.Message.Contains("login", StringComparison.Ordinal)).Message, StringComparison.Ordinal);

        List<JsonElement> records = Records();
        Assert.Equal("""{"user":"ana","password":"[redacted]"}""", records.First(r => Field(r, "tool") == "login").GetProperty("arguments").GetRawText());
        Assert.Equal("""{"token":"string","nested":{"key":"string","list":{"$array":"number","$length":3}}}""",
            records.Last(r => Field(r, "tool") == "doc_optional").GetProperty("arguments").GetRawText());
        string text = records.First(r => Field(r, "tool") == "doc_write" && Field(r, "decision") == "allow").GetProperty("arguments").GetProperty("text").GetString()!;
        Assert.StartsWith(new string('x', 1024) + "…[5000 chars, sha256 ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_audit_log_cannot_persist_nothing_runs()
    {
        var counter = new Tools.Counter();
        // /dev/full accepts the open and fails every write (ENOSPC): a real device that is out of space.
        await using InMemoryServer server = await Start(policy: o => o.Audit.JsonLinesPath = "/dev/full", counter: counter);

        Refusals.AssertSingle(await Call(server, "count", "{}"), PolicyCodes.AuditUnavailable, "");
        Refusals.AssertSingle(await Call(server, "doc_optional", "{}"), PolicyCodes.AuditUnavailable, "");
        Assert.Equal(1, counter.Next());
    }

    [Fact]
    public async Task Editing_or_removing_a_record_is_detected()
    {
        await using (InMemoryServer server = await Start())
        {
            for (int i = 0; i < 5; i++)
            {
                Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
            }
        }
        string[] lines = File.ReadAllLines(Log);
        Assert.Equal(10, lines.Length);
        Assert.True(AuditVerifier.Verify(AuditLogReader.ReadJsonLines(Log)).Valid);

        string edited = Path.Join(_directory, "edited.jsonl");
        File.WriteAllLines(edited, lines.Select((l, i) => i == 4 ? l.Replace("\"decision\":\"allow\"", "\"decision\":\"deny\"", StringComparison.Ordinal) : l));
        AuditVerification afterEdit = AuditVerifier.Verify(AuditLogReader.ReadJsonLines(edited));
        Assert.False(afterEdit.Valid);
        Assert.Equal(5, afterEdit.ProblemLine!.Number);
        Assert.Contains("edited", afterEdit.Problem, StringComparison.Ordinal);

        string removed = Path.Join(_directory, "removed.jsonl");
        File.WriteAllLines(removed, lines.Where((_, i) => i != 6));
        AuditVerification afterRemoval = AuditVerifier.Verify(AuditLogReader.ReadJsonLines(removed));
        Assert.False(afterRemoval.Valid);
        Assert.Equal(7, afterRemoval.ProblemLine!.Number);
        Assert.Contains("removed", afterRemoval.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_torn_final_line_is_reported_and_set_aside_by_the_next_writer()
    {
        await using (InMemoryServer server = await Start())
        {
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
        }
        await File.AppendAllTextAsync(Log, """{"type":"decision","timestamp":"2026-""", Ct);
        AuditVerification torn = AuditVerifier.Verify(AuditLogReader.ReadJsonLines(Log));
        Assert.True(torn.Valid);
        Assert.NotNull(torn.TornFinalLine);

        await using (InMemoryServer server = await Start())
        {
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
        }
        AuditVerification recovered = AuditVerifier.Verify(AuditLogReader.ReadJsonLines(Log));
        Assert.True(recovered.Valid, recovered.Problem);
        Assert.Null(recovered.TornFinalLine);
        Assert.Contains(Records(), r => Field(r, "type") == "recovery" && Field(r, "message")!.Contains("torn final line of 37 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotation_keeps_one_chain_across_files()
    {
        await using (InMemoryServer server = await Start(policy: o => o.Audit.MaxFileBytes = 4096))
        {
            for (int i = 0; i < 30; i++)
            {
                Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
            }
        }
        Assert.True(AuditLogFiles.InOrder(Log).Count > 3);
        AuditVerification verification = AuditVerifier.Verify(AuditLogReader.ReadJsonLines(Log));
        Assert.True(verification.Valid, $"{verification.Problem} at {verification.ProblemLine?.Source}:{verification.ProblemLine?.Number} [{string.Join(", ", AuditLogFiles.InOrder(Log).Select(Path.GetFileName))}]");
        Assert.Equal(60, verification.Records);
    }

    [Fact]
    public async Task Concurrent_records_share_flushes_to_the_device()
    {
        string path = Path.Join(_directory, "group.jsonl");
        await using (var sink = new JsonLinesAuditSink(new JsonLinesAuditOptions { Path = path }))
        {
            var record = new AuditRecord { Type = AuditRecordTypes.Decision, Timestamp = DateTimeOffset.UtcNow, RequestId = "r", Tool = "t", Decision = "allow" };
            await Task.WhenAll(Enumerable.Range(0, 256).Select(_ => Task.Run(() => sink.AppendAsync(record, Ct).AsTask(), Ct)));
            Assert.True(sink.Flushes < 256 / 2, $"{sink.Flushes} flushes for 256 concurrent records");
        }
        AuditVerification verification = AuditVerifier.Verify(AuditLogReader.ReadJsonLines(path));
        Assert.Equal(256, verification.Records);
    }

    [Fact]
    public async Task Each_call_is_one_span_with_its_decision()
    {
        var spans = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == TypedToolsTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        await using (InMemoryServer server = await Start())
        {
            // Tools no other test class calls: the listener hears every test running in parallel.
            Refusals.AssertOk(await Call(server, "audit_peek", "{}"));
            Refusals.AssertSingle(await Call(server, "login", """{"user":"ana"}"""), "argument.missing", "password");
        }

        lock (spans)
        {
            System.Diagnostics.Activity allowed = Assert.Single(spans, s => s.DisplayName == "tools/call audit_peek");
            Assert.Equal("allow", allowed.GetTagItem("typedtools.decision"));
            Assert.Equal("ok", allowed.GetTagItem("typedtools.status"));
            System.Diagnostics.Activity denied = Assert.Single(spans, s => s.DisplayName == "tools/call login");
            Assert.Equal("argument.missing", denied.GetTagItem("typedtools.reason"));
            Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, denied.Status);
        }
    }

    [Fact]
    public async Task Metrics_count_denials_by_reason_confirmations_and_rejections()
    {
        using var telemetry = new TelemetryMeasurements<long>();

        await using (InMemoryServer server = await Start(Confirmations.Decline()))
        {
            Refusals.AssertSingle(await Call(server, "doc_optional", """{"zzz":1}"""), "argument.unknown_field", "zzz");
            Refusals.AssertSingle(await Call(server, "count", "{}"), PolicyCodes.ConfirmationDeclined, "");
        }

        List<(string Instrument, long Value, Dictionary<string, object?> Tags)> measurements = telemetry.Taken;
        Assert.Contains(measurements, m => m.Instrument == "typedtools.argument_rejections" && (string?)m.Tags["tool"] == "doc_optional" &&
                                           (string?)m.Tags["reason"] == "argument.unknown_field");
        Assert.Contains(measurements, m => m.Instrument == "typedtools.denials" && (string?)m.Tags["reason"] == PolicyCodes.ConfirmationDeclined);
        Assert.Contains(measurements, m => m.Instrument == "typedtools.confirmations" && (string?)m.Tags["tool"] == "count" && (string?)m.Tags["outcome"] == "declined");
        Assert.Contains(measurements, m => m.Instrument == "typedtools.confirmations" && (string?)m.Tags["tool"] == "count" && (string?)m.Tags["outcome"] == "requested");
    }
}
