using System.Collections.Immutable;
using StackExchange.Redis;
using TypedTools.Policy;
using TypedTools.Policy.Confirmation;
using TypedTools.Policy.Flow;
using TypedTools.Policy.Limits;

namespace TypedTools.State.Redis;

/// <summary>
/// Confirmation nonces on Redis: <c>SET NX</c> with the state's expiry, so a nonce consumed on one replica is consumed
/// on all of them. A Redis error throws, and the confirmation is refused (fail closed).
/// </summary>
public sealed class RedisNonceStore(IConnectionMultiplexer redis, string prefix = "typedtools:") : INonceStore
{
    /// <inheritdoc />
    public async ValueTask<bool> TryConsumeAsync(string nonce, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        // Kept a minute past the state's expiry: clocks of replicas differ a little, and an expired state is refused anyway.
        TimeSpan keep = expires - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        return await redis.GetDatabase().StringSetAsync(prefix + "nonce:" + nonce, 1, keep > TimeSpan.Zero ? keep : TimeSpan.FromMinutes(1), When.NotExists)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Flow-rule sessions on Redis: two sets per session (the tools that brought private data, and untrusted content),
/// added to atomically, expiring after <paramref name="idle"/> without calls. Any replica sees what entered the
/// session on another. A Redis error throws, and the call is refused (fail closed).
/// </summary>
public sealed class RedisFlowStateStore(IConnectionMultiplexer redis, TimeSpan idle, string prefix = "typedtools:") : IFlowStateStore
{
    /// <inheritdoc />
    public async ValueTask<FlowSession> GetAsync(string sessionKey, CancellationToken cancellationToken)
    {
        IDatabase db = redis.GetDatabase();
        string session = SessionPrefix(sessionKey);
        Task<RedisValue[]> privateFrom = db.SetMembersAsync(session + "private");
        Task<RedisValue[]> untrustedFrom = db.SetMembersAsync(session + "untrusted");
        await Task.WhenAll(privateFrom, untrustedFrom).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new FlowSession([.. (await privateFrom).Select(v => v.ToString())], [.. (await untrustedFrom).Select(v => v.ToString())]);
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(string sessionKey, ToolDescriptor tool, CancellationToken cancellationToken)
    {
        // What the tool adds to a session is what it adds to an empty one (the runtime's own rule).
        FlowSession added = FlowSession.Empty.After(tool);
        string session = SessionPrefix(sessionKey);
        ITransaction transaction = redis.GetDatabase().CreateTransaction();
        var pending = new List<Task>();
        foreach ((string set, ImmutableSortedSet<string> tools) in new[] { ("private", added.PrivateDataFrom), ("untrusted", added.UntrustedContentFrom) })
        {
            foreach (string name in tools)
            {
                pending.Add(transaction.SetAddAsync(session + set, name));
            }
        }
        pending.Add(transaction.KeyExpireAsync(session + "private", idle));
        pending.Add(transaction.KeyExpireAsync(session + "untrusted", idle));
        if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new RedisException("The flow state could not be recorded.");
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    // The session key holds the principal and session id; hashed so that neither appears in Redis key names.
    private string SessionPrefix(string sessionKey) =>
        prefix + "flow:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sessionKey))) + ":";
}

/// <summary>
/// Rate-limit counters on Redis: one fixed window per key (<c>INCR</c>, with the window as its expiry on the first call),
/// shared by every replica. A Redis error throws, and the call is refused (fail closed).
/// </summary>
public sealed class RedisRateLimitCounter(IConnectionMultiplexer redis, string prefix = "typedtools:") : IRateLimitCounter
{
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    /// <inheritdoc />
    public async ValueTask<bool> TryAcquireAsync(string key, int permits, TimeSpan window, CancellationToken cancellationToken)
    {
        long windowIndex = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds;
        RedisKey counter = prefix + "rate:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))) + ":" + windowIndex;
        RedisResult count = await redis.GetDatabase().ScriptEvaluateAsync(Script, [counter], [(long)window.TotalMilliseconds])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)count <= permits;
    }
}
