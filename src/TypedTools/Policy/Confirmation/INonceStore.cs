using System.Collections.Concurrent;

namespace TypedTools.Policy.Confirmation;

/// <summary>Remembers used confirmation nonces, so that a sealed state confirms one call only.</summary>
public interface INonceStore
{
    /// <summary>Marks <paramref name="nonce"/> used; false when it already was.</summary>
    /// <param name="nonce">The nonce.</param>
    /// <param name="expires">When the state carrying it expires (after that it need not be kept).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<bool> TryConsumeAsync(string nonce, DateTimeOffset expires, CancellationToken cancellationToken);
}

/// <summary>An in-process nonce store: enough for one server; replicas share one (Redis) through the same interface.</summary>
public sealed class MemoryNonceStore(TimeProvider time) : INonceStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private long _calls;

    /// <inheritdoc />
    public ValueTask<bool> TryConsumeAsync(string nonce, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) % 256 == 0)
        {
            DateTimeOffset now = time.GetUtcNow();
            foreach ((string key, DateTimeOffset until) in _used)
            {
                if (until < now)
                {
                    _used.TryRemove(key, out _);
                }
            }
        }
        return ValueTask.FromResult(_used.TryAdd(nonce, expires));
    }
}
