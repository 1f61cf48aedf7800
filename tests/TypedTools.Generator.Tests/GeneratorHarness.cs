using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedTools.Generator.Tests;

/// <summary>Compiles source with the generator, offline: reference assemblies from Basic.Reference.Assemblies.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly ImmutableArray<MetadataReference> s_references =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Server.McpServerTool).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.McpServerBuilderExtensions).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(TypedTools.ReadOnlyAttribute).Assembly.Location),
    ];

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver; <paramref name="properties"/> are MSBuild properties the generator sees (name without <c>build_property.</c>).</summary>
    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create([new TypedToolsGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
            optionsProvider: new Properties(properties ?? new Dictionary<string, string>()),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The MSBuild properties a project passes to the generator (its global analyzer config).</summary>
    private sealed class Properties(IReadOnlyDictionary<string, string> properties) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Options(properties);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(IReadOnlyDictionary<string, string> properties) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                properties.TryGetValue(key.Replace("build_property.", "", StringComparison.Ordinal), out value);
        }
    }

    /// <summary>Runs the generator; returns the driver (for re-runs) and the output compilation with its diagnostics.</summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (driver, output, diagnostics);
    }

    public static string Generated(GeneratorDriver driver, string hintName) =>
        driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>
    /// One tool's members in its type's file (<c>{type}_Tools.g.cs</c>): from the comment that opens them ("the members named
    /// {member}_*") to the next tool's.
    /// </summary>
    public static string GeneratedTool(GeneratorDriver driver, string type, string member)
    {
        string file = Generated(driver, type + "_Tools.g.cs");
        const string Opening = "// The MCP tool '";
        int named = file.IndexOf("the members named " + member + "_*.", StringComparison.Ordinal);
        if (named < 0)
        {
            throw new InvalidOperationException($"No tool '{member}' in {type}_Tools.g.cs.");
        }
        int start = file.LastIndexOf(Opening, named, StringComparison.Ordinal);
        int next = file.IndexOf(Opening, named, StringComparison.Ordinal);
        return next < 0 ? file[start..] : file[start..next];
    }

    /// <summary>A call's arguments from a JSON object's text, as a client sends them.</summary>
    public static Dictionary<string, System.Text.Json.JsonElement> Arguments(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    /// <summary>Emits the compilation into a collectible load context and asks it for its tools, as <c>WithTypedTools</c> does.</summary>
    public static ModelContextProtocol.Server.McpServerTool[] LoadTools(Compilation output)
    {
        using var image = new MemoryStream();
        var emitted = output.Emit(image, cancellationToken: Xunit.TestContext.Current.CancellationToken);
        Xunit.Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new System.Runtime.Loader.AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            image.Position = 0;
            Type registry = context.LoadFromStream(image).GetType("Microsoft.Extensions.DependencyInjection.TypedToolsMcpServerBuilderExtensions", throwOnError: true)!;
            return (ModelContextProtocol.Server.McpServerTool[])registry.GetMethod("CreateTypedTools")!.Invoke(null, null)!;
        }
        finally
        {
            context.Unload();
        }
    }
}
