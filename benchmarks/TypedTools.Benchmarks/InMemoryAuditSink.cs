using TypedTools.Audit;

namespace TypedTools.Benchmarks;

/// <summary>An audit sink with the file sinks' serialisation, hash chain and group commit, but no device: audit cost without I/O.</summary>
public sealed class InMemoryAuditSink : IAuditSink, IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly GroupCommit _writer;
    private string _prev = AuditChain.Genesis;

    public InMemoryAuditSink() => _writer = new GroupCommit(records =>
    {
        _stream.SetLength(0);
        foreach (AuditRecord record in records)
        {
            (byte[] line, string hash) = AuditChain.Serialize(record, _prev);
            _stream.Write(line);
            _prev = hash;
        }
    });

    public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken) => _writer.AppendAsync(record);

    public void Dispose() => _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
