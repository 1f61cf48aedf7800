using System.Text.Json;
using Microsoft.CodeAnalysis;
using ModelContextProtocol.Server;
using TypedTools.Generator.Helpers;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>
/// The generated code is named after the author's types and methods (its classes, members, helpers, files and schema
/// definitions). Names that differ must stay different there: types whose dotted names differ only where a dot and an
/// underscore trade places, overloads of one method, non-ASCII names, and type names that differ only in case.
/// </summary>
public sealed class GeneratedNamesTests
{
    private const string Source = """
        using ModelContextProtocol.Server;

        namespace A { public static class B_C { [McpServerTool(Name = "a_b_c")] public static int Run(int x) => x; } }
        namespace A_B { public static class C { [McpServerTool(Name = "a_b__c")] public static int Run(int x) => x + 1; } }

        namespace N
        {
            public static class Tools { [McpServerTool(Name = "upper")] public static int Run(int x) => x + 2; }
            public static class tools { [McpServerTool(Name = "lower")] public static int Run(int x) => x + 3; }
        }

        public static class Overloads
        {
            [McpServerTool(Name = "by_number")] public static int Run(int x) => x;
            [McpServerTool(Name = "by_text")] public static int Run(string x) => x.Length;
            [McpServerTool(Name = "suffixed")] public static int Run_1(int x) => x;
            [McpServerTool(Name = "umlaut")] public static int Über(int x) => x;
            [McpServerTool(Name = "underscore")] public static int _ber(int x) => x;
        }

        namespace E { public enum F_G { Red, Green } }
        namespace E_F { public enum G { Up, Down } }

        public static class Modes
        {
            [McpServerTool(Name = "modes")] public static string Pick(E.F_G colour, E_F.G direction) => $"{colour} {direction}";
        }
        """;

    [Fact]
    public void Names_that_differ_stay_apart_in_the_generated_code()
    {
        var (driver, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(Source));

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string[] files = driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName).ToArray();
        Assert.Contains("A_B_0C_Tools.g.cs", files);
        Assert.Contains("A_0B_C_Tools.g.cs", files);
        Assert.Contains("N_Tools_Tools.g.cs", files);
        Assert.Contains("N_tools_Tools.2.g.cs", files);
        Assert.Equal(files.Length, files.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        string overloads = GeneratorHarness.Generated(driver, "Overloads_Tools.g.cs");
        Assert.Contains("Run_Overload1_Tool()", overloads, StringComparison.Ordinal);
        Assert.Contains("Run_Overload2_Tool()", overloads, StringComparison.Ordinal);
        Assert.Contains("Run_01_Tool()", overloads, StringComparison.Ordinal);
        Assert.Contains("_100dcber_Tool()", overloads, StringComparison.Ordinal);
        Assert.Contains("_0ber_Tool()", overloads, StringComparison.Ordinal);

        // Every tool is registered and keeps its own schema: each enum its own members.
        Dictionary<string, JsonElement> schemas = GeneratorHarness.LoadTools(output).ToDictionary(t => t.ProtocolTool.Name, t => t.ProtocolTool.InputSchema);
        Assert.Equal(["a_b__c", "a_b_c", "by_number", "by_text", "lower", "modes", "suffixed", "umlaut", "underscore", "upper"], schemas.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("string", schemas["by_text"].GetProperty("properties").GetProperty("x").GetProperty("type").GetString());
        string modes = schemas["modes"].GetRawText();
        Assert.Contains("\"Red\",\"Green\"", modes, StringComparison.Ordinal);
        Assert.Contains("\"Up\",\"Down\"", modes, StringComparison.Ordinal);
    }

    /// <summary>Keywords as names, and parameter and member names that are the generated code's own locals and parameters.</summary>
    private const string Keywords = """
        using ModelContextProtocol.Server;
        using TypedTools;

        namespace @namespace.@class;

        public sealed record @record(string Text, int Reader, string? Json, int At, int Errors, string Property, int m0Seen, int v0, int value, int items, int index);

        public enum @enum { @class, @int, Value }

        public sealed class Dependency { }

        public sealed class @Tools(Dependency services)
        {
            public Dependency Services => services;

            [McpServerTool(Name = "locals"), ReadOnly]
            public int Locals(int b, string arguments, int request, string cancellationToken, int services, int instance, int result, string Item1, int Rest,
                int @class, int value, @record item, @enum e, int ToString, int _) => b;

            [McpServerTool(Name = "keyword_method"), ReadOnly]
            public int @class(int @int, @enum choice = @enum.@class) => @int;

            [McpServerTool(Name = "records"), ReadOnly]
            public @record[] Records(@record[] records, System.Collections.Generic.List<@record?>? more, System.Threading.CancellationToken token) => records;

            [McpServerTool(Name = "async_locals"), ReadOnly]
            public async System.Threading.Tasks.Task<@record> AsyncLocals(int result, int task, int awaiter)
            {
                await System.Threading.Tasks.Task.Yield();
                return new @record("", result, null, task, awaiter, "", 0, 0, 0, 0, 0);
            }
        }
        """;

    [Fact]
    public void Keywords_and_the_generated_codes_own_names_as_the_authors_names_compile()
    {
        var (driver, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(Keywords));

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("namespace_class_Tools_Tools.g.cs", driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName));
        Assert.Equal(["async_locals", "keyword_method", "locals", "records"], GeneratorHarness.LoadTools(output).Select(t => t.ProtocolTool.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_identifier_of_a_name_is_never_another_names()
    {
        // Every name of up to five characters from an alphabet holding each kind of character the rule treats apart (a
        // letter, a digit, '_', '.', a non-ASCII letter, a bracket): 6,929 names.
        const string Alphabet = "a1_.é<";
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string> { "" };
        for (int length = 1; length <= 5; length++)
        {
            names = names.SelectMany(n => Alphabet.Select(c => n + c)).ToList();
            foreach (string name in names.Where(IsName))
            {
                string identifier = Naming.UniqueIdentifier(name);
                Assert.True(seen.TryAdd(identifier, name), $"'{name}' and '{seen.GetValueOrDefault(identifier)}' both give '{identifier}'");
                Assert.Matches("^[A-Za-z_][A-Za-z0-9_]*$", identifier);
                // A suffix of '_' and a letter, or of "_9", never makes one name's identifier another's.
                Assert.DoesNotContain("_9", identifier, StringComparison.Ordinal);
            }
        }
        Assert.Equal(6_929, seen.Count);
        Assert.Equal("Sample_FileTools", Naming.UniqueIdentifier("global::Sample.FileTools"));
        Assert.Equal("System_class_Tools", Naming.UniqueIdentifier("global::System.@class.Tools"));
    }

    /// <summary>What the rule assumes of a name, as the compiler's names are: no digit first, none after a dot.</summary>
    private static bool IsName(string name) => !char.IsAsciiDigit(name[0]) && !name.Contains(".1", StringComparison.Ordinal);
}
