using System.Security.Cryptography;
using System.Threading.Channels;

namespace TypedTools.Audit;

/// <summary>Where and how the JSON Lines audit log is written.</summary>
public sealed class JsonLinesAuditOptions
{
    /// <summary>The log file; rotated files sit beside it as <c>name.{UTC time}.jsonl</c>.</summary>
    public required string Path { get; set; }

    /// <summary>Rotate when the file would grow past this size (64 MiB by default). The hash chain continues across files.</summary>
    public long MaxFileBytes { get; set; } = 64 * 1024 * 1024;
}

/// <summary>
/// The embedded audit log: one JSON record per line, hash-chained, durable before <see cref="AppendAsync"/>
/// completes. One writer serialises all records; concurrent callers' records are written together and share one
/// flush to the device (group commit). After a crash the writer sets aside a torn final line (recording its size
/// and hash in a recovery record) and continues the chain from the last complete record. After a write fails the
/// sink refuses every further record until restarted: a log with a hole is not continued silently.
/// </summary>
public sealed class JsonLinesAuditSink : IAuditSink, IAsyncDisposable, IDisposable
{
    private readonly JsonLinesAuditOptions _options;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly TimeProvider _time;
    private FileStream _file;
    private string _prevHash;
    private Exception? _fault;

    private sealed record Pending(AuditRecord Record, TaskCompletionSource Done);

    /// <summary>Opens (or creates) the log, recovering from a torn final line.</summary>
    public JsonLinesAuditSink(JsonLinesAuditOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path))!;
        Directory.CreateDirectory(directory);
        _file = Open();
        (_prevHash, AuditRecord? recovery) = Recover(_file);
        if (recovery is not null)
        {
            _queue.Writer.TryWrite(new Pending(recovery, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>How many flushes to the device the sink has made (group commit shares them).</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    private long _flushes;

    /// <inheritdoc />
    public async ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_fault is { } fault || !_queue.Writer.TryWrite(pending))
        {
            throw new IOException("The audit log is not accepting records.", _fault);
        }
        // The record is durable, or it failed; a caller's cancellation does not abandon it half-way.
        await pending.Done.Task.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>();
        var buffer = new MemoryStream();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            buffer.SetLength(0);
            while (batch.Count < 4096 && _queue.Reader.TryRead(out Pending? pending))
            {
                batch.Add(pending);
            }
            if (_fault is not null)
            {
                Fail(batch, _fault);
                continue;
            }
            try
            {
                string prev = _prevHash;
                foreach (Pending pending in batch)
                {
                    (byte[] line, string hash) = AuditChain.Serialize(pending.Record, prev);
                    buffer.Write(line);
                    buffer.WriteByte((byte)'\n');
                    prev = hash;
                }
                if (_file.Length > 0 && _file.Length + buffer.Length > _options.MaxFileBytes)
                {
                    Rotate();
                }
                _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                _file.Flush(flushToDisk: true);
                Interlocked.Increment(ref _flushes);
                _prevHash = prev;
                foreach (Pending pending in batch)
                {
                    pending.Done.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                _fault = exception;
                Fail(batch, exception);
            }
        }
    }

    private static void Fail(List<Pending> batch, Exception exception)
    {
        foreach (Pending pending in batch)
        {
            pending.Done.TrySetException(new IOException("The audit record could not be persisted.", exception));
        }
    }

    private FileStream Open() =>
        new(_options.Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.None);

    private void Rotate()
    {
        _file.Dispose();
        string rotated = AuditLogFiles.RotatedName(_options.Path, _time.GetUtcNow());
        File.Move(_options.Path, rotated);
        _file = Open();
    }

    /// <summary>Finds the chain's last hash; truncates a torn final line and describes it in a recovery record.</summary>
    private (string PrevHash, AuditRecord? Recovery) Recover(FileStream file)
    {
        long length = file.Length;
        string prev = AuditLogFiles.LastHashBefore(_options.Path) ?? AuditChain.Genesis;
        if (length == 0)
        {
            return (prev, null);
        }
        byte[] tail = new byte[(int)Math.Min(length, 1 << 20)];
        file.Seek(length - tail.Length, SeekOrigin.Begin);
        file.ReadExactly(tail);
        int lastNewline = Array.LastIndexOf(tail, (byte)'\n');
        AuditRecord? recovery = null;
        long keep = length;
        if (tail[^1] != (byte)'\n')
        {
            int tornStart = lastNewline + 1;
            byte[] torn = tail[tornStart..];
            keep = length - torn.Length;
            recovery = new AuditRecord
            {
                Type = AuditRecordTypes.Recovery,
                Timestamp = _time.GetUtcNow(),
                RequestId = Guid.CreateVersion7().ToString("N"),
                Tool = "",
                Message = $"A torn final line of {torn.Length} bytes (sha256 {Convert.ToHexStringLower(SHA256.HashData(torn))}) was set aside after an interruption.",
            };
            file.SetLength(keep);
        }
        if (keep > 0)
        {
            // The last complete line ends at keep - 1; its hash is the 64 hex digits before the closing "}.
            int end = (int)(tail.Length - (length - keep)) - 1;
            int start = Array.LastIndexOf(tail, (byte)'\n', Math.Max(end - 1, 0)) + 1;
            ReadOnlySpan<byte> line = tail.AsSpan(start, end - start);
            if (line.Length > AuditChain.HashSuffixLength)
            {
                prev = System.Text.Encoding.ASCII.GetString(line.Slice(line.Length - AuditChain.HashSuffixLength + 9, 64));
            }
        }
        file.Seek(0, SeekOrigin.End);
        return (prev, recovery);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
