namespace TypedTools.Audit;

/// <summary>
/// Keeps the hash-chained audit lines in memory: for tests (assert what was audited) and for servers whose
/// audit goes elsewhere through another sink. Appends complete synchronously (there is no device to batch
/// flushes for), so the audit's cost per call is the serialisation and the chain alone. Keeps the newest
/// <see cref="Capacity"/> lines; the chain stays verifiable from any kept line on.
/// </summary>
public sealed class MemoryAuditSink : IAuditSink
{
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _lines = new();
    // The newest line (its hash ends it), or null before the first: the next line chains to it without building its hash's text.
    private byte[]? _newest;
    private long _appended;

    /// <summary>Creates a sink that keeps the newest <paramref name="capacity"/> lines.</summary>
    public MemoryAuditSink(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>How many lines are kept.</summary>
    public int Capacity { get; }

    /// <summary>How many records were appended in all.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <inheritdoc />
    public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            byte[] line = AuditChain.Serialize(record, _newest is null ? AuditChain.GenesisUtf8 : AuditChain.HashOf(_newest));
            _newest = line;
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
            }
            _lines.Enqueue(line);
            _appended++;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The kept lines, oldest first (each a JSON object with its chain hash, as the file sinks write them).</summary>
    public IReadOnlyList<byte[]> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }
}
