using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>
/// Emitted files for representative tools, compared with reviewed baselines under Baselines/. A change in
/// emitted code shows up as a diff to review; set TYPEDTOOLS_UPDATE_BASELINES=1 to rewrite them.
/// </summary>
public sealed class BaselineTests
{
    [Theory]
    [InlineData("Sample_FileTools_ReadFile_Tool.g.cs")]
    [InlineData("Sample_FetchTools_Fetch_Tool.g.cs")]
    [InlineData("Sample_MessageTools_SendMessage_Tool.g.cs")]
    [InlineData("TypedTools.Registry.g.cs")]
    [InlineData("TypedTools.Manifest.g.cs")]
    public void Emitted_code_matches_its_baseline(string hintName)
    {
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Workspace));

        AssertBaseline(hintName, GeneratorHarness.Generated(driver, hintName));
    }

    [Fact]
    public void Generated_code_compiles_without_warnings()
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Workspace));

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Hostile_strings_in_names_descriptions_and_patterns_stay_inside_their_literals()
    {
        const string source = """"
            using System.ComponentModel;
            using System.ComponentModel.DataAnnotations;
            using ModelContextProtocol.Server;
            namespace Evil;
            public static class T
            {
                /// <summary>Ends "quotes" \ backslash """ raw */ comment
                /// new line and {braces} and \u0000 and ünïcödé 😀 &lt;tag&gt;</summary>
                [McpServerTool(Name = "evil.tool-1", Title = "\"\"\" }; System.Environment.Exit(1); //")]
                public static string Run([Description("\"\"\"\n#error injected")] [RegularExpression("\"[a-z]+\\\\\"")] string value) => value;
            }
            """";
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.All(output.SyntaxTrees.Skip(1), tree => Assert.Empty(tree.GetDiagnostics(TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("private static string Hidden() => \"\";", "private")]
    [InlineData("public static string Generic<T>() => \"\";", "generic")]
    [InlineData("public static string Bad(object value) => \"\";", "cannot be read from JSON")]
    [InlineData("[TypedTools.ReadOnly, TypedTools.Destructive] public static string Both() => \"\";", "both [ReadOnly] and [Destructive]")]
    [InlineData("[TypedTools.ReadOnly] public static string Contradiction() => \"\";", "contradict")]
    [InlineData("public static string PathOnInt([TypedTools.AllowedPath(\"ws\")] int path) => \"\";", "[AllowedPath] applies to string parameters")]
    [InlineData("public static string BadRoot([TypedTools.AllowedPath(\"../etc\")] string path) => \"\";", "root name '../etc' is not valid")]
    [InlineData("public static string NoHosts([TypedTools.AllowedDomain] System.Uri url) => \"\";", "allow nothing")]
    [InlineData("public static string DomainOnInt([TypedTools.AllowedDomain(\"a.example\")] int url) => \"\";", "[AllowedDomain] applies to Uri and string")]
    [InlineData("public static string ClaimInt([TypedTools.FromClaim(\"tenant\")] int tenant) => \"\";", "[FromClaim] binds a string")]
    [InlineData("public static string MatchInt([TypedTools.MatchesClaim(\"tenant\")] int tenant) => \"\";", "[MatchesClaim] compares a string")]
    [InlineData("public static string DestinationInt([TypedTools.Destination] int to) => \"\";", "[Destination] applies to strings")]
    [InlineData("[TypedTools.Preview(\"Nope\")] public static string Previewed(string a) => a;", "does not exist")]
    [InlineData("public static string Wipe(string a) => a; public static string WipePreview(string b) => b;", "not a parameter of 'Wipe'")]
    [InlineData("public static string Purge(string a) => a; public static int PurgePreview(string a) => 1;", "must return string")]
    [InlineData("public static string Purge(int secret2, [TypedTools.Secret] int pin) => \"\";", "[Secret] applies to string parameters")]
    [InlineData("public static string Nested(Req req) => \"\"; public sealed record Req([property: TypedTools.AllowedPath(\"ws\")] string Path);", "not to members")]
    public void A_method_that_cannot_become_a_tool_fails_the_build_with_TT9001(string method, string reason)
    {
        string attribute = reason == "contradict" ? "[McpServerTool(ReadOnly = false)]" : "[McpServerTool]";
        string source = $$"""
            using ModelContextProtocol.Server;
            namespace Bad;
            public static class T
            {
                {{attribute}}
                {{method}}
            }
            """;
        var (driver, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("TT9001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.DoesNotContain(driver.GetRunResult().Results.Single().GeneratedSources, s => s.HintName.StartsWith("Bad_", StringComparison.Ordinal));
    }

    private static void AssertBaseline(string hintName, string actual)
    {
        string directory = typeof(BaselineTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BaselineDirectory").Value!;
        string path = Path.Combine(directory, hintName + ".txt");
        if (Environment.GetEnvironmentVariable("TYPEDTOOLS_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No baseline {path}: run the tests with TYPEDTOOLS_UPDATE_BASELINES=1, then review and commit it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }
}
