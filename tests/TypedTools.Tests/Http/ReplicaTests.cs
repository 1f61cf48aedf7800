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

/// <summary>A private Redis and PostgreSQL for the replica tests.</summary>
public sealed class SharedInfrastructure : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;

    public PostgresServer Postgres { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Redis = await RedisServer.StartAsync(TestContext.Current.CancellationToken);
        Postgres = await PostgresServer.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

/// <summary>
/// Two replicas of one server over HTTP on loopback, sharing Redis (nonces, flow, limits) and a PostgreSQL audit:
/// concurrent callers send every sealed confirmation to both replicas at once, and each is used exactly once; every
/// call is in PostgreSQL as the policy decided it, one intact chain per replica.
/// </summary>
public sealed class ReplicaTests(SharedInfrastructure shared) : IClassFixture<SharedInfrastructure>
{
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)(i * 3)).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_confirmation_sent_to_both_replicas_at_once_runs_exactly_once_and_every_call_is_audited_centrally()
    {
        string database = await shared.Postgres.CreateDatabaseAsync(Ct);
        string prefix = "r" + Guid.NewGuid().ToString("N")[..8] + ":";
        var counter = new Tools.Counter();
        void Services(IServiceCollection s) => s.AddSingleton<Tools.ICounter>(counter);
        void Policy(TypedToolsOptions o) => o.Confirmation.Key = s_key;
        (WebApplication a, Uri aUrl) = await Replicas.StartAsync("replica-a", shared.Redis.Configuration, prefix, database, Services, Policy, Ct);
        (WebApplication b, Uri bUrl) = await Replicas.StartAsync("replica-b", shared.Redis.Configuration, prefix, database, Services, Policy, Ct);
        const int States = 24;
        try
        {
            // Several principals, each with a client on each replica.
            string[] principals = ["alice", "bob", "carol"];
            var clients = new Dictionary<(string, Uri), McpClient>();
            foreach (string principal in principals)
            {
                foreach (Uri url in new[] { aUrl, bUrl })
                {
                    clients[(principal, url)] = await Replicas.ConnectAsync(url, principal, tenant: null, Ct);
                }
            }

            // Each state is bound to its principal and sent to both replicas concurrently.
            var attempts = Enumerable.Range(0, States).SelectMany(i =>
            {
                string principal = principals[i % principals.Length];
                string state = SealedConfirmations.Seal(s_key, "count", SealedConfirmations.NoArguments("count"), "n-" + i, principal);
                return new[] { aUrl, bUrl }.Select(url => SealedConfirmations.SendAsync(clients[(principal, url)], "count", [], state, Ct));
            });
            CallToolResult[] results = await Task.WhenAll(attempts);

            Assert.True(results.Count(r => r.IsError != true) == States,
                string.Join("; ", results.Where(r => r.IsError == true).Select(Refusals.Text).Distinct()));
            Assert.All(results.Where(r => r.IsError == true), r => Assert.Equal(PolicyCodes.ConfirmationInvalid, Refusals.Errors(r)[0].Code));
            Assert.Equal(States + 1, counter.Next()); // the tool ran once per state

            foreach (McpClient client in clients.Values)
            {
                await client.DisposeAsync();
            }
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }

        // The central audit: both chains intact; one allowed decision per state, the rest denied as replays.
        IReadOnlyList<PostgresAuditChain> chains = PostgresAuditReader.ReadChains(database);
        Assert.Equal(["replica-a", "replica-b"], chains.Select(c => c.Chain).Order());
        Assert.All(chains, c => Assert.True(AuditVerifier.Verify(c.Lines, c.StartHash).Valid));
        Assert.Equal((long)States, await Scalar(database, "SELECT count(*) FROM typedtools_audit WHERE tool = 'count' AND type = 'decision' AND decision = 'allow'"));
        Assert.Equal((long)States, await Scalar(database, $"SELECT count(*) FROM typedtools_audit WHERE tool = 'count' AND decision = 'deny' AND reason = '{PolicyCodes.ConfirmationInvalid}'"));
        Assert.Equal((long)States, await Scalar(database, "SELECT count(*) FROM typedtools_audit WHERE tool = 'count' AND type = 'outcome' AND status = 'ok'"));
        Assert.Equal(3L, await Scalar(database, "SELECT count(DISTINCT principal) FROM typedtools_audit WHERE tool = 'count'"));
    }

    private static async Task<object?> Scalar(string database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }
}
