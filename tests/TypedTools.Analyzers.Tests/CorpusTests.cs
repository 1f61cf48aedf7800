using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace TypedTools.Analyzers.Tests;

/// <summary>Realistic unsafe tools (the classes of attacks.md) must each fail the build; realistic safe tools must build without a TypedTools warning.</summary>
public sealed class CorpusTests
{
    private static readonly string s_corpus = Path.Combine(typeof(CorpusTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!, "tests", "TypedTools.Analyzers.Tests", "Corpus");

    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers =
        [new EffectsAnalyzer(), new ArgumentFlowAnalyzer(), new SignatureAnalyzer()];

    public static TheoryData<string> Unsafe() => Files("Unsafe");

    public static TheoryData<string> Safe() => Files("Safe");

    private static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(s_corpus, kind), "*.cs").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string kind, string file)
    {
        string source = Verify<EffectsAnalyzer, CodeFixes.DeclareEffectFix>.Usings + File.ReadAllText(Path.Combine(s_corpus, kind, file));
        var compilation = CSharpCompilation.Create("Corpus", [CSharpSyntaxTree.ParseText(source, path: file, cancellationToken: TestContext.Current.CancellationToken)],
            [
                .. Basic.Reference.Assemblies.Net100.References.All,
                MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Server.McpServerTool).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(TypedTools.ReadOnlyAttribute).Assembly.Location),
            ],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error));
        return await compilation.WithAnalyzers(s_analyzers).GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(Unsafe))]
    public async Task An_unsafe_tool_fails_the_build(string file)
    {
        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync("Unsafe", file);
        Assert.Contains(diagnostics, d => d.Id.StartsWith("TT", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [MemberData(nameof(Safe))]
    public async Task A_safe_tool_builds_without_a_TypedTools_warning(string file)
    {
        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync("Safe", file);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
    }
}
