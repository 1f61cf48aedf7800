namespace TypedTools.Policy.Paths;

/// <summary>One configured path root: the directory, and the rules for paths inside it.</summary>
public sealed class PathRootOptions
{
    /// <summary>Locations inside a root that writes and deletes never touch unless the author removes them.</summary>
    /// <remarks>
    /// A pattern ending in <c>/</c> is a directory anywhere in the tree; any other pattern is a file or directory
    /// name anywhere. <c>*</c> matches within one segment; matching ignores case (some file systems do).
    /// These cover version control, editor and agent configuration (a written <c>mcp.json</c> can start a new
    /// server), and secrets.
    /// </remarks>
    public static IReadOnlyList<string> DefaultWriteDenyList { get; } =
    [
        ".git/", ".hg/", ".svn/", ".vscode/", ".cursor/", ".idea/", ".claude/", ".github/workflows/", ".ssh/",
        "mcp.json", ".mcp.json", ".env", ".env.*", ".npmrc", ".pypirc", ".netrc", "*.pem", "*.key", "id_rsa*", "id_ed25519*",
    ];

    /// <summary>The root directory. It is canonicalised (links resolved) at start-up and must exist.</summary>
    public required string Directory { get; set; }

    /// <summary>Files with more than one hard link may be read (off by default: a hard link can alias a file outside the root).</summary>
    public bool AllowHardLinks { get; set; }

    /// <summary>The largest file a read may open, in bytes (16 MiB by default).</summary>
    public long MaxFileSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Protected locations for writes and deletes; starts as <see cref="DefaultWriteDenyList"/>.</summary>
    public IList<string> WriteDenyList { get; } = [.. DefaultWriteDenyList];
}
