using System.Security.Cryptography;

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
    private readonly TimeProvider _time;
    private readonly GroupCommit _writer;
    private readonly MemoryStream _buffer = new();
    private FileStream _file;
    private string _prevHash;

    /// <summary>Opens (or creates) the log, recovering from a torn final line.</summary>
    public JsonLinesAuditSink(JsonLinesAuditOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path))!);
        _file = Open();
        (_prevHash, AuditRecord? recovery) = Recover(_file);
        _writer = new GroupCommit(Commit);
        if (recovery is not null)
        {
            _ = _writer.AppendAsync(recovery).AsTask();
        }
    }

    /// <summary>How many flushes to the device the sink has made (group commit shares them).</summary>
    public long Flushes => _writer.Commits;

    /// <inheritdoc />
    public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken) => _writer.AppendAsync(record);

    /// <summary>Writes a batch as lines and flushes it to the device once.</summary>
    private void Commit(IReadOnlyList<AuditRecord> records)
    {
        _buffer.SetLength(0);
        string prev = _prevHash;
        foreach (AuditRecord record in records)
        {
            (byte[] line, string hash) = AuditChain.Serialize(record, prev);
            _buffer.Write(line);
            _buffer.WriteByte((byte)'\n');
            prev = hash;
        }
        if (_file.Length > 0 && _file.Length + _buffer.Length > _options.MaxFileBytes)
        {
            Rotate();
        }
        _file.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        _file.Flush(flushToDisk: true);
        _prevHash = prev;
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
                RequestId = ToolCallIds.Create(),
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
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
