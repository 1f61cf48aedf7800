using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace TypedTools.Analyzers.Tests;

/// <summary>Runs an analyzer (and a code fix) over source with offline references: .NET 10, the MCP SDK and TypedTools.</summary>
public static class Verify<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    /// <summary>The references every test compiles against.</summary>
    public static MetadataReference[] References => s_references;

    private static readonly MetadataReference[] s_references =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Server.McpServerTool).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(TypedTools.ReadOnlyAttribute).Assembly.Location),
    ];

    public const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using ModelContextProtocol.Server;
        using TypedTools;

        """;

    private static CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier> Create(string source, string? fixedSource, int iterations = 1)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CompilerDiagnostics = CompilerDiagnostics.Errors,
            NumberOfFixAllIterations = iterations,
        };
        test.TestState.AdditionalReferences.AddRange(s_references);
        if (fixedSource != null)
        {
            test.FixedCode = fixedSource;
            test.FixedState.AdditionalReferences.AddRange(s_references);
        }
        return test;
    }

    /// <summary>The diagnostics in <paramref name="source"/>'s markup, and no others.</summary>
    public static Task Diagnostics(string source) => Create(Usings + source, null).RunAsync(TestContext.Current.CancellationToken);

    /// <summary>The diagnostics in the markup, and no fix offered for any of them.</summary>
    public static Task NoFix(string source)
    {
        CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier> test = Create(Usings + source, Usings + source, iterations: 0);
        test.NumberOfIncrementalIterations = 0;
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The diagnostics in the markup, and <paramref name="fixedSource"/> after the fix (one at a time and fix-all).</summary>
    public static Task Fix(string source, string fixedSource, string? equivalenceKey = null)
    {
        CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier> test = Create(Usings + source, Usings + fixedSource);
        test.CodeActionEquivalenceKey = equivalenceKey;
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}
