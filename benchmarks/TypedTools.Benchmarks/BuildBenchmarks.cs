using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedTools.Analyzers;
using TypedTools.Generator;

namespace TypedTools.Benchmarks;

/// <summary>
/// The cost TypedTools adds to a build of a project with 1,000 tools: compiling it as it is (the baseline), with the
/// generator, with the generator and the analyzers, and the generator's re-run after one method body changes.
/// </summary>
[MemoryDiagnoser]
public class BuildBenchmarks
{
    private const int Tools = 1000;

    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.CSharp12);
    private static readonly MetadataReference[] s_references =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Server.McpServerTool).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.McpServerBuilderExtensions).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(TypedTools.ReadOnlyAttribute).Assembly.Location),
    ];

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = Compile(Source(edit: false));
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText(Source(edit: true).Last(), s_parse, path: "Tools9.cs"));
        _warmDriver = Driver().RunGenerators(_compilation);
    }

    /// <summary>Ten files of 100 tools: records, path and domain guards, ranges and effects, as real tools have.</summary>
    private static string[] Source(bool edit) => Enumerable.Range(0, 10).Select(file =>
    {
        var text = new StringBuilder("""
            using System;
            using System.ComponentModel.DataAnnotations;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;
            using TypedTools;

            namespace Big;

            """);
        if (file == 0)
        {
            text.Append("public sealed record Query(string Text, [property: Range(1, 100)] int Limit = 10);\n\n");
        }
        text.Append("public static class Tools").Append(file).Append("\n{\n");
        for (int i = 0; i < Tools / 10; i += 2) // two tools per step: 100 per file
        {
            int n = file * 100 + i;
            string body = edit && file == 9 && i == 0 ? "text.Length + 1" : "text.Length";
            text.Append($$"""
                    /// <summary>Tool {{n}}.</summary>
                    [McpServerTool(Name = "tool_{{n}}"), ReadOnly]
                    public static int Tool{{n}}([AllowedPath("workspace")] string path, string text, Query query, [Range(0, 9)] int level = 1) => {{body}};

                    [McpServerTool(Name = "fetch_{{n}}"), ReadOnly]
                    public static Task<string> Fetch{{n}}([AllowedDomain("docs.example.org")] Uri url) => Task.FromResult(url.Host);

                """);
        }
        return text.Append("}\n").ToString();
    }).ToArray();

    /// <summary>Writes the 1,000-tool project's sources (Tools0.cs ... Tools9.cs) for the whole-build measurement (benchmarks/build.sh).</summary>
    public static void WriteSources(string directory)
    {
        string[] sources = Source(edit: false);
        for (int i = 0; i < sources.Length; i++)
        {
            File.WriteAllText(Path.Join(directory, $"Tools{i}.cs"), sources[i]);
        }
    }

    private static CSharpCompilation Compile(string[] sources) => CSharpCompilation.Create("Big",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_parse, path: $"Tools{i}.cs")), s_references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriver Driver(CSharpParseOptions? parse = null) =>
        CSharpGeneratorDriver.Create([new TypedToolsGenerator().AsSourceGenerator()], parseOptions: parse ?? s_parse);

    [Benchmark(Baseline = true)]
    public int CompileWithoutTypedTools() => _compilation.Clone().GetDiagnostics().Length; // a clone: no semantic caches carried over

    [Benchmark]
    public int CompileWithGenerator()
    {
        Driver().RunGeneratorsAndUpdateCompilation(_compilation, out Compilation output, out _);
        return output.GetDiagnostics().Length;
    }

    [Benchmark]
    public async Task<int> CompileWithGeneratorAndAnalyzers()
    {
        Driver().RunGeneratorsAndUpdateCompilation(_compilation, out Compilation output, out _);
        ImmutableArray<Diagnostic> diagnostics = await output.WithAnalyzers([new EffectsAnalyzer(), new ArgumentFlowAnalyzer(), new SignatureAnalyzer()])
            .GetAllDiagnosticsAsync();
        return diagnostics.Length;
    }

    /// <summary>
    /// What each analyzer adds on the generated project (<c>-- analyzer-times</c>): the compile alone, then the compile
    /// with no analyzer work but the driver (an analyzer that registers nothing), with each analyzer alone, and with all.
    /// Medians of several runs, each on a fresh clone (no semantic caches carried over).
    /// </summary>
    public static async Task ReportAnalyzerTimes(TextWriter output, int runs = 11)
    {
        var build = new BuildBenchmarks();
        build.Setup();
        Driver().RunGeneratorsAndUpdateCompilation(build._compilation, out Compilation compilation, out _);
        if (compilation.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
        {
            throw new InvalidOperationException("The generated project does not compile: " + error);
        }
        DiagnosticAnalyzer[] all = [new EffectsAnalyzer(), new ArgumentFlowAnalyzer(), new SignatureAnalyzer(), new UntypedParameterAnalyzer()];
        var cases = new List<(string Name, DiagnosticAnalyzer[] Analyzers)> { ("compile alone", []), ("driver only (no-op analyzer)", [new NoOpAnalyzer()]) };
        cases.AddRange(all.Select(a => (a.GetType().Name, new[] { a })));
        cases.Add(("all four", all));
        // Round robin over the cases, so that drift in the machine's speed spreads over all of them alike.
        var times = cases.Select(_ => new List<double>()).ToList();
        for (int run = 0; run < runs; run++)
        {
            for (int c = 0; c < cases.Count; c++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var timer = System.Diagnostics.Stopwatch.StartNew();
                _ = cases[c].Analyzers.Length == 0 ? compilation.Clone().GetDiagnostics().Length
                    : (await compilation.Clone().WithAnalyzers([.. cases[c].Analyzers]).GetAllDiagnosticsAsync()).Length;
                times[c].Add(timer.Elapsed.TotalMilliseconds);
            }
        }
        double baseline = Samples.Median(times[0]), driver = Samples.Median(times[1]);
        output.WriteLine($"{"case",-30} {"median",8}  {"vs compile",10}  {"vs driver",9}   (medians of {runs} interleaved runs)");
        for (int c = 0; c < cases.Count; c++)
        {
            double median = Samples.Median(times[c]);
            output.WriteLine($"{cases[c].Name,-30} {median,8:0} ms  {median / baseline,9:0.00}x  {median / driver,8:0.00}x");
        }
    }

    /// <summary>
    /// The build comparison interleaved (<c>-- build-times</c>): compile without TypedTools and with the generator in
    /// alternating runs, each on a fresh clone; medians and the median of the per-run ratios. On this shared machine
    /// BenchmarkDotNet's sequential runs of the two drift apart by more than the difference being measured.
    /// </summary>
    public static void ReportBuildTimes(TextWriter output, int runs = 11)
    {
        var build = new BuildBenchmarks();
        build.Setup();
        _ = build.CompileWithoutTypedTools();
        _ = build.CompileWithGenerator();
        var without = new List<double>();
        var with = new List<double>();
        var generatorAlone = new List<double>();
        var ratios = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            without.Add(Time(() => build.CompileWithoutTypedTools()));
            double b = Time(() => build.CompileWithGenerator());
            with.Add(b);
            ratios.Add(b / without[^1]);
            // The generator's own share: its run on a fresh driver, without compiling what it emits.
            generatorAlone.Add(Time(() => Driver().RunGenerators(build._compilation.Clone()).GetRunResult().GeneratedTrees.Length));
        }
        output.WriteLine($"compile without TypedTools {Samples.Median(without),8:0} ms");
        output.WriteLine($"compile with the generator {Samples.Median(with),8:0} ms   {Samples.Median(ratios):0.00}x (median of {runs} interleaved runs' ratios)");
        output.WriteLine($"  of which the generator   {Samples.Median(generatorAlone),8:0} ms   (its run alone on a fresh driver)");

        static double Time(Func<int> work)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var timer = System.Diagnostics.Stopwatch.StartNew();
            _ = work();
            return timer.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>The generator's run alone, on fresh drivers in a loop for <paramref name="seconds"/> (<c>-- generator-loop</c>, for a profiler).</summary>
    public static void GeneratorLoop(TextWriter output, int seconds, string? responseFile = null)
    {
        CSharpCompilation compilation;
        CSharpParseOptions parse = s_parse;
        if (responseFile is null)
        {
            var build = new BuildBenchmarks();
            build.Setup();
            compilation = build._compilation;
        }
        else
        {
            (compilation, parse) = FromCommandLine(responseFile);
        }
        var times = new List<double>();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var timer = System.Diagnostics.Stopwatch.StartNew();
            _ = Driver(parse).RunGenerators(compilation.Clone()).GetRunResult().GeneratedTrees.Length;
            times.Add(timer.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"generator alone: median {Samples.Median(times):0} ms over {times.Count} runs (the first {times[0]:0} ms)");
    }

    /// <summary>
    /// The compilation a real build hands the compiler: its response file (the compiler's arguments, one per line, as
    /// <c>dotnet build -v d</c> prints them; relative paths from the file's directory). Language version, documentation
    /// mode and references then are the build's own.
    /// </summary>
    private static (CSharpCompilation, CSharpParseOptions) FromCommandLine(string responseFile)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(responseFile))!;
        CSharpCommandLineArguments arguments = CSharpCommandLineParser.Default.Parse(["@" + Path.GetFullPath(responseFile)], directory, sdkDirectory: null);
        var trees = arguments.SourceFiles.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f.Path), arguments.ParseOptions, f.Path));
        var references = arguments.MetadataReferences.Select(r => MetadataReference.CreateFromFile(Path.GetFullPath(r.Reference, directory)));
        return (CSharpCompilation.Create(arguments.CompilationName ?? "Big", trees, references, arguments.CompilationOptions), arguments.ParseOptions);
    }

    /// <summary>Registers nothing: what running any analyzer at all costs the compiler (not exported: only handed to WithAnalyzers).</summary>
#pragma warning disable RS1001, RS1036 // a measuring probe, never loaded by a compiler
    private sealed class NoOpAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Descriptors.NoEffectDeclared];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
        }
    }
#pragma warning restore RS1001, RS1036

    [Benchmark]
    public int GeneratorAfterOneBodyEdit() => _warmDriver.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;
}
