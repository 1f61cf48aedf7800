// Run: dotnet run -c Release --project benchmarks/TypedTools.Benchmarks -- --filter '*'
// Results are ratios against a baseline measured in the same run (see each suite's [Benchmark(Baseline = true)]).
using BenchmarkDotNet.Running;

if (args is ["analyzer-times"])
{
    await TypedTools.Benchmarks.BuildBenchmarks.ReportAnalyzerTimes(Console.Out);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
