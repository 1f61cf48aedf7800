using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Audit;
using TypedTools.Policy;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>Runs alone: a meter listener sees every call in the process, and these tests count measurements exactly.</summary>
[CollectionDefinition(nameof(ProcessWideMeasurements), DisableParallelization = true)]
public sealed class ProcessWideMeasurements;

/// <summary>How the pipeline hands records to sinks: failures thrown as the sink is called, and the persist latency's measurements.</summary>
[Collection(nameof(ProcessWideMeasurements))]
public sealed class AuditPersistTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CallToolResult> Call(InMemoryServer server, string tool, string json) =>
        await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: Ct);

    [Fact]
    public async Task A_sink_that_throws_as_it_is_called_refuses_the_call_or_counts_the_lost_outcome()
    {
        using var failures = new TelemetryMeasurements<long>("typedtools.audit.failures");
        using var latencies = new TelemetryMeasurements<double>("typedtools.audit.persist_latency");

        // Throwing on the write-ahead record: refused, as when the write fails later (the sink threw before returning a task).
        await using (InMemoryServer server = await InMemoryServer.StartAsync(s =>
                     {
                         s.AddSingleton<Tools.ICounter>(new Tools.Counter());
                         s.AddSingleton<IAuditSink>(new ThrowingSink(AuditRecordTypes.Decision));
                     }))
        {
            Refusals.AssertSingle(await Call(server, "doc_optional", "{}"), PolicyCodes.AuditUnavailable, "");
        }
        Assert.Contains(failures.Taken, m => (string?)m.Tags["type"] == AuditRecordTypes.Decision);

        // Throwing on the outcome: the call has run and is answered; the loss is counted, and the next call is served.
        var sink = new ThrowingSink(AuditRecordTypes.Outcome);
        await using (InMemoryServer server = await InMemoryServer.StartAsync(s =>
                     {
                         s.AddSingleton<Tools.ICounter>(new Tools.Counter());
                         s.AddSingleton<IAuditSink>(sink);
                     }))
        {
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
        }
        Assert.Equal(2, failures.Taken.Count(m => (string?)m.Tags["type"] == AuditRecordTypes.Outcome));
        Assert.Equal(4, sink.Calls);

        // With a listener, both records' persist latency is measured: the write-ahead ones of the allowed calls here
        // (the outcomes failed), each tagged with its tool.
        Assert.Equal(2, latencies.Taken.Count(m => (string?)m.Tags["tool"] == "doc_optional"));
    }

    [Fact]
    public async Task With_a_listener_both_records_persist_latency_is_measured()
    {
        using var latencies = new TelemetryMeasurements<double>("typedtools.audit.persist_latency");
        await using (InMemoryServer server = await InMemoryServer.StartAsync(s =>
                     {
                         s.AddSingleton<Tools.ICounter>(new Tools.Counter());
                         s.AddSingleton<IAuditSink>(new MemoryAuditSink());
                     }))
        {
            Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
        }
        Assert.Equal(2, latencies.Taken.Count(m => (string?)m.Tags["tool"] == "doc_optional" && m.Value >= 0));
    }

    /// <summary>Throws from <see cref="AppendAsync"/> itself (no task) for records of one type.</summary>
    private sealed class ThrowingSink(string throwOn) : IAuditSink
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return record.Type == throwOn ? throw new IOException("the sink is gone") : ValueTask.CompletedTask;
        }
    }

}
