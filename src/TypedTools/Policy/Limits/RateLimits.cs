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

/// <summary>
/// Enforces <see cref="ToolRateLimit"/>s with fixed windows from <c>System.Threading.RateLimiting</c>, one partition
/// per (limit, tool, caller). It runs before argument parsing, so a flood of malformed calls is limited too.
/// </summary>
public sealed class RateLimitGate : IDisposable
{
    private readonly (ToolRateLimit Limit, PartitionedRateLimiter<string> Limiter)[] _limiters;

    /// <summary>Creates the gate.</summary>
    public RateLimitGate(IEnumerable<ToolRateLimit> limits)
    {
        _limiters = limits.Select(limit =>
        {
            if (limit.Permits < 1 || limit.Window <= TimeSpan.Zero)
            {
                throw new ArgumentException($"The rate limit for '{limit.Tool}' needs at least one permit and a positive window.");
            }
            return (limit, PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.Permits,
                Window = limit.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        }).ToArray();
    }

    /// <summary>Takes one permit from every limit that covers the call; throws <see cref="PolicyDeniedException"/> when one is exhausted.</summary>
    public void Acquire(ToolDescriptor tool, RequestContext<CallToolRequestParams> request)
    {
        if (_limiters.Length == 0)
        {
            return;
        }
        string caller = ConfirmationGate.PrincipalId(request.User);
        foreach ((ToolRateLimit limit, PartitionedRateLimiter<string> limiter) in _limiters)
        {
            if (limit.Tool != "*" && limit.Tool != tool.Name)
            {
                continue;
            }
            using RateLimitLease lease = limiter.AttemptAcquire(tool.Name + "\n" + caller);
            if (!lease.IsAcquired)
            {
                throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.RateLimited,
                    $"'{tool.Name}' may be called {limit.Permits} times per {limit.Window.TotalSeconds:0.###} s by one caller, and that is used up.", null,
                    $"Wait up to {limit.Window.TotalSeconds:0.###} s before calling it again; do not retry in a loop."));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach ((_, PartitionedRateLimiter<string> limiter) in _limiters)
        {
            limiter.Dispose();
        }
    }
}
