using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Audit;
using TypedTools.Audit.Postgres;
using TypedTools.Policy;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Http;

/// <summary>
/// A load on two HTTP replicas sharing Redis and a PostgreSQL audit: many concurrent callers of several principals
/// (each bound to its tenant), one replica killed halfway. Every call that ran is in PostgreSQL as allowed before it
/// ran, every refusal is there with its reason, per-tenant isolation holds, both chains verify. Throughput and p99
/// latency are written to the test output (and recorded in benchmarks/README.md), never asserted.
/// </summary>
public sealed class LoadTests(SharedInfrastructure shared) : IClassFixture<SharedInfrastructure>
{
    private const int Callers = 16;
    private const int CallsPerCaller = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_under_load_with_one_killed_lose_no_audit_record_of_a_call_that_ran()
    {
        string database = await shared.Postgres.CreateDatabaseAsync(Ct);
        string prefix = "l" + Guid.NewGuid().ToString("N")[..8] + ":";
        var marks = new Tools.Marks();
        void Services(IServiceCollection s) => s.AddSingleton(marks).AddSingleton<Tools.ICounter>(new Tools.Counter());
        (WebApplication a, Uri aUrl) = await Replicas.StartAsync("replica-a", shared.Redis.Configuration, prefix, database, Services, null, Ct);
        (WebApplication b, Uri bUrl) = await Replicas.StartAsync("replica-b", shared.Redis.Configuration, prefix, database, Services, null, Ct);
        string[] tenants = ["acme", "globex", "initech", "umbrella"];

        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        int ok = 0, refused = 0, failed = 0, completed = 0;
        using var killed = new SemaphoreSlim(0);
        var clock = Stopwatch.StartNew();
        Task killer = Task.Run(async () =>
        {
            while (Volatile.Read(ref completed) < Callers * CallsPerCaller / 2)
            {
                await Task.Delay(5, Ct);
            }
            await b.StopAsync(new CancellationToken(canceled: true)); // abrupt: in-flight calls are cut
            await b.DisposeAsync();
            killed.Release();
        }, Ct);

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            string tenant = tenants[caller % tenants.Length];
            Uri url = caller % 2 == 0 ? aUrl : bUrl;
            McpClient? client = null;
            for (int i = 0; i < CallsPerCaller; i++)
            {
                string marker = $"{tenant}-{caller}-{i}";
                // Every fifth call reaches for another tenant's invoice: tenant isolation must refuse it.
                bool crossTenant = i % 5 == 4;
                try
                {
                    client ??= await Replicas.ConnectAsync(url, $"user-{caller}", tenant, Ct);
                    long started = Stopwatch.GetTimestamp(); // the call's round trip, not the session's set-up
                    CallToolResult result = crossTenant
                        ? await client.CallToolAsync("tenant_invoice", Json.Args($$"""{"tenantId":"{{tenants[(caller + 1) % tenants.Length]}}","number":{{i}}}"""), cancellationToken: Ct)
                        : await client.CallToolAsync("mark", Json.Args($$"""{"marker":"{{marker}}"}"""), cancellationToken: Ct);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (result.IsError == true)
                    {
                        Assert.True(crossTenant, $"{marker} was refused: {Refusals.Text(result)}");
                        Assert.Equal(PolicyCodes.TenantMismatch, Refusals.Errors(result)[0].Code);
                        Interlocked.Increment(ref refused);
                    }
                    else
                    {
                        Assert.False(crossTenant, $"{marker}: another tenant's invoice was served");
                        Interlocked.Increment(ref ok);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or ModelContextProtocol.McpException or TaskCanceledException)
                {
                    // The killed replica: the caller moves to the survivor, as a load balancer would send it.
                    Interlocked.Increment(ref failed);
                    url = aUrl;
                    client = null;
                }
                Interlocked.Increment(ref completed);
            }
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }));
        clock.Stop();
        await killer;
        await a.DisposeAsync();

        double[] sorted = [.. latencies.Order()];
        double p99 = sorted[(int)Math.Ceiling(sorted.Length * 0.99) - 1];
        string report = $"load: {Callers} callers x {CallsPerCaller} calls over 2 replicas (one killed halfway): {ok} ok, {refused} refused (cross-tenant), {failed} cut; " +
                        $"{sorted.Length / clock.Elapsed.TotalSeconds:0} calls/s, p50 {sorted[sorted.Length / 2]:0.0} ms, p99 {p99:0.0} ms";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        File.AppendAllText(Path.Join(AppContext.BaseDirectory, "load-results.txt"), $"{DateTimeOffset.UtcNow:O} {report}\n");

        Assert.True(ok > Callers * CallsPerCaller / 2, $"only {ok} calls succeeded");
        Assert.True(refused > 0);

        // Every call that ran has its write-ahead decision in PostgreSQL, allowed, with its marker, before it ran.
        var allowedMarkers = new HashSet<string>(StringComparer.Ordinal);
        var deniedTenants = 0;
        foreach (AuditLine line in PostgresAuditReader.ReadLines(database))
        {
            using var record = System.Text.Json.JsonDocument.Parse(line.Bytes);
            var root = record.RootElement;
            if (root.GetProperty("type").GetString() != "decision")
            {
                continue;
            }
            if (root.GetProperty("tool").GetString() == "mark" && root.GetProperty("decision").GetString() == "allow")
            {
                allowedMarkers.Add(root.GetProperty("arguments").GetProperty("marker").GetString()!);
            }
            if (root.GetProperty("tool").GetString() == "tenant_invoice" && root.GetProperty("decision").GetString() == "deny")
            {
                Assert.Equal(PolicyCodes.TenantMismatch, root.GetProperty("reason").GetString());
                deniedTenants++;
            }
        }
        string[] ran = [.. marks.Ran];
        Assert.Equal(ran.Length, ran.Distinct().Count());
        Assert.All(ran, marker => Assert.Contains(marker, allowedMarkers));
        // A refusal whose response the kill cut off is still in the audit: between what callers saw and that plus the cut calls.
        Assert.InRange(deniedTenants, refused, refused + failed);
        IReadOnlyList<PostgresAuditChain> chains = PostgresAuditReader.ReadChains(database);
        Assert.Equal(2, chains.Count);
        Assert.All(chains, c => Assert.True(AuditVerifier.Verify(c.Lines, c.StartHash).Valid, c.Chain));
    }
}
