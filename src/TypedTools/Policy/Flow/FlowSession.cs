using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace TypedTools.Policy.Flow;

/// <summary>What has entered one session so far: the tools that brought private data and untrusted content into it.</summary>
/// <param name="PrivateDataFrom">Tools marked <c>[ReadsPrivateData]</c> that ran in the session.</param>
/// <param name="UntrustedContentFrom">Tools marked <c>[ReturnsUntrustedContent]</c> that ran in the session.</param>
public sealed record FlowSession(ImmutableSortedSet<string> PrivateDataFrom, ImmutableSortedSet<string> UntrustedContentFrom)
{
    /// <summary>A session nothing has entered yet.</summary>
    public static FlowSession Empty { get; } = new([], []);

    /// <summary>The session after <paramref name="tool"/> ran.</summary>
    public FlowSession After(ToolDescriptor tool) => new(
        tool.Has(ToolCapabilities.ReadsPrivateData) ? PrivateDataFrom.Add(tool.Name) : PrivateDataFrom,
        tool.Has(ToolCapabilities.ReturnsUntrustedContent) ? UntrustedContentFrom.Add(tool.Name) : UntrustedContentFrom);
}

/// <summary>Where flow state lives: per session key (caller and session). In memory by default; replicas share one store.</summary>
public interface IFlowStateStore
{
    /// <summary>The session's state.</summary>
    ValueTask<FlowSession> GetAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="tool"/> is about to run in the session.</summary>
    ValueTask RecordAsync(string sessionKey, ToolDescriptor tool, CancellationToken cancellationToken);
}

/// <summary>An in-process flow state store.</summary>
public sealed class MemoryFlowStateStore : IFlowStateStore
{
    private readonly ConcurrentDictionary<string, FlowSession> _sessions = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<FlowSession> GetAsync(string sessionKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_sessions.GetValueOrDefault(sessionKey, FlowSession.Empty));

    /// <inheritdoc />
    public ValueTask RecordAsync(string sessionKey, ToolDescriptor tool, CancellationToken cancellationToken)
    {
        _sessions.AddOrUpdate(sessionKey, _ => FlowSession.Empty.After(tool), (_, session) => session.After(tool));
        return ValueTask.CompletedTask;
    }
}
