using System.Security.Claims;
using TypedTools.Policy.Paths;
using TypedTools.Policy.Profiles;

namespace TypedTools.Policy;

/// <summary>
/// The server's policy configuration. It is validated at start-up against the registered tools: a tool naming
/// a root nobody configured, a root that is not a directory, or an unknown active profile stops the host with
/// a message, instead of failing at the first call.
/// </summary>
public sealed class TypedToolsOptions
{
    /// <summary>Path roots by name, for <c>[AllowedPath]</c>.</summary>
    public IDictionary<string, PathRootOptions> Roots { get; } = new Dictionary<string, PathRootOptions>(StringComparer.Ordinal);

    /// <summary>Named domain sets for <c>[AllowedDomain(Set = ...)]</c>: host patterns such as <c>docs.example.org</c> or <c>*.example.com</c>.</summary>
    public IDictionary<string, IList<string>> DomainSets { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>How results are made safe for the model: sanitising, size caps, secret redaction.</summary>
    public Results.OutputOptions Output { get; } = new();

    /// <summary>Where audit records go.</summary>
    public Audit.AuditOptions Audit { get; } = new();

    /// <summary>Call limits per tool and caller (<c>"*"</c> for every tool); none by default.</summary>
    public IList<Limits.ToolRateLimit> RateLimits { get; } = [];

    /// <summary>
    /// The identity of the person on a session whose transport authenticates nobody (stdio): the claims
    /// <c>[FromClaim]</c>, <c>[MatchesClaim]</c>, profile selectors and flow state see. Null: no identity.
    /// </summary>
    public ClaimsPrincipal? LocalUser { get; set; }

    /// <summary>Flow rules across calls, and the destinations private data may go to.</summary>
    public Flow.FlowOptions Flow { get; } = new();

    /// <summary>How confirmations are asked for and sealed.</summary>
    public Confirmation.ConfirmationOptions Confirmation { get; } = new();

    /// <summary>Limits of the <see cref="Network.GuardedHttpClient"/> the policy layer registers.</summary>
    public Network.GuardedHttpOptions Http { get; } = new();

    /// <summary>Known workflow profiles by name; starts with <see cref="ToolProfiles.All"/>.</summary>
    public IDictionary<string, ToolProfile> Profiles { get; } = ToolProfiles.All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The active profile for every call, or null for none (every registered tool is available).</summary>
    public string? Profile { get; set; }

    /// <summary>
    /// Chooses the profile per request from the caller's identity (for example its role), overriding <see cref="Profile"/>
    /// when it returns a name. A name that is not in <see cref="Profiles"/> denies the call.
    /// </summary>
    public Func<ClaimsPrincipal?, string?>? ProfileSelector { get; set; }

    /// <summary>Adds a path root.</summary>
    public TypedToolsOptions AddRoot(string name, string directory, Action<PathRootOptions>? configure = null)
    {
        var root = new PathRootOptions { Directory = directory };
        configure?.Invoke(root);
        Roots[name] = root;
        return this;
    }

    /// <summary>Adds host patterns to a domain set (creating it).</summary>
    public TypedToolsOptions AddDomains(string set, params IEnumerable<string> patterns)
    {
        if (!DomainSets.TryGetValue(set, out IList<string>? list))
        {
            DomainSets[set] = list = [];
        }
        foreach (string pattern in patterns)
        {
            list.Add(pattern);
        }
        return this;
    }

    /// <summary>Adds (or replaces) a profile.</summary>
    public TypedToolsOptions AddProfile(ToolProfile profile)
    {
        Profiles[profile.Name] = profile;
        return this;
    }
}
