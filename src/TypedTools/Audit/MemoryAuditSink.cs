namespace TypedTools.Audit;

/// <summary>
/// Keeps the hash-chained audit lines in memory: for tests (assert what was audited) and for servers whose
/// audit goes elsewhere through another sink. Keeps the newest <see cref="Capacity"/> lines; the chain stays
/// verifiable from any kept line on.
/// </summary>
/// <remarks>
/// An append takes the record in call order and returns: there is no device to wait for, and a record is immutable
/// once made. The chain (each line's JSON and SHA-256) is written behind the calls, in batches, by one drain on the
/// thread pool, as the durable sinks' writer does; <see cref="Lines"/> writes whatever is still queued before it
/// answers, so a reader always sees every record appended before it asked. A drain that falls behind by
/// <see cref="MaxQueued"/> records is caught up by the appending call itself, so memory stays bounded. A record that
/// cannot be written (never expected: the writer takes any string) stops the sink: every later append fails, and with
/// it the call it was for, so the log is never continued past a hole.
/// </remarks>
public sealed class MemoryAuditSink : IAuditSink
{
    /// <summary>How many records may wait for the chain before an appending call writes them itself.</summary>
    public const int MaxQueued = 1_024;

    // _queueGate guards the records waiting for the chain, whether a drain is scheduled, and the fault;
    // _chainGate guards the chain (the kept lines and the newest) and is held by whoever writes it, in order.
    private readonly Lock _queueGate = new();
    private readonly Lock _chainGate = new();
    private readonly Queue<byte[]> _lines = new();
    private readonly Drain _drain;
    private readonly LineWriter _write;
    private List<AuditRecord> _queued = new();
    // The emptied list of the last batch, swapped in for the next: a batch allocates no list.
    private List<AuditRecord> _spare = new();
    private bool _drainScheduled;
    private Exception? _fault;
    // The newest line (its hash ends it), or null before the first: the next line chains to it without building its hash's text.
    private byte[]? _newest;
    private long _appended;

    /// <summary>Creates a sink that keeps the newest <paramref name="capacity"/> lines.</summary>
    public MemoryAuditSink(int capacity = 10_000)
        : this(capacity, AuditChain.Serialize)
    {
    }

    /// <summary>A sink whose lines come from <paramref name="write"/> (tests: a writer that fails or waits).</summary>
    internal MemoryAuditSink(int capacity, LineWriter write)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _write = write;
        _drain = new Drain(this);
    }

    /// <summary>Writes a record's line after the line whose hash is <paramref name="prevHash"/>.</summary>
    internal delegate byte[] LineWriter(AuditRecord record, ReadOnlySpan<byte> prevHash);

    /// <summary>How many lines are kept.</summary>
    public int Capacity { get; }

    /// <summary>How many records were appended in all.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    /// <inheritdoc />
    public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        bool schedule;
        bool catchUp;
        lock (_queueGate)
        {
            if (_fault is not null)
            {
                return ValueTask.FromException(Stopped(_fault));
            }
            _queued.Add(record);
            _appended++;
            schedule = !_drainScheduled;
            _drainScheduled = true;
            catchUp = _queued.Count >= MaxQueued;
        }
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_drain, preferLocal: false);
        }
        if (catchUp)
        {
            try
            {
                WriteQueued();
            }
            catch (IOException exception)
            {
                return ValueTask.FromException(exception);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The kept lines, oldest first (each a JSON object with its chain hash, as the file sinks write them).</summary>
    /// <exception cref="IOException">A record could not be written: the chain ends before it.</exception>
    public IReadOnlyList<byte[]> Lines()
    {
        // Lines a drain adds in between are of records appended after this call began: they may be included or not.
        WriteQueued();
        lock (_chainGate)
        {
            return [.. _lines];
        }
    }

    /// <summary>Writes every queued record into the chain, in order; after a failure, stops the sink and throws it.</summary>
    private void WriteQueued()
    {
        lock (_chainGate)
        {
            while (true)
            {
                List<AuditRecord> batch;
                lock (_queueGate)
                {
                    if (_fault is not null)
                    {
                        throw Stopped(_fault);
                    }
                    if (_queued.Count == 0)
                    {
                        return;
                    }
                    batch = _queued;
                    _queued = _spare;
                }
                foreach (AuditRecord record in batch)
                {
                    byte[] line;
                    try
                    {
                        line = _write(record, _newest is null ? AuditChain.GenesisUtf8 : AuditChain.HashOf(_newest));
                    }
                    catch (Exception exception)
                    {
                        // Counted as the record's loss, as a sink that fails in the call is; the appends after it fail in their calls.
                        TypedToolsTelemetry.AuditFailures.Add(1, new KeyValuePair<string, object?>("type", record.Type));
                        lock (_queueGate)
                        {
                            _fault = exception;
                        }
                        throw Stopped(exception);
                    }
                    _newest = line;
                    if (_lines.Count == Capacity)
                    {
                        _lines.Dequeue();
                    }
                    _lines.Enqueue(line);
                }
                batch.Clear();
                _spare = batch;
            }
        }
    }

    private static IOException Stopped(Exception fault) =>
        new("The in-memory audit chain stopped at a record it could not write; nothing is appended after it.", fault);

    /// <summary>The drain the thread pool runs: writes the queue until it is empty, then lets the next append schedule another.</summary>
    private sealed class Drain(MemoryAuditSink sink) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            while (true)
            {
                try
                {
                    sink.WriteQueued();
                }
                catch (IOException)
                {
                    // The sink is stopped; the next append (or reader) reports it.
                }
                lock (sink._queueGate)
                {
                    // Records that arrived after the last batch was taken are written before this drain ends.
                    if (sink._queued.Count == 0 || sink._fault is not null)
                    {
                        sink._drainScheduled = false;
                        return;
                    }
                }
            }
        }
    }
}
