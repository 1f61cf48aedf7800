using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedTools.CodeFixes;
using Xunit;

namespace TypedTools.Analyzers.Tests;

/// <summary>The attribute fixes leave the caret on the value the author must fill in (the IDE follows the navigation annotation).</summary>
public sealed class FixCaretTests
{
    private static async Task<string> AnnotatedTextAfterFix(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string source, int action = 0)
    {
        using var workspace = new AdhocWorkspace();
        Project project = workspace.AddProject("Tools", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithMetadataReferences(Verify<EffectsAnalyzer, DeclareEffectFix>.References);
        Document document = project.AddDocument("Tools.cs", Verify<EffectsAnalyzer, DeclareEffectFix>.Usings + source);
        Compilation compilation = (await document.Project.GetCompilationAsync(TestContext.Current.CancellationToken))!;
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
        Diagnostic diagnostic = diagnostics.First(d => fix.FixableDiagnosticIds.Contains(d.Id));

        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), TestContext.Current.CancellationToken));
        ApplyChangesOperation apply = (await actions[action].GetOperationsAsync(TestContext.Current.CancellationToken)).OfType<ApplyChangesOperation>().Single();
        SyntaxNode root = (await apply.ChangedSolution.GetDocument(document.Id)!.GetSyntaxRootAsync(TestContext.Current.CancellationToken))!;
        return root.GetAnnotatedTokens("CodeAction_Navigation") // the kind the IDE navigates to
            .Single().Text;
    }

    [Fact]
    public async Task AllowedPath_leaves_the_caret_on_the_root_name() =>
        Assert.Equal("\"workspace\"", await AnnotatedTextAfterFix(new ArgumentFlowAnalyzer(), new AddAllowedPathFix(), """
            public static class T
            {
                [McpServerTool, ReadOnly] public static string Read(string path) => File.ReadAllText(path);
            }
            """));

    [Fact]
    public async Task AllowedDomain_leaves_the_caret_on_the_host() =>
        Assert.Equal("\"example.org\"", await AnnotatedTextAfterFix(new ArgumentFlowAnalyzer(), new AddAllowedDomainFix(), """
            public static class T
            {
                [McpServerTool, ReadOnly] public static Task<string> Get(Uri url) => new HttpClient().GetStringAsync(url);
            }
            """));

    [Fact]
    public async Task Destructive_leaves_the_caret_on_the_effect_text() =>
        Assert.Equal("\"Describe what it changes\"", await AnnotatedTextAfterFix(new EffectsAnalyzer(), new DeclareEffectFix(), """
            public static class T
            {
                [McpServerTool] public static void Wipe() { }
            }
            """, action: 1)); // the second action is "Declare [Destructive]"
}
