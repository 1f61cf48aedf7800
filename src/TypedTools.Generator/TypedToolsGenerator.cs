using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TypedTools.Generator.Emitters;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;
using TypedTools.Generator.Parsing;

namespace TypedTools.Generator
{
    /// <summary>
    /// Generates a reflection-free MCP tool for every <c>[McpServerTool]</c> method. This file only wires the
    /// steps: <see cref="ToolParser"/> (symbols to model), then <see cref="SchemaBuilder"/>,
    /// <see cref="ToolEmitter"/>, <see cref="ToolTypesEmitter"/> and <see cref="RegistryEmitter"/> (model to text).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class TypedToolsGenerator : IIncrementalGenerator
    {
        private static readonly DiagnosticDescriptor s_toolNotGenerated = new DiagnosticDescriptor(
            id: "TT9001",
            title: "Tool not generated",
            messageFormat: "TypedTools did not generate this tool: {0}",
            category: "TypedTools.Generator",
            defaultSeverity: DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "The method is marked [McpServerTool] but TypedTools cannot generate a safe tool for it; without one it would not be served.",
            helpLinkUri: "https://github.com/typedtools/typedtools/blob/main/docs/diagnostics/TT9001.md");

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ToolParseResult> parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    ToolParser.McpServerToolAttributeName,
                    predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                    transform: ToolParser.Parse)
                .WithTrackingName(GeneratorSteps.ParsedTools);

            IncrementalValueProvider<GeneratorOptions> settings = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => ReadOptions(options.GlobalOptions))
                .WithTrackingName(GeneratorSteps.Options);

            IncrementalValuesProvider<ToolSpec> tools = parsed
                .Where(static result => result.Tool != null)
                .Combine(settings)
                .Select(static (pair, _) => Finish(pair.Left.Tool!, pair.Right))
                .WithTrackingName(GeneratorSteps.Tools);

            context.RegisterSourceOutput(parsed.SelectMany(static (result, _) => result.Diagnostics), static (spc, info) =>
                spc.ReportDiagnostic(Diagnostic.Create(s_toolNotGenerated, ToLocation(info), info.Message)));

            // One file per author's type (ToolEmitter.EmitFile says why). Each tool's members are written from its own model,
            // so an edit re-writes one tool's text and re-emits its type's file; a body edit changes no text and emits nothing.
            IncrementalValuesProvider<ToolTypeFile> toolFiles = tools
                .Combine(settings)
                .Select(static (pair, _) => new ToolMembers(pair.Left.ContainerName, pair.Left.Target.ContainingTypeName, pair.Left.MemberName,
                    ToolEmitter.EmitMembers(pair.Left, pair.Right)))
                .Collect()
                .SelectMany(static (members, _) => ToolEmitter.Files(members))
                .WithTrackingName(GeneratorSteps.ToolFiles);

            context.RegisterSourceOutput(toolFiles.Combine(settings), static (spc, pair) =>
                spc.AddSource(pair.Left.HintName, SourceText.From(ToolEmitter.EmitFile(pair.Left, pair.Right), System.Text.Encoding.UTF8)));

            // One reader and writer per JSON type for the whole assembly. The merged spec holds only types, so an edit that
            // leaves every tool's types as they were (a body, a description) does not re-emit it.
            IncrementalValueProvider<ToolTypesSpec> toolTypes = tools
                .Select(static (tool, _) => ToolTypesEmitter.Of(tool))
                .Collect()
                .Select(static (types, _) => ToolTypesEmitter.Merge(types))
                .WithTrackingName(GeneratorSteps.ToolTypes);

            context.RegisterSourceOutput(toolTypes.Combine(settings), static (spc, pair) =>
            {
                if (pair.Left.Roots.Count > 0)
                {
                    spc.AddSource(ToolTypesEmitter.HintName, SourceText.From(ToolTypesEmitter.Emit(pair.Left, pair.Right), System.Text.Encoding.UTF8));
                }
            });

            // The registry depends only on the tools' names, so editing a tool's body never re-emits it.
            IncrementalValueProvider<EquatableArray<RegistryEntry>> registry = tools
                .Select(static (tool, _) => new RegistryEntry(tool.ContainerName, tool.MemberName, tool.ToolName))
                .Collect()
                .Select(static (entries, _) => entries.ToEquatableArray())
                .WithTrackingName(GeneratorSteps.Registry);

            context.RegisterSourceOutput(registry, static (spc, entries) =>
                spc.AddSource(RegistryEmitter.HintName, SourceText.From(RegistryEmitter.Emit(entries), System.Text.Encoding.UTF8)));

            // The manifest depends on each tool's policy facts and schema: a body edit leaves it cached too.
            IncrementalValueProvider<EquatableArray<string>> manifest = tools
                .Select(static (tool, _) => tool.PolicyEntry)
                .Collect()
                .Select(static (entries, _) => entries.ToEquatableArray())
                .WithTrackingName(GeneratorSteps.Manifest);

            context.RegisterSourceOutput(manifest, static (spc, entries) =>
                spc.AddSource(ManifestEmitter.HintName, SourceText.From(ManifestEmitter.Emit(entries), System.Text.Encoding.UTF8)));
        }

        private static ToolSpec Finish(ToolSpec tool, GeneratorOptions limits)
        {
            ToolSpec finished = tool with
            {
                InputSchema = SchemaBuilder.Input(tool, limits),
                OutputSchema = SchemaBuilder.Output(tool),
                MaxDepth = limits.MaxDepth,
            };
            // Written once: the tool's factory hands it to the runtime and the manifest lists it, the same text.
            return finished with { PolicyEntry = ManifestEmitter.Entry(finished) };
        }

        private static GeneratorOptions ReadOptions(AnalyzerConfigOptions options) =>
            new GeneratorOptions(
                Read(options, "build_property.TypedToolsMaxStringLength", GeneratorOptions.Default.MaxStringLength),
                Read(options, "build_property.TypedToolsMaxArrayLength", GeneratorOptions.Default.MaxArrayLength),
                Read(options, "build_property.TypedToolsMaxDepth", GeneratorOptions.Default.MaxDepth),
                options.TryGetValue("build_property.TypedToolsCheckGeneratedNullability", out string? check) &&
                string.Equals(check, "true", System.StringComparison.OrdinalIgnoreCase));

        private static int Read(AnalyzerConfigOptions options, string key, int fallback) =>
            options.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
                ? value
                : fallback;

        private static Location ToLocation(DiagnosticInfo info) =>
            Location.Create(info.FilePath, new TextSpan(info.SpanStart, info.SpanLength),
                new LinePositionSpan(new LinePosition(info.StartLine, info.StartCharacter), new LinePosition(info.EndLine, info.EndCharacter)));
    }
}
