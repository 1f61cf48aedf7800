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

            public sealed record Query(string Text, [property: Range(1, 100)] int Limit = 10);

            """);
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

    private static CSharpCompilation Compile(string[] sources) => CSharpCompilation.Create("Big",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_parse, path: $"Tools{i}.cs")), s_references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create([new TypedToolsGenerator().AsSourceGenerator()], parseOptions: s_parse);

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

    [Benchmark]
    public int GeneratorAfterOneBodyEdit() => _warmDriver.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;
}
