using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;
using TypedTools.Policy;

namespace TypedTools.Testing.RedTeam;

/// <summary>One tool as the kit knows it: the generated tool, its manifest entry, its schema and a valid call.</summary>
internal sealed class KitTool(McpServerTool tool, ManifestTool manifest, JsonObject? example, string? exampleProblem)
{
    public McpServerTool Tool { get; } = tool;

    public ITypedTool Typed => (ITypedTool)Tool;

    public ManifestTool Manifest { get; } = manifest;

    public string Name => Manifest.Name;

    public JsonElement Schema => Tool.ProtocolTool.InputSchema;

    /// <summary>Valid arguments (path and URL parameters filled with the kit's harmless values), or null when none could be made.</summary>
    public JsonObject? Example { get; } = example;

    /// <summary>Why there is no example.</summary>
    public string? ExampleProblem { get; } = exampleProblem;

    /// <summary>A fresh copy of the example.</summary>
    public JsonObject Valid() => (JsonObject)Example!.DeepClone();

    /// <summary>What the tool's parser says about <paramref name="arguments"/>, and their canonical form when valid.</summary>
    public IReadOnlyList<Arguments.ArgumentError> Validate(JsonObject arguments, out ReadOnlyMemory<byte> canonical) =>
        Typed.ValidateArguments(Elements(arguments), out canonical);

    /// <summary>An arguments object as the SDK hands it to a tool.</summary>
    public static Dictionary<string, JsonElement> Elements(JsonObject arguments) =>
        arguments.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, ModelContextProtocol.McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonNode))));
}
