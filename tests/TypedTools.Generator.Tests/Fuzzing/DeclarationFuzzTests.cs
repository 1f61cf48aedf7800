using System.Collections.Immutable;
using System.Text.Json;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelContextProtocol.Server;
using Xunit;

namespace TypedTools.Generator.Tests.Fuzzing;

/// <summary>
/// The generator over random declarations (<see cref="Declarations"/>). A generator that throws reports CS8785 and
/// drops every tool of the assembly, with a message that points nowhere near the cause; generated code that does not
/// compile fails a build the author cannot fix. So for every legal program: the generator does not throw, a tool it
/// refuses is refused with a TT diagnostic at the author's code, what it writes compiles without a warning, the analyzers
/// do not throw and refuse one tool name used twice, and every tool loads, publishes object schemas and answers junk
/// arguments with refusals rather than exceptions.
/// </summary>
/// <remarks>
/// CsCheck shrinks a failure towards fewer types, tools and parameters, and prints the seed that reproduces it.
/// <c>TYPEDTOOLS_FUZZ_ITERATIONS</c> runs longer than CI's default.
/// </remarks>
public sealed class DeclarationFuzzTests
{
    private static readonly int s_iterations = int.TryParse(Environment.GetEnvironmentVariable("TYPEDTOOLS_FUZZ_ITERATIONS"), out int n) ? n : 150;

    private static readonly string[] s_junk = ["null", "true", "0", "-1", "1.5", "1e400", "\"\"", "\"a\"", "\"2025-06-01T12:30:00Z\"", "[]", "[1, \"a\"]", "{}", "{\"x\": {}}"];

    private int _programs;
    private int _illegal;
    private int _validBuilt;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _illegalBecause = new();

