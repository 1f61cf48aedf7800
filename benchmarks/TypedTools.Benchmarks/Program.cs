// Run: dotnet run -c Release --project benchmarks/TypedTools.Benchmarks -- --filter '*'
// Results are ratios against a baseline measured in the same run (see each suite's [Benchmark(Baseline = true)]).
using BenchmarkDotNet.Running;

if (args is ["e2e-interleaved", .. var rest])
{
    await TypedTools.Benchmarks.EndToEndBenchmarks.ReportInterleaved(Console.Out, rest is [var r, ..] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 31);
    return;
}
if (args is ["write-build-sources", var directory])
{
    TypedTools.Benchmarks.BuildBenchmarks.WriteSources(directory);
    return;
}
if (args is ["build-times"])
{
    TypedTools.Benchmarks.BuildBenchmarks.ReportBuildTimes(Console.Out);
    return;
}
if (args is ["generator-loop", var generatorSeconds, .. var responseFile])
{
    // For profilers: the generator's run alone on the 1,000-tool project (or on a real build's compilation, from its
    // compiler response file), on a fresh driver each time; prints ms per run.
    TypedTools.Benchmarks.BuildBenchmarks.GeneratorLoop(Console.Out, int.Parse(generatorSeconds, System.Globalization.CultureInfo.InvariantCulture),
        responseFile is [var file] ? file : null);
    return;
}
if (args is ["analyzer-times"])
{
    await TypedTools.Benchmarks.BuildBenchmarks.ReportAnalyzerTimes(Console.Out);
    return;
}
if (args is ["e2e-loop", var which, var seconds, .. var options])
{
    // For profilers (dotnet-trace collect -- dotnet TypedTools.Benchmarks.dll e2e-loop typed 10): one side's round trips in a
    // loop, with the time spent inside the server's call handler and, with --allocations, sampled allocations by type.
    TypedTools.Benchmarks.EndToEndBenchmarks.MeasureHandler = true;
    var e2e = new TypedTools.Benchmarks.EndToEndBenchmarks
    {
        Signature = Option("--signature") ?? "three",
        Audit = Option("--audit") ?? "memory",
    };
    await e2e.Setup();
    using var allocations = options.Contains("--allocations") ? new AllocationSampler() : null;
    var until = DateTime.UtcNow.AddSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    long calls = 0;
    var timer = System.Diagnostics.Stopwatch.StartNew();
    while (DateTime.UtcNow < until)
    {
        _ = which == "sdk" ? await e2e.SdkReflectionTool() : await e2e.TypedToolsTool();
        calls++;
    }
    Console.WriteLine($"{which}: {calls} calls, {timer.Elapsed.TotalMicroseconds / calls:0.0} us per round trip; {TypedTools.Benchmarks.EndToEndBenchmarks.HandlerTicks * 1e6 / System.Diagnostics.Stopwatch.Frequency / Math.Max(1, TypedTools.Benchmarks.EndToEndBenchmarks.HandlerCalls):0.0} us of it in the server's call handler");
    await e2e.Cleanup();
    allocations?.Print(calls);
    return;
}
if (args is ["bind-loop", var signature, var bindSeconds])
{
    // For profilers: the generated parser of one signature on its valid call, in a loop (ArgumentBindingBenchmarks' set-up).
    var binding = new TypedTools.Benchmarks.ArgumentBindingBenchmarks { Signature = signature };
    binding.Setup();
    var bindUntil = DateTime.UtcNow.AddSeconds(int.Parse(bindSeconds, System.Globalization.CultureInfo.InvariantCulture));
    long parses = 0;
    var bindTimer = System.Diagnostics.Stopwatch.StartNew();
    while (DateTime.UtcNow < bindUntil)
    {
        for (int i = 0; i < 1000; i++)
        {
            binding.GeneratedParser();
        }
        parses += 1000;
    }
    Console.WriteLine($"{signature}: {bindTimer.Elapsed.TotalNanoseconds / parses:0} ns per parse");
    binding.Cleanup();
    return;
}
if (args is ["pipeline-loop", var pipelineSignature, var pipelineSeconds, .. var pipelineOptions])
{
    // The whole generated pipeline on a valid call, called directly (no transport: the handler's cost alone, far steadier
    // than a round trip on a shared machine), with the in-memory audit or (--audit none) a sink that keeps nothing.
    var pipeline = new TypedTools.Benchmarks.ArgumentBindingBenchmarks
    {
        Signature = pipelineSignature,
        AuditSink = Option("--audit") == "none" ? new TypedTools.Benchmarks.EndToEndBenchmarks.NoAuditSink() : new TypedTools.Audit.MemoryAuditSink(capacity: 64),
    };
    pipeline.Setup();
    using var pipelineAllocations = pipelineOptions.Contains("--allocations") ? new AllocationSampler() : null;
    long pipelineCalls = 0;
    var rounds = new List<double>();
    var pipelineUntil = DateTime.UtcNow.AddSeconds(int.Parse(pipelineSeconds, System.Globalization.CultureInfo.InvariantCulture));
    while (DateTime.UtcNow < pipelineUntil)
    {
        var round = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 20_000; i++)
        {
            _ = await pipeline.GeneratedPipeline();
        }
        rounds.Add(round.Elapsed.TotalNanoseconds / 20_000);
        pipelineCalls += 20_000;
    }
    rounds.Sort();
    Console.WriteLine($"{pipelineSignature}: {rounds[rounds.Count / 2]:0} ns per call (median of {rounds.Count} rounds of 20,000; quartiles {rounds[rounds.Count / 4]:0}-{rounds[rounds.Count * 3 / 4]:0})");
    pipeline.Cleanup();
    pipelineAllocations?.Print(pipelineCalls);
    return;
}
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Samples allocations by type (the runtime's allocation tick, about one per 100 KB) for the e2e-loop and pipeline-loop probes.</summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.PayloadNames is { } names)
        {
            string type = e.Payload![names.IndexOf("TypeName")] as string ?? "?";
            long amount = Convert.ToInt64(e.Payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            lock (_bytes)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }

    public void Print(long calls)
    {
        lock (_bytes)
        {
            foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(25))
            {
                Console.WriteLine($"{bytes / (double)calls,10:0} B/call  {type}");
            }
        }
    }
}
