using BenchmarkDotNet.Attributes;
using TypedTools.Audit;
using TypedTools.Audit.Sqlite;

namespace TypedTools.Benchmarks;

/// <summary>
/// Audited calls per second through each sink with write-ahead durability, for 1 and 64 concurrent callers.
/// Each operation is one record made durable; the baseline serialises and hash-chains the same records in memory
/// through the same group-commit writer, so the ratio is the cost of the device. The library's in-memory sink, which
/// waits for nothing and writes its chain behind the calls, is measured to the end of its chain: every record is a line
/// before the operation ends.
/// </summary>
[MemoryDiagnoser]
public class AuditSinkBenchmarks
{
    private const int RecordsPerInvoke = 1024;

    private string _directory = "";
    private IAuditSink _inMemory = null!;
    private MemoryAuditSink _memory = null!;
    private IAuditSink _jsonLines = null!;
    private IAuditSink _sqlite = null!;

    [Params(1, 64)]
    public int Callers { get; set; }

    private static readonly AuditRecord s_record = new()
    {
        Type = AuditRecordTypes.Decision,
        Timestamp = DateTimeOffset.UtcNow,
        RequestId = Guid.CreateVersion7().ToString("N"),
        RpcId = "42",
        Tool = "read_file",
        Arguments = """{"path":"/srv/workspace/notes/plan.md","maxBytes":65536}"""u8.ToArray(),
        ArgumentsKind = "validated",
        Decision = "allow",
        Confirmation = "not_required",
        ToolHash = new string('a', 64),
    };

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("typedtools-bench-").FullName;
        _inMemory = new InMemoryAuditSink();
        _memory = new MemoryAuditSink(capacity: RecordsPerInvoke);
        _jsonLines = new JsonLinesAuditSink(new JsonLinesAuditOptions { Path = Path.Join(_directory, "audit.jsonl"), MaxFileBytes = long.MaxValue });
        _sqlite = new SqliteAuditSink(Path.Join(_directory, "audit.db"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IAuditSink sink in new[] { _inMemory, _jsonLines, _sqlite })
        {
            (sink as IDisposable)?.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerInvoke)]
    public Task InMemory() => Run(_inMemory);

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public async Task MemorySink()
    {
        await Run(_memory);
        _ = _memory.Lines();
    }

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public Task JsonLines() => Run(_jsonLines);

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public Task Sqlite() => Run(_sqlite);

    /// <summary><see cref="Callers"/> concurrent callers, each waiting for its record to be durable before the next.</summary>
    private Task Run(IAuditSink sink) => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
    {
        for (int i = 0; i < RecordsPerInvoke / Callers; i++)
        {
            await sink.AppendAsync(s_record, default);
        }
    })));
}
