using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Policy.Confirmation;

namespace TypedTools.Policy.Limits;

/// <summary>A limit on calls: so many per window, per tool (or every tool, <c>"*"</c>) and per caller.</summary>
/// <param name="Tool">The tool's name, or <c>"*"</c> for each tool separately.</param>
/// <param name="Permits">Calls allowed per window.</param>
/// <param name="Window">The window.</param>
public sealed record ToolRateLimit(string Tool, int Permits, TimeSpan Window);

/// <summary>Counts calls in fixed windows. In memory by default; replicas share one (Redis) through the same interface.</summary>
public interface IRateLimitCounter
{
    /// <summary>Takes one of <paramref name="permits"/> for <paramref name="key"/> in the current window; false when they are used up.</summary>
    ValueTask<bool> TryAcquireAsync(string key, int permits, TimeSpan window, CancellationToken cancellationToken);
}

/// <summary>Fixed windows from <c>System.Threading.RateLimiting</c>, one partition per key, in this process.</summary>
public sealed class MemoryRateLimitCounter : IRateLimitCounter, IDisposable
{
    private readonly ConcurrentDictionary<(int Permits, TimeSpan Window), PartitionedRateLimiter<string>> _limiters = new();

    /// <inheritdoc />
    public ValueTask<bool> TryAcquireAsync(string key, int permits, TimeSpan window, CancellationToken cancellationToken)
    {
        PartitionedRateLimiter<string> limiter = _limiters.GetOrAdd((permits, window), shape =>
            PartitionedRateLimiter.Create<string, string>(k => RateLimitPartition.GetFixedWindowLimiter(k, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = shape.Permits,
                Window = shape.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        using RateLimitLease lease = limiter.AttemptAcquire(key);
        return ValueTask.FromResult(lease.IsAcquired);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PartitionedRateLimiter<string> limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}

/// <summary>
/// Enforces <see cref="ToolRateLimit"/>s, one count per (limit, tool, caller), with an <see cref="IRateLimitCounter"/>.
/// It runs before argument parsing, so a flood of malformed calls is limited too; a counter that fails denies.
/// </summary>
public sealed class RateLimitGate
{
    private readonly ToolRateLimit[] _limits;
    private readonly IRateLimitCounter _counter;

    /// <summary>Creates the gate.</summary>
    public RateLimitGate(IEnumerable<ToolRateLimit> limits, IRateLimitCounter counter)
    {
        _limits = [.. limits];
        _counter = counter;
        Validate(_limits);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a limit without permits or window.</summary>
    internal static void Validate(IEnumerable<ToolRateLimit> limits)
    {
        foreach (ToolRateLimit limit in limits)
        {
            if (limit.Permits < 1 || limit.Window <= TimeSpan.Zero)
            {
                throw new ArgumentException($"The rate limit for '{limit.Tool}' needs at least one permit and a positive window.");
            }
        }
    }

    /// <summary>Takes one permit from every limit that covers the call; throws <see cref="PolicyDeniedException"/> when one is exhausted.</summary>
    public ValueTask AcquireAsync(ToolDescriptor tool, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        _limits.Length == 0 ? ValueTask.CompletedTask : AcquireSlowAsync(tool, request, cancellationToken);

    private async ValueTask AcquireSlowAsync(ToolDescriptor tool, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        string caller = ConfirmationGate.PrincipalId(request.User);
        foreach (ToolRateLimit limit in _limits)
        {
            if (limit.Tool != "*" && limit.Tool != tool.Name)
            {
                continue;
            }
            // The limit's own shape is in the key, so replicas sharing a counter count the same thing.
            string key = $"{limit.Tool}|{limit.Permits}|{limit.Window.Ticks}\n{tool.Name}\n{caller}";
            if (!await _counter.TryAcquireAsync(key, limit.Permits, limit.Window, cancellationToken).ConfigureAwait(false))
            {
                throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.RateLimited,
                    $"'{tool.Name}' may be called {limit.Permits} times per {limit.Window.TotalSeconds:0.###} s by one caller, and that is used up.", null,
                    $"Wait up to {limit.Window.TotalSeconds:0.###} s before calling it again; do not retry in a loop."));
            }
        }
    }
}
