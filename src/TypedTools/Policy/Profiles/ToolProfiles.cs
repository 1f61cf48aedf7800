namespace TypedTools.Policy.Profiles;

/// <summary>Ready profiles for common workflows; each allows only what its task needs.</summary>
public static class ToolProfiles
{
    /// <summary>Research and summarise: read-only tools (searching, reading, fetching), nothing that changes or sends.</summary>
    public static ToolProfile ResearchSummary { get; } = new("research-summary",
        "Research and summarise: read-only search, read and fetch tools.",
        tool => tool.Has(ToolEffects.ReadOnly) && !tool.Has(ToolCapabilities.SendsExternally));

    /// <summary>Triage issues: read-only tools plus tools that only add labels or comments.</summary>
    public static ToolProfile IssueTriage { get; } = new("issue-triage",
        "Triage issues: read, label and comment; nothing destructive.",
        tool => (tool.Has(ToolEffects.ReadOnly) || tool.Has(ToolCapabilities.Annotates)) &&
                !tool.Has(ToolEffects.Destructive) && !tool.Has(ToolCapabilities.SendsExternally));

    /// <summary>Audit local code: read-only tools of a closed world (no network, nothing sent, nothing changed).</summary>
    public static ToolProfile LocalCodeAudit { get; } = new("local-code-audit",
        "Audit local code: read files and run non-destructive local checks; no network.",
        tool => tool.Has(ToolEffects.ReadOnly) && !tool.Has(ToolEffects.OpenWorld) && !tool.Has(ToolCapabilities.SendsExternally));

    /// <summary>The three ready profiles.</summary>
    public static IReadOnlyList<ToolProfile> All { get; } = [ResearchSummary, IssueTriage, LocalCodeAudit];
}
