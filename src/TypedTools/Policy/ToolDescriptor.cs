namespace TypedTools.Policy;

/// <summary>The behaviour a tool declares (the protocol's four hints, as TypedTools enforces them).</summary>
[Flags]
public enum ToolEffects
{
    /// <summary>Changes state, is not idempotent and reaches only a closed world.</summary>
    None = 0,
    /// <summary>Changes nothing.</summary>
    ReadOnly = 1,
    /// <summary>May destroy or overwrite data.</summary>
    Destructive = 2,
    /// <summary>Repeating the call has no further effect.</summary>
    Idempotent = 4,
    /// <summary>Reaches systems outside the server's own (the network, other people).</summary>
    OpenWorld = 8,
}

/// <summary>What a tool does with data, for workflow profiles and flow rules.</summary>
[Flags]
public enum ToolCapabilities
{
    /// <summary>Nothing declared.</summary>
    None = 0,
    /// <summary>Returns data private to the user or organisation.</summary>
    ReadsPrivateData = 1,
    /// <summary>Returns content written by others (web pages, messages, issues), which may carry injected instructions.</summary>
    ReturnsUntrustedContent = 2,
    /// <summary>Sends data out of the server's control (e-mail, chat, uploads, public posts).</summary>
    SendsExternally = 4,
    /// <summary>Adds comments or labels to existing items without changing their content.</summary>
    Annotates = 8,
}

/// <summary>
/// The static facts of one generated tool that the policy layer decides on: its name, declared effects and
/// capabilities, whether it needs a person's confirmation, and the path roots it uses.
/// </summary>
public sealed class ToolDescriptor
{
    /// <summary>The tool's protocol name.</summary>
    public required string Name { get; init; }

    /// <summary>Declared effects.</summary>
    public ToolEffects Effects { get; init; }

    /// <summary>Declared capabilities.</summary>
    public ToolCapabilities Capabilities { get; init; }

    /// <summary>Whether a person confirms each call before it runs.</summary>
    public bool RequiresConfirmation { get; init; }

    /// <summary>
    /// Why this destructive tool runs without confirmation (<c>[Destructive(Confirm = false, Justification = ...)]</c>);
    /// null when it is confirmed or not destructive. <c>ConfirmationOptions.ConfirmWaivedTools</c> confirms it anyway.
    /// </summary>
    public string? ConfirmationWaiver { get; init; }

    /// <summary>What a call does, in words a person confirms (from <c>[Destructive]</c> or <c>[RequiresConfirmation]</c>).</summary>
    public string? EffectDescription { get; init; }

    /// <summary>
    /// The path roots the tool's <c>[AllowedPath]</c> parameters name (checked at start-up: each is configured). Unless set,
    /// the roots of <see cref="PathRules"/>, each once, in ordinal order.
    /// </summary>
    public IReadOnlyList<string> PathRoots
    {
        get => _pathRoots ??= RootsOf(PathRules);
        init => _pathRoots = value;
    }

    // A loop, not LINQ: start-up validation asks every tool, and LINQ's first use is slow in a Native AOT process.
    private static string[] RootsOf(IReadOnlyList<Paths.PathRule> rules)
    {
        if (rules.Count == 0)
        {
            return [];
        }
        var roots = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Paths.PathRule rule in rules)
        {
            roots.Add(rule.Root);
        }
        return [.. roots];
    }

    private IReadOnlyList<string>? _pathRoots;

    /// <summary>
    /// The rules of the tool's <c>[AllowedPath]</c> parameters (root and access), one per parameter in parameter order:
    /// generated code names its rule by index (<c>b.Path(ref path, "path", 0)</c>), so the access enforced is the access
    /// the policy manifest shows.
    /// </summary>
    public IReadOnlyList<Paths.PathRule> PathRules { get; init; } = [];

    /// <summary>The caller's claims the tool needs (<c>[FromClaim]</c>, <c>[MatchesClaim]</c>): a caller without one is denied first.</summary>
    public IReadOnlyList<string> RequiredClaims { get; init; } = [];

    /// <summary>Whether the tool has <c>[Secret]</c> parameters (their values are redacted wherever arguments are shown or kept).</summary>
    public bool HasSecrets { get; init; }

    /// <summary>Whether the tool marks any value <c>[Destination]</c> (a sending tool that marks none sends somewhere unknown).</summary>
    public bool DeclaresDestinations { get; init; }

    /// <summary>The rules of the tool's <c>[AllowedDomain]</c> parameters (checked at start-up: sets exist, patterns parse).</summary>
    public IReadOnlyList<Network.DomainRule> DomainRules { get; init; } = [];

    /// <summary>Whether the tool declares <paramref name="effect"/>.</summary>
    public bool Has(ToolEffects effect) => (Effects & effect) == effect;

    /// <summary>Whether the tool declares <paramref name="capability"/>.</summary>
    public bool Has(ToolCapabilities capability) => (Capabilities & capability) == capability;
}
