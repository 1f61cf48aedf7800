using System.Text.Json;
using TypedTools.Policy;
using TypedTools.Policy.Profiles;

namespace TypedTools.Cli;

/// <summary>What reviewers read from a policy manifest: the table, and what widened between two builds.</summary>
public static class ManifestReport
{
    /// <summary>The review table (Markdown).</summary>
    public static void WriteMarkdown(IReadOnlyList<ManifestTool> tools, TextWriter output)
    {
        output.WriteLine("| tool | effects | capabilities | confirmation | paths | domains | identity | ready profiles | secrets | destinations | _meta |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (ManifestTool t in tools)
        {
            string effects = string.Join(", ", new[] { t.ReadOnly ? "read-only" : null, t.Destructive ? "destructive" : null, t.Idempotent ? "idempotent" : null, t.OpenWorld ? "open-world" : null }
                .Where(e => e != null));
            output.WriteLine($"| {t.Name} | {effects} | {string.Join(", ", t.Capabilities)} | {(t.Confirmation ? "yes" + (t.Effect is null ? "" : ": " + t.Effect) : t.ConfirmationWaiver is null ? "no" : "**waived**: " + t.ConfirmationWaiver)} | " +
                             $"{string.Join("; ", t.Paths.Select(p => $"{p.Parameter} → {p.Root} ({p.Access})"))} | " +
                             $"{string.Join("; ", t.Domains.Select(d => $"{d.Parameter} → {string.Join(" ", d.Patterns.Concat(d.Set is null ? [] : ["set:" + d.Set]))}{(d.AllowHttp ? " +http" : "")}"))} | " +
                             $"{string.Join(", ", t.Claims)} | {string.Join(", ", t.Profiles)} | {string.Join(", ", t.Secrets)} | {(t.NamesDestinations ? "named" : "")} | " +
                             $"{string.Join(", ", t.Meta.Keys.Order(StringComparer.Ordinal))}{(t.UiResource is null ? "" : $" (UI: {t.UiResource})")} |");
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
            foreach (string secret in was.Secrets.Except(now.Secrets))
            {
                Check(true, $"'{secret}' is no longer [Secret]: its values are shown and kept");
            }
            // A sending tool that names no destination is refused after private data entered the session; naming them lets
            // it send to approved destinations.
            Check(!was.NamesDestinations && now.NamesDestinations && now.Capabilities.Contains(nameof(ToolCapabilities.SendsExternally)),
                "now names its destinations: after private data it may send to approved ones (it was refused)");
            foreach (string profile in now.Profiles.Except(was.Profiles))
            {
                Check(true, $"now allowed by the '{profile}' profile");
            }
            // A UI resource is rendered by the host with the tool's results, and the app it renders may ask the host to call tools.
            Check(now.UiResource != null && now.UiResource != was.UiResource, $"now links the UI resource '{now.UiResource}' (MCP Apps: the host renders it, and it may call tools)");
            foreach (string name in now.Meta.Keys.Union(was.Meta.Keys).Order(StringComparer.Ordinal))
            {
                string? what = !was.Meta.TryGetValue(name, out JsonElement wasValue) ? "added" : !now.Meta.TryGetValue(name, out JsonElement nowValue) ? "removed"
                    : JsonElement.DeepEquals(wasValue, nowValue) ? null : "changed";
                if (what != null)
                {
                    changed.Add($"'{now.Name}': _meta '{name}' {what}");
                }
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
