using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Audit;
using TypedTools.Policy;
using TypedTools.Policy.Network;
using TypedTools.Policy.Paths;

namespace TypedTools.Benchmarks;

/// <summary>
/// One valid call through the whole generated pipeline of a tool that takes a path, a URL and a ranged number: profile
/// gate, rate limits, strict parse, the path resolved on a real directory (plain, or through a symbolic link inside the
/// root),
/// the domain check, canonical arguments, flow gate, audit (to the in-memory sink, or to one that keeps nothing), the
/// method and the result guard. The baseline is the SDK's reflection tool over the same method, which binds and
/// invokes with no checks at all; the parse, the path check and the domain check alone show where the time goes.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private string _root = "";
    private Dictionary<string, JsonElement> _arguments = null!;
    private McpServerTool _sdk = null!;
    private DirectCall _audited = null!;
    private DirectCall _unaudited = null!;
    private ToolPolicy _policy = null!;
    private DomainRule _rule = null!;
    private Uri _source = null!;

    /// <summary>The path argument: a plain path (the kernel confirms it in one lookup) or one through a link (walked).</summary>
    [Params("plain", "link")]
    public string PathKind { get; set; } = "plain";

    private string PathArgument => PathKind == "link" ? "latest/readme.md" : "docs/readme.md";

    [GlobalSetup]
    public void Setup()
    {
        // A workspace whose file is reached through a link: the check resolves it and confirms it stays inside the root.
        _root = Directory.CreateTempSubdirectory("typedtools-pipeline-").FullName;
        Directory.CreateDirectory(Path.Join(_root, "docs"));
        File.WriteAllText(Path.Join(_root, "docs", "readme.md"), "# Read me");
        Directory.CreateSymbolicLink(Path.Join(_root, "latest"), "docs");

        using JsonDocument document = JsonDocument.Parse($$"""{"path":"{{PathArgument}}","source":"https://docs.example.org/guide/intro","level":3}""");
        _arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        _sdk = McpServerTool.Create(typeof(BindingTools).GetMethod(nameof(BindingTools.Checked))!);
        _audited = new DirectCall("checked", _arguments, new MemoryAuditSink(capacity: 64), o => o.AddRoot("workspace", _root));
        _unaudited = new DirectCall("checked", _arguments, new EndToEndBenchmarks.NoAuditSink(), o => o.AddRoot("workspace", _root));
        _policy = _audited.Services.GetRequiredService<ToolPolicy>();
        _rule = ((ITypedTool)_audited.Tool).Descriptor.DomainRules[0];
        _source = new Uri("https://docs.example.org/guide/intro");

        // Every row answers the same call the same way before anything is measured.
        string expected = Text(SdkReflection().GetAwaiter().GetResult());
        if (Text(PipelineWithMemoryAudit().AsTask().GetAwaiter().GetResult()) != expected || Text(PipelineWithoutAudit().AsTask().GetAwaiter().GetResult()) != expected ||
            GeneratedParser() != 0)
        {
            throw new InvalidOperationException("The tools disagree.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _audited.Dispose();
        _unaudited.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<CallToolResult> SdkReflection() => _sdk.InvokeAsync(_audited.Context).AsTask();

    [Benchmark]
    public int GeneratedParser() => ((ITypedTool)_audited.Tool).ValidateArguments(_arguments).Count;

    [Benchmark]
    public string PathCheck() => _policy.Paths.Check("workspace", PathArgument, PathAccess.Read);

    [Benchmark]
    public Uri DomainCheck() => _policy.Domains.Check(_source, _rule);

    [Benchmark]
    public ValueTask<CallToolResult> PipelineWithoutAudit() => _unaudited.Tool.InvokeAsync(_unaudited.Context);

    [Benchmark]
    public ValueTask<CallToolResult> PipelineWithMemoryAudit() => _audited.Tool.InvokeAsync(_audited.Context);

    private static string Text(CallToolResult result) =>
        result.IsError == true ? throw new InvalidOperationException("The call failed: " + JsonSerializer.Serialize(result.Content[0]))
            : ((TextContentBlock)result.Content[0]).Text;
}
