namespace Workspace.Server;

/// <summary>
/// File access confined to the workspace root. This is the sample's own minimal guard (canonical paths compared
/// by segment); the policy layer's [AllowedPath] replaces it with link resolution and the full attack list.
/// </summary>
public sealed class WorkspaceFiles(WorkspaceOptions options)
{
    /// <summary>The canonical workspace root.</summary>
    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Workspace));

    /// <summary>The full path of <paramref name="relative"/> inside the workspace, or an exception that says why not.</summary>
    public string Resolve(string relative)
    {
        if (relative.Length == 0 || relative.IndexOfAny(['\0', '\\']) >= 0 || Path.IsPathRooted(relative))
        {
            throw new ModelContextProtocol.McpException($"'{relative}' is not a relative path inside the workspace.");
        }
        string full = Path.GetFullPath(Path.Join(Root, relative));
        string inside = Path.GetRelativePath(Root, full);
        if (inside == ".." || inside.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(inside))
        {
            throw new ModelContextProtocol.McpException($"'{relative}' is outside the workspace.");
        }
        return full;
    }

    /// <summary>A path relative to the root, with '/' separators, for results.</summary>
    public string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');
}
