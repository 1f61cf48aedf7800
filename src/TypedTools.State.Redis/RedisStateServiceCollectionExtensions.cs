using StackExchange.Redis;
using TypedTools.Policy.Confirmation;
using TypedTools.Policy.Flow;
using TypedTools.Policy.Limits;
using TypedTools.State.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts TypedTools' policy state where every replica sees it: Redis.</summary>
public static class RedisStateServiceCollectionExtensions
{
    /// <summary>
    /// Confirmation nonces, flow-rule sessions and rate-limit counters on the Redis server(s) <paramref name="configuration"/>
    /// names (StackExchange.Redis syntax, e.g. <c>"127.0.0.1:6379,abortConnect=false"</c>). Replaces the in-memory
    /// defaults; any Redis failure refuses the call it was needed for.
    /// </summary>
    public static IServiceCollection AddTypedToolsRedisState(this IServiceCollection services, string configuration, TimeSpan? flowSessionIdle = null, string prefix = "typedtools:")
    {
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        // Connected when the host starts, not inside the first requests: a synchronous connect under a burst of first
        // calls starved the thread pool until Redis commands timed out (refused calls, found by the replica test).
        services.AddHostedService(sp => new RedisWarmUp(sp.GetRequiredService<IConnectionMultiplexer>()));
        services.AddSingleton<INonceStore>(sp => new RedisNonceStore(sp.GetRequiredService<IConnectionMultiplexer>(), prefix));
        services.AddSingleton<IFlowStateStore>(sp => new RedisFlowStateStore(sp.GetRequiredService<IConnectionMultiplexer>(), flowSessionIdle ?? TimeSpan.FromHours(8), prefix));
        services.AddSingleton<IRateLimitCounter>(sp => new RedisRateLimitCounter(sp.GetRequiredService<IConnectionMultiplexer>(), prefix));
        return services;
    }
}

/// <summary>Holds nothing: constructing it at host start creates the Redis connection before any request.</summary>
file sealed class RedisWarmUp(IConnectionMultiplexer redis) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
