using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;
using TypedTools.Policy.Limits;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.State;

/// <summary>One private redis-server for the class.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await RedisServer.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>
/// Policy state shared by two replicas (two real servers in this process) through a real Redis: a confirmation nonce
/// used on one is used on both, a session's flow state follows it across replicas, rate limits count calls on both,
/// and a Redis outage refuses calls instead of forgetting state.
/// </summary>
public sealed class RedisStateTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<InMemoryServer> Replica(Tools.Counter counter, string prefix, Action<TypedToolsOptions>? policy = null, RedisServer? redis = null) =>
        InMemoryServer.StartAsync(s =>
        {
            s.AddSingleton<Tools.ICounter>(counter);
            s.AddTypedToolsRedisState((redis ?? fixture.Server).Configuration, prefix: prefix);
        }, policy: o =>
        {
            o.Confirmation.Key = s_key;
            policy?.Invoke(o);
        }, client: Confirmations.Yes().ClientOptions());

    private static string Prefix() => "t" + Guid.NewGuid().ToString("N")[..8] + ":";

    [Fact]
    public async Task A_confirmation_used_on_one_replica_is_used_on_every_replica()
    {
        var counter = new Tools.Counter();
        string prefix = Prefix();
        await using InMemoryServer a = await Replica(counter, prefix);
        await using InMemoryServer b = await Replica(counter, prefix);
        string state = SealedConfirmations.Seal(s_key, "count", SealedConfirmations.NoArguments("count"), "n-shared");

        Refusals.AssertOk(await SealedConfirmations.SendAsync(a.Client, "count", [], state, Ct));
        Refusals.AssertSingle(await SealedConfirmations.SendAsync(b.Client, "count", [], state, Ct), PolicyCodes.ConfirmationInvalid, "");
        Refusals.AssertSingle(await SealedConfirmations.SendAsync(a.Client, "count", [], state, Ct), PolicyCodes.ConfirmationInvalid, "");
        Assert.Equal(2, counter.Next()); // ran once
    }

    [Fact]
    public async Task Private_data_read_on_one_replica_stops_an_unapproved_send_on_the_other()
    {
        var counter = new Tools.Counter();
        string prefix = Prefix();
        await using InMemoryServer a = await Replica(counter, prefix);
        await using InMemoryServer b = await Replica(counter, prefix);

        // Same caller, same session key on both (these in-memory sessions carry no session id, like one HTTP session over two replicas).
        Refusals.AssertOk(await b.Client.CallToolAsync("notify", Json.Args("""{"channel":"#general","text":"hi"}"""), cancellationToken: Ct));
        Refusals.AssertOk(await a.Client.CallToolAsync("read_secret", cancellationToken: Ct));
        Refusals.AssertSingle(await b.Client.CallToolAsync("notify", Json.Args("""{"channel":"#general","text":"the codes"}"""), cancellationToken: Ct),
            PolicyCodes.FlowExfiltration, "");
    }

    [Fact]
    public async Task A_rate_limit_counts_the_calls_of_every_replica()
    {
        var counter = new Tools.Counter();
        string prefix = Prefix();
        void Limit(TypedToolsOptions o) => o.RateLimits.Add(new ToolRateLimit("instance_count", 3, TimeSpan.FromMinutes(5)));
        await using InMemoryServer a = await Replica(counter, prefix, Limit);
        await using InMemoryServer b = await Replica(counter, prefix, Limit);

        Refusals.AssertOk(await a.Client.CallToolAsync("instance_count", cancellationToken: Ct));
        Refusals.AssertOk(await b.Client.CallToolAsync("instance_count", cancellationToken: Ct));
        Refusals.AssertOk(await a.Client.CallToolAsync("instance_count", cancellationToken: Ct));
        Refusals.AssertSingle(await b.Client.CallToolAsync("instance_count", cancellationToken: Ct), PolicyCodes.RateLimited, "");
        Refusals.AssertSingle(await a.Client.CallToolAsync("instance_count", cancellationToken: Ct), PolicyCodes.RateLimited, "");
    }

    [Fact]
    public async Task A_Redis_outage_refuses_calls_that_need_its_state_and_they_do_not_run()
    {
        await using RedisServer own = await RedisServer.StartAsync(Ct);
        var counter = new Tools.Counter();
        await using InMemoryServer server = await Replica(counter, Prefix(), o => o.RateLimits.Add(new ToolRateLimit("instance_count", 100, TimeSpan.FromMinutes(5))), own);
        Refusals.AssertOk(await server.Client.CallToolAsync("instance_count", cancellationToken: Ct));

        own.Kill();

        CallToolResult limited = await server.Client.CallToolAsync("instance_count", cancellationToken: Ct);
        Refusals.AssertSingle(limited, PolicyCodes.CheckFailed, "");
        CallToolResult confirmed = await SealedConfirmations.SendAsync(server.Client, "count", [], SealedConfirmations.Seal(s_key, "count", SealedConfirmations.NoArguments("count"), "n-outage"), Ct);
        Assert.True(confirmed.IsError);
        Assert.Contains(Refusals.Errors(confirmed)[0].Code, new[] { PolicyCodes.CheckFailed, PolicyCodes.ConfirmationUnavailable });
        CallToolResult flow = await server.Client.CallToolAsync("read_secret", cancellationToken: Ct);
        Refusals.AssertSingle(flow, PolicyCodes.CheckFailed, "");
        Assert.Equal(2, counter.Next()); // only the first call ran
    }
}
