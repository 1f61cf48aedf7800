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
            return Parse(blob.ReadSerializedString() ?? "{}");
        }
        throw new InvalidDataException($"'{path}' carries no TypedTools manifest (was it built with the TypedTools generator?).");
    }

    /// <summary>The tools of a manifest's JSON text.</summary>
    public static IReadOnlyList<ManifestTool> Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        static IReadOnlyList<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
        return document.RootElement.GetProperty("tools").EnumerateArray().Select(t =>
        {
            JsonElement effects = t.GetProperty("effects");
            return new ManifestTool(
                t.GetProperty("name").GetString()!,
                effects.GetProperty("readOnly").GetBoolean(),
                effects.GetProperty("destructive").GetBoolean(),
                effects.GetProperty("idempotent").GetBoolean(),
                effects.GetProperty("openWorld").GetBoolean(),
                Strings(t.GetProperty("capabilities")),
                t.GetProperty("confirmation").GetBoolean(),
                t.TryGetProperty("effect", out JsonElement effect) ? effect.GetString() : null,
                t.GetProperty("paths").EnumerateArray().Select(p => (p.GetProperty("parameter").GetString()!, p.GetProperty("root").GetString()!, p.GetProperty("access").GetString()!)).ToList(),
                t.GetProperty("domains").EnumerateArray().Select(d => (d.GetProperty("parameter").GetString()!, Strings(d.GetProperty("patterns")),
                    d.TryGetProperty("set", out JsonElement set) ? set.GetString() : null, d.GetProperty("allowHttp").GetBoolean(),
                    (IReadOnlyList<int>)d.GetProperty("ports").EnumerateArray().Select(p => p.GetInt32()).ToList())).ToList(),
                Strings(t.GetProperty("claims")),
                t.GetProperty("inputSchemaSha256").GetString()!,
                t.TryGetProperty("confirmationWaiver", out JsonElement waiver) ? waiver.GetString() : null)
            {
                Secrets = t.TryGetProperty("secrets", out JsonElement secrets) ? Strings(secrets) : [],
                Descriptor = ToolDefinition.ReadPolicy(t),
            };
        }).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }
}