    [Fact]
    public void The_generator_never_throws_and_what_it_writes_compiles_and_loads()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 5], Gen.Int[1, 5], Gen.Int[0, 5], Declarations.Write)
            .Sample(Check, iter: s_iterations, threads: 1, print: program => "\n" + program.Source);

        // Most programs must be legal C#, or the fuzzer explores nothing.
        Assert.True(_validBuilt * 2 > _programs - _illegal, $"Valid arguments were built for {_validBuilt} tools of {_programs - _illegal} legal programs.");
        Assert.True(_illegal * 4 < _programs, $"{_illegal} of {_programs} programs did not compile on their own: the declarations writer needs fixing. The most common first errors:\n" +
            string.Join("\n", _illegalBecause.OrderByDescending(e => e.Value).Take(8).Select(e => $"{e.Value} x {e.Key}")));
    }

    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers =
    [
        new TypedTools.Analyzers.SignatureAnalyzer(), new TypedTools.Analyzers.EffectsAnalyzer(),
        new TypedTools.Analyzers.ArgumentFlowAnalyzer(), new TypedTools.Analyzers.UntypedParameterAnalyzer(),
    ];

    private void Check(Declarations.Program program)
    {
        string source = program.Source;
        CancellationToken ct = TestContext.Current.CancellationToken;
        Interlocked.Increment(ref _programs);
        var input = GeneratorHarness.Compile(source);
        Diagnostic? illegal = input.GetDiagnostics(ct).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (illegal is not null)
        {
            Interlocked.Increment(ref _illegal);
            _illegalBecause.AddOrUpdate($"{illegal.Id} ({illegal.GetMessage()})", 1, (_, count) => count + 1);
            return;
        }

        var (_, output, diagnostics) = GeneratorHarness.Run(input);

        // CS8785 (the generator threw) and CS8784 (it failed to start) are the compiler's, never a TT diagnostic.
        Assert.All(diagnostics, d => Assert.StartsWith("TT", d.Id, StringComparison.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal(input.SyntaxTrees[0].FilePath, d.Location.GetLineSpan().Path));
        int refused = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

        // The author's program compiled; with the generator's output it must still compile, and the output itself warns about nothing.
        var problems = output.GetDiagnostics(ct)
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && !input.SyntaxTrees.Contains(d.Location.SourceTree!)))
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The analyzers, on what a build analyses (the author's code and the generator's): they never throw (an analyzer that
        // throws is switched off with a warning, AD0001, and its checks are lost), and they refuse two tools of one name
        // (TT1002) exactly when two methods ask for one.
        bool oneNameTwice = program.Tools.DistinctBy(t => t.Name).Count() != program.Tools.Count;
        var thrown = new System.Collections.Concurrent.ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), (e, analyzer, _) => thrown.Add(analyzer.GetType().Name + ": " + e),
            concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> analyzed = output.WithAnalyzers(s_analyzers, options).GetAnalyzerDiagnosticsAsync(ct).GetAwaiter().GetResult();
        Assert.True(thrown.IsEmpty, string.Join("\n", thrown));
        Assert.Equal(oneNameTwice, analyzed.Any(d => d.Id == "TT1002"));

        McpServerTool[] tools = GeneratorHarness.LoadTools(output);
        Assert.True(tools.Length <= program.Tools.Count);
        if (refused == 0 && !oneNameTwice)
        {
            // Every method is a tool of the name it asked for, whose arguments are exactly its data parameters.
            Assert.Equal(program.Tools.Select(t => t.Name).Order(StringComparer.Ordinal), tools.Select(t => t.ProtocolTool.Name).Order(StringComparer.Ordinal));
            foreach (Declarations.ToolMethod method in program.Tools)
            {
                JsonElement schema = tools.Single(t => t.ProtocolTool.Name == method.Name).ProtocolTool.InputSchema;
                string[] published = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();
                Assert.Subset(published.ToHashSet(), method.Parameters.ToHashSet());
                Assert.Subset(method.Parameters.Concat(method.MaybeServices).ToHashSet(), published.ToHashSet());
            }
        }
        foreach (McpServerTool tool in tools)
        {
            JsonElement schema = tool.ProtocolTool.InputSchema;
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.True(tool.ProtocolTool.OutputSchema is null || tool.ProtocolTool.OutputSchema.Value.GetProperty("type").GetString() == "object");
            RefusesJunk((ITypedTool)tool);
            if (SchemaInstances.TryBuild(schema, out System.Text.Json.Nodes.JsonNode? valid))
            {
                // What the published schema allows, the parser accepts.
                Interlocked.Increment(ref _validBuilt);
                AcceptsAndRoundTrips((ITypedTool)tool, GeneratorHarness.Arguments(valid!.ToJsonString()), valid.ToJsonString());
            }
        }
    }

    /// <summary>The arguments are accepted, and their canonical form is accepted again and gives itself back.</summary>
    private static void AcceptsAndRoundTrips(ITypedTool tool, Dictionary<string, JsonElement> arguments, string shown)
    {
        IReadOnlyList<TypedTools.Arguments.ArgumentError> errors = tool.ValidateArguments(arguments, out ReadOnlyMemory<byte> canonical);
        Assert.True(errors.Count == 0, $"{tool.Descriptor.Name} refused {shown}: {string.Join("; ", errors)}");
        Assert.Empty(tool.ValidateArguments(GeneratorHarness.Arguments(System.Text.Encoding.UTF8.GetString(canonical.Span)), out ReadOnlyMemory<byte> twice));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(canonical.Span), System.Text.Encoding.UTF8.GetString(twice.Span));
    }

    /// <summary>Every declared property, and an unknown one, set to every kind of JSON value: refusals or acceptance, never an exception.</summary>
    private static void RefusesJunk(ITypedTool tool)
    {
        _ = tool.ValidateArguments(new Dictionary<string, JsonElement>());
        _ = tool.ValidateArguments(null);
        var names = ((McpServerTool)tool).ProtocolTool.InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Append("zzUnknown").ToList();
        foreach (string name in names)
        {
            foreach (string junk in s_junk)
            {
                var arguments = new Dictionary<string, JsonElement> { [name] = JsonDocument.Parse(junk).RootElement.Clone() };
                if (tool.ValidateArguments(arguments).Count == 0)
                {
                    AcceptsAndRoundTrips(tool, arguments, $"{{\"{name}\": {junk}}}");
                }
            }
        }
    }
}
