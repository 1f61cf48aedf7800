using System.Text;
using System.Text.Json;
using TypedTools.Audit;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>
/// The in-memory sink keeps a verifiable chain of its newest lines, written behind the calls (a drain on the thread
/// pool): a reader still sees every record appended before it asked, in order; a drain that falls behind is caught up
/// by the appending call; a record that cannot be written stops the sink, so the calls after it are refused.
/// </summary>
public sealed class MemoryAuditSinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuditRecord Record(string requestId, string type = AuditRecordTypes.Decision) => new()
    {
        Type = type,
        Timestamp = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
        RequestId = requestId,
        Tool = "t",
        Decision = "allow",
        Arguments = Encoding.UTF8.GetBytes($$"""{"id":"{{requestId}}"}"""),
    };

    private static string RequestId(byte[] line) => JsonDocument.Parse(line).RootElement.GetProperty("requestId").GetString()!;

    /// <summary>Whether the lines are one chain from the genesis hash.</summary>
    private static bool ChainedFromGenesis(IReadOnlyList<byte[]> lines) =>
        AuditVerifier.Verify(lines.Select((l, i) => new AuditLine("memory", i + 1, l, Torn: false))).Valid;

    [Fact]
    public async Task The_memory_sink_keeps_a_verifiable_chain_of_its_newest_lines()
    {
        var sink = new MemoryAuditSink(capacity: 3);
        var time = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 5; i++)
        {
            await sink.AppendAsync(new AuditRecord
            {
                Type = AuditRecordTypes.Decision, Timestamp = time.AddTicks(i), RequestId = "r" + i, Tool = "t", Decision = "allow",
                Arguments = Encoding.UTF8.GetBytes($$"""{"n":{{i}},"text":"ü \" <b>"}"""),
            }, Ct);
        }

        IReadOnlyList<byte[]> lines = sink.Lines();
        Assert.Equal((5, 3), (sink.Appended, lines.Count));
        Assert.Equal(["r2", "r3", "r4"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("requestId").GetString()));
        Assert.Equal("2026-11-24T10:00:00.0000004Z", JsonDocument.Parse(lines[2]).RootElement.GetProperty("timestamp").GetString());
        // The kept lines chain onto each other, each hash over its own body; the first kept one names its lost predecessor.
        string previous = JsonDocument.Parse(lines[0]).RootElement.GetProperty("prevHash").GetString()!;
        foreach (byte[] line in lines)
        {
            var (valid, hash, problem) = AuditChain.Verify(line, previous);
            Assert.True(valid, problem);
            previous = hash!;
        }
        // A changed byte breaks it.
        byte[] edited = [.. lines[1]];
        edited[Array.IndexOf(edited, (byte)'3')] = (byte)'9';
        Assert.False(AuditChain.Verify(edited, JsonDocument.Parse(lines[1]).RootElement.GetProperty("prevHash").GetString()!).Valid);
    }


    [Fact]
    public async Task A_reader_sees_every_record_appended_before_it_asked_in_order_and_chained_from_genesis()
    {
        const int writers = 4, perWriter = 2_000;
        var sink = new MemoryAuditSink(capacity: writers * perWriter);

        // Each writer reads right after each of its appends: its own record is there, and what it sees only ever grows.
        Task[] tasks = [.. Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            int seen = 0;
            for (int i = 0; i < perWriter; i++)
            {
                await sink.AppendAsync(Record($"{w}-{i}"), Ct);
                if (i % 97 == 0)
                {
                    IReadOnlyList<byte[]> lines = sink.Lines();
                    Assert.Contains($"{w}-{i}", lines.Select(RequestId));
                    Assert.True(lines.Count >= seen, $"{lines.Count} lines after {seen}");
                    seen = lines.Count;
                }
            }
        }, Ct))];
        await Task.WhenAll(tasks);

        IReadOnlyList<byte[]> all = sink.Lines();
        Assert.Equal((writers * perWriter, (long)writers * perWriter), (all.Count, sink.Appended));
        // One chain from the genesis hash through every line, and each writer's records in the order it appended them.
        Assert.True(ChainedFromGenesis(all));
        for (int w = 0; w < writers; w++)
        {
            Assert.Equal(Enumerable.Range(0, perWriter).Select(i => $"{w}-{i}"), all.Select(RequestId).Where(id => id.StartsWith($"{w}-", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_drain_that_falls_behind_is_caught_up_by_the_appending_call()
    {
        // The writer blocks on the first record, as a starved drain would: appends queue without waiting until the queue
        // is full; the append that fills it waits to write the queue itself, and everything lands once the writer moves.
        using var release = new ManualResetEventSlim();
        int written = 0;
        var sink = new MemoryAuditSink(capacity: MemoryAuditSink.MaxQueued + 10, (record, prev) =>
        {
            if (Interlocked.Increment(ref written) == 1)
            {
                release.Wait(Ct);
            }
            return AuditChain.Serialize(record, prev);
        });
        await sink.AppendAsync(Record("first"), Ct);
        SpinWait.SpinUntil(() => Volatile.Read(ref written) == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, Volatile.Read(ref written));

        for (int i = 1; i < MemoryAuditSink.MaxQueued; i++)
        {
            Assert.True(sink.AppendAsync(Record($"r{i}"), Ct).IsCompletedSuccessfully);
        }
        Task full = Task.Run(async () => await sink.AppendAsync(Record("full"), Ct), Ct);
        await Task.Delay(200, Ct);
        Assert.False(full.IsCompleted, "the append that fills the queue waits for the chain");

        release.Set();
        await full;
        IReadOnlyList<byte[]> lines = sink.Lines();
        Assert.Equal(MemoryAuditSink.MaxQueued + 1, lines.Count);
        Assert.Equal(["first", "r1"], lines.Take(2).Select(RequestId));
        Assert.Equal("full", RequestId(lines[^1]));
        Assert.True(ChainedFromGenesis(lines));
    }

    [Fact]
    public async Task A_record_that_cannot_be_written_stops_the_sink_and_the_calls_after_it()
    {
        // The failing record's type is this test's own, so the failure counter's other measurements (tests run in parallel) do not count.
        const string type = "memory-sink-fault-test";
        using var failures = new Harness.TelemetryMeasurements<long>("typedtools.audit.failures");
        var sink = new MemoryAuditSink(capacity: 100, (record, prev) =>
            record.RequestId == "bad" ? throw new InvalidOperationException("cannot write") : AuditChain.Serialize(record, prev));
        await sink.AppendAsync(Record("good"), Ct);
        Assert.Single(sink.Lines());

        // Taken in order (there is nothing to wait for); written behind, where it fails and is counted as lost.
        await sink.AppendAsync(Record("bad", type), Ct);
        var read = Assert.Throws<IOException>(() => sink.Lines());
        Assert.IsType<InvalidOperationException>(read.InnerException);
        Assert.Single(failures.Taken, m => (string?)m.Tags["type"] == type);

        // Nothing is appended past the hole: every later append fails, which refuses the call it was for.
        var append = await Assert.ThrowsAsync<IOException>(async () => await sink.AppendAsync(Record("after"), Ct));
        Assert.IsType<InvalidOperationException>(append.InnerException);
        Assert.Equal(2, sink.Appended);
    }
}
