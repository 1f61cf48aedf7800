using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using TypedTools.Policy.Profiles;

namespace TypedTools.Policy;

/// <summary>One tool as the manifest describes it; <see cref="Descriptor"/> is what the runtime enforces for it, read from the same entry.</summary>
public sealed record ManifestTool(
    string Name,
    bool ReadOnly,
    bool Destructive,
    bool Idempotent,
    bool OpenWorld,
    IReadOnlyList<string> Capabilities,
    bool Confirmation,
    string? Effect,
    IReadOnlyList<(string Parameter, string Root, string Access)> Paths,
    IReadOnlyList<(string Parameter, IReadOnlyList<string> Patterns, string? Set, bool AllowHttp, IReadOnlyList<int> Ports)> Domains,
    IReadOnlyList<string> Claims,
    string SchemaHash,
    string? ConfirmationWaiver = null)
{
    /// <summary>The <c>[Secret]</c> parameters (their values are redacted wherever arguments are shown or kept).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>The tool's <c>_meta</c> object as <c>tools/list</c> publishes it (<c>[McpMeta]</c>), by name; empty without one.</summary>
    public IReadOnlyDictionary<string, JsonElement> Meta { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>
    /// The UI resource the tool links for MCP Apps (<c>_meta.ui.resourceUri</c>, or the earlier <c>_meta["ui/resourceUri"]</c>):
    /// a host renders it with the tool's results, and the rendered app may ask the host to call tools.
    /// </summary>
    public string? UiResource =>
        Meta.TryGetValue("ui", out JsonElement ui) && ui.ValueKind == JsonValueKind.Object && ui.TryGetProperty("resourceUri", out JsonElement uri) && uri.ValueKind == JsonValueKind.String
            ? uri.GetString()
            : Meta.TryGetValue("ui/resourceUri", out JsonElement legacy) && legacy.ValueKind == JsonValueKind.String ? legacy.GetString() : null;

    /// <summary>Whether the tool names where it sends (<c>[Destination]</c>): after private data, a send then goes to approved destinations instead of being refused.</summary>
    public bool NamesDestinations => Descriptor.DeclaresDestinations;

    /// <summary>The descriptor the runtime builds from this entry (<see cref="ToolDefinition.ReadPolicy(System.Text.Json.JsonElement)"/>).</summary>
    public required ToolDescriptor Descriptor { get; init; }

    /// <summary>The ready-made profiles that would allow this tool (computed by the runtime's own rules).</summary>
    public IReadOnlyList<string> Profiles => ToolProfiles.All.Where(p => p.Allows(Descriptor)).Select(p => p.Name).ToList();
}

/// <summary>Reads the policy manifest the generator embeds in an assembly, from its metadata only (nothing is loaded or run).</summary>
public static class PolicyManifest
{
    // In the manifest's order (the generator's): the enum's, lowest flag first.
    private static readonly ToolCapabilities[] s_capabilities =
        [ToolCapabilities.ReadsPrivateData, ToolCapabilities.ReturnsUntrustedContent, ToolCapabilities.SendsExternally, ToolCapabilities.Annotates];

    /// <summary>The tools of the assembly at <paramref name="path"/>; throws <see cref="InvalidDataException"/> when it carries no manifest.</summary>
    public static IReadOnlyList<ManifestTool> Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new InvalidDataException($"'{path}' is not a .NET assembly.");
        }
        MetadataReader metadata = pe.GetMetadataReader();
        foreach (CustomAttributeHandle handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }
            MemberReference constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }
            TypeReference type = metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (metadata.GetString(type.Namespace) != "System.Reflection" || metadata.GetString(type.Name) != "AssemblyMetadataAttribute")
            {
                continue;
            }
            BlobReader blob = metadata.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1 || blob.ReadSerializedString() != "TypedTools.Manifest")
            {
                continue;
            }
            string manifest = blob.ReadSerializedString() ?? "{}";
            try
            {
                return Parse(manifest);
            }
            catch (InvalidDataException exception)
            {
                throw new InvalidDataException($"The TypedTools manifest of '{path}' is not one the generator writes: {exception.Message}", exception);
            }
        }
        throw new InvalidDataException($"'{path}' carries no TypedTools manifest (was it built with the TypedTools generator?).");
    }

    /// <summary>The tools of a manifest's JSON text; throws <see cref="InvalidDataException"/> when it is not a manifest the generator writes.</summary>
    public static IReadOnlyList<ManifestTool> Parse(string json)
    {
        try
        {
            return ParseTools(json);
        }
        // A hand-made or tampered manifest: System.Text.Json throws these on text that is not JSON or a value of the
        // wrong kind. The review tools report it as unreadable input instead of crashing.
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException(exception.Message, exception);
        }
    }

    private static List<ManifestTool> ParseTools(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        // GetString gives null for a JSON null, which no manifest entry holds.
        static string Text(JsonElement value) =>
            value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidDataException($"A {value.ValueKind} stands where text belongs.");
        static IReadOnlyList<string> Strings(JsonElement array) => array.EnumerateArray().Select(Text).ToList();
        // GetProperty's KeyNotFoundException would not say which member is missing.
        static JsonElement Member(JsonElement owner, string name) =>
            owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out JsonElement value)
                ? value
                : throw new InvalidDataException($"A '{name}' is missing.");
        static string Parameter(JsonElement rule) => Text(Member(rule, "parameter"));
        return Member(document.RootElement, "tools").EnumerateArray().Select(t =>
        {
            // Every fact the runtime enforces comes from its own reader; the entry is read here only for what the
            // descriptor does not keep: the parameters' names, the secrets' names, the _meta and the schema's hash.
            ToolDescriptor d = ToolDefinition.ReadPolicy(t);
            List<string> pathParameters = [.. Member(t, "paths").EnumerateArray().Select(Parameter)];
            List<string> domainParameters = [.. Member(t, "domains").EnumerateArray().Select(Parameter)];
            return new ManifestTool(
                d.Name,
                d.Has(ToolEffects.ReadOnly),
                d.Has(ToolEffects.Destructive),
                d.Has(ToolEffects.Idempotent),
                d.Has(ToolEffects.OpenWorld),
                [.. s_capabilities.Where(c => d.Has(c)).Select(c => c.ToString())],
                d.RequiresConfirmation,
                d.EffectDescription,
                [.. d.PathRules.Select((r, i) => (pathParameters[i], r.Root, r.Access.ToString()))],
                [.. d.DomainRules.Select((r, i) => (domainParameters[i], r.Patterns, r.Set, r.AllowHttp, r.Ports ?? []))],
                d.RequiredClaims,
                Text(Member(t, "inputSchemaSha256")),
                d.ConfirmationWaiver)
            {
                Secrets = t.TryGetProperty("secrets", out JsonElement secrets) ? Strings(secrets) : [],
                Meta = t.TryGetProperty("meta", out JsonElement meta) ? Members(meta, d.Name) : new Dictionary<string, JsonElement>(),
                Descriptor = d,
            };
        }).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>An object's members by name (the policy reader has checked it is an object); a name given twice is malformed.</summary>
    private static Dictionary<string, JsonElement> Members(JsonElement meta, string tool)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty member in meta.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value.Clone()))
            {
                throw new InvalidDataException($"'{member.Name}' appears twice in the _meta of '{tool}'.");
            }
        }
        return members;
    }
}
