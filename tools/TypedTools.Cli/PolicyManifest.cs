using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using TypedTools.Policy;
using TypedTools.Policy.Profiles;

namespace TypedTools.Cli;

/// <summary>One tool as the manifest describes it.</summary>
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
    /// <summary>The ready-made profiles that would allow this tool (computed by the runtime's own rules).</summary>
    public IReadOnlyList<string> Profiles => ToolProfiles.All.Where(p => p.Allows(Descriptor)).Select(p => p.Name).ToList();

    private ToolDescriptor Descriptor => new()
    {
        Name = Name,
        Effects = (ReadOnly ? ToolEffects.ReadOnly : 0) | (Destructive ? ToolEffects.Destructive : 0) | (Idempotent ? ToolEffects.Idempotent : 0) |
                  (OpenWorld ? ToolEffects.OpenWorld : 0),
        Capabilities = Capabilities.Aggregate(ToolCapabilities.None, (all, c) => all | (Enum.TryParse(c, out ToolCapabilities one) ? one : 0)),
        RequiresConfirmation = Confirmation,
    };
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

    private static IReadOnlyList<ManifestTool> Parse(string json)
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
                t.TryGetProperty("confirmationWaiver", out JsonElement waiver) ? waiver.GetString() : null);
        }).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The review table (Markdown).</summary>
    public static void WriteMarkdown(IReadOnlyList<ManifestTool> tools, TextWriter output)
    {
        output.WriteLine("| tool | effects | capabilities | confirmation | paths | domains | identity | ready profiles |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (ManifestTool t in tools)
        {
            string effects = string.Join(", ", new[] { t.ReadOnly ? "read-only" : null, t.Destructive ? "destructive" : null, t.Idempotent ? "idempotent" : null, t.OpenWorld ? "open-world" : null }
                .Where(e => e != null));
            output.WriteLine($"| {t.Name} | {effects} | {string.Join(", ", t.Capabilities)} | {(t.Confirmation ? "yes" + (t.Effect is null ? "" : ": " + t.Effect) : t.ConfirmationWaiver is null ? "no" : "**waived**: " + t.ConfirmationWaiver)} | " +
                             $"{string.Join("; ", t.Paths.Select(p => $"{p.Parameter} → {p.Root} ({p.Access})"))} | " +
                             $"{string.Join("; ", t.Domains.Select(d => $"{d.Parameter} → {string.Join(" ", d.Patterns.Concat(d.Set is null ? [] : ["set:" + d.Set]))}{(d.AllowHttp ? " +http" : "")}"))} | " +
                             $"{string.Join(", ", t.Claims)} | {string.Join(", ", t.Profiles)} |");
        }
    }

    /// <summary>What widened from <paramref name="before"/> to <paramref name="after"/> (a reviewer must look), and other changes.</summary>
    public static (List<string> Widened, List<string> Changed) Diff(IReadOnlyList<ManifestTool> before, IReadOnlyList<ManifestTool> after)
    {
        var widened = new List<string>();
        var changed = new List<string>();
        var old = before.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (ManifestTool now in after)
        {
            if (!old.TryGetValue(now.Name, out ManifestTool? was))
            {
                widened.Add($"new tool '{now.Name}'" + (now.ReadOnly ? " (read-only)" : now.Destructive ? " (destructive)" : ""));
                continue;
            }
            void Check(bool condition, string what)
            {
                if (condition)
                {
                    widened.Add($"'{now.Name}': {what}");
                }
            }
            Check(was.ReadOnly && !now.ReadOnly, "no longer read-only");
            Check(!was.Destructive && now.Destructive, "now destructive");
            Check(!was.OpenWorld && now.OpenWorld, "now reaches an open world");
            Check(was.Confirmation && !now.Confirmation, "confirmation removed" + (now.ConfirmationWaiver is null ? "" : $" (waived: {now.ConfirmationWaiver})"));
            foreach (string capability in now.Capabilities.Except(was.Capabilities))
            {
                Check(true, "gained " + capability);
            }
            foreach (var path in now.Paths.Except(was.Paths))
            {
                Check(true, $"path '{path.Parameter}' now reaches root '{path.Root}' with {path.Access} access");
            }
            foreach (var domain in now.Domains)
            {
                var before1 = was.Domains.FirstOrDefault(d => d.Parameter == domain.Parameter);
                foreach (string pattern in domain.Patterns.Except(before1.Patterns ?? []))
                {
                    Check(true, $"'{domain.Parameter}' may now reach {pattern}");
                }
                Check(domain.Set != null && domain.Set != before1.Set, $"'{domain.Parameter}' now takes the domain set '{domain.Set}'");
                Check(domain.AllowHttp && !before1.AllowHttp, $"'{domain.Parameter}' now allows plain http");
                foreach (int port in domain.Ports.Except(before1.Ports ?? []))
                {
                    Check(true, $"'{domain.Parameter}' now allows port {port}");
                }
            }
            foreach (string profile in now.Profiles.Except(was.Profiles))
            {
                Check(true, $"now allowed by the '{profile}' profile");
            }
            if (now.SchemaHash != was.SchemaHash)
            {
                changed.Add($"'{now.Name}': input schema changed");
            }
        }
        foreach (ManifestTool gone in before.Where(t => !after.Any(n => n.Name == t.Name)))
        {
            changed.Add($"tool '{gone.Name}' removed");
        }
        return (widened, changed);
    }
}
