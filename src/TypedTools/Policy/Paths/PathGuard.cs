namespace TypedTools.Policy.Paths;

/// <summary>
/// Decides whether a path argument may be used, and turns it into the canonical full path the tool receives.
/// The order: refuse forbidden forms; join with the root (or take an absolute path as it is); check
/// containment by segment; resolve every link and check containment again; then the access level's rules
/// (file kind, hard links, size, the deny-list). Every refusal is a <see cref="PolicyDeniedException"/>.
/// </summary>
public sealed class PathGuard
{
    private readonly IReadOnlyDictionary<string, PathRoot> _roots;

    internal PathGuard(IReadOnlyDictionary<string, PathRoot> roots) => _roots = roots;

    /// <summary>The configured roots.</summary>
    public IReadOnlyDictionary<string, PathRoot> Roots => _roots;

    /// <summary>The root named <paramref name="name"/>; a missing root denies.</summary>
    public PathRoot Root(string name) => _roots.TryGetValue(name, out PathRoot? root) ? root
        : throw Deny(PolicyCodes.PathRootMissing, $"The path root '{name}' is not configured on this server.", "Ask the server's operator to configure it.");

    /// <summary>The canonical full path for <paramref name="path"/> inside root <paramref name="rootName"/>, or a denial.</summary>
    public string Check(string rootName, string path, PathAccess access) => Check(rootName, path, access, out _);

    /// <summary>The canonical full path, and the status of what it names (null when nothing is there) from the same lookup.</summary>
    internal string Check(string rootName, string path, PathAccess access, out FileStatus? status)
    {
        PathRoot root = Root(rootName);
        // An absolute path under the root (such as one a listing returned) is judged by its part below the root.
        string below = path == root.Directory ? "." : path.StartsWith(root.Directory + "/", StringComparison.Ordinal) ? path[(root.Directory.Length + 1)..] : path;
        if (PathForms.Problem(below) is { } problem)
        {
            throw Deny(PolicyCodes.PathForbiddenForm, problem, "Send a path relative to the root, with '/' between plain names.");
        }

        string lexical = below == "." ? root.Directory : Path.GetFullPath(below.StartsWith('/') ? below : Path.Join(root.Directory, below));
        if (System.Text.Encoding.UTF8.GetByteCount(lexical) >= PathForms.MaxPathBytes)
        {
            throw Deny(PolicyCodes.PathForbiddenForm, $"The full path is longer than {PathForms.MaxPathBytes - 1} bytes.", "Send a shorter path.");
        }
        string? lexicalRelative = root.RelativeInside(lexical);
        if (lexicalRelative is null)
        {
            throw Deny(PolicyCodes.PathOutsideRoot, $"The path is outside the '{root.Name}' root.", "Send a path inside the root, relative to it.");
        }

        string canonical = PathResolver.Resolve(lexical, out status);
        string? relative = root.RelativeInside(canonical);
        if (relative is null)
        {
            throw Deny(PolicyCodes.PathLinkEscape, $"The path leads outside the '{root.Name}' root through a symbolic link.", "Use a path whose links stay inside the root.");
        }

        switch (access)
        {
            case PathAccess.Read:
                if (status is { } read)
                {
                    CheckReadable(root, read);
                }
                break;
            case PathAccess.Write:
            case PathAccess.Delete:
                if (relative == ".")
                {
                    throw Deny(PolicyCodes.PathProtected, $"The '{root.Name}' root itself cannot be {(access == PathAccess.Write ? "written" : "deleted")}.", "Name a file inside the root.");
                }
                CheckNotProtected(root, lexicalRelative, relative);
                if (status is { } target)
                {
                    if (target.Kind == FileKind.Special || (access == PathAccess.Write && target.Kind == FileKind.Directory))
                    {
                        throw Deny(PolicyCodes.PathNotRegular, $"The path is {Describe(target.Kind)}, not a file.", "Name a regular file.");
                    }
                    if (target.Kind == FileKind.Regular && target.LinkCount > 1)
                    {
                        throw Deny(PolicyCodes.PathHardLink, "The file has more than one hard link, so it may be the same file as one outside the root.", "Name a file with a single link.");
                    }
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(access));
        }
        return canonical;
    }

    /// <summary>The rules for a file that will be read: a regular file or directory, one link, within the size cap.</summary>
    internal static void CheckReadable(PathRoot root, FileStatus status)
    {
        if (status.Kind is FileKind.Special or FileKind.SymbolicLink)
        {
            throw Deny(PolicyCodes.PathNotRegular, $"The path is {Describe(status.Kind)}; only regular files and directories are read.", "Name a regular file.");
        }
        if (status.Kind == FileKind.Regular)
        {
            if (status.LinkCount > 1 && !root.Options.AllowHardLinks)
            {
                throw Deny(PolicyCodes.PathHardLink, "The file has more than one hard link, so it may be the same file as one outside the root.", "Name a file with a single link.");
            }
            if (status.Size > root.Options.MaxFileSize)
            {
                throw Deny(PolicyCodes.PathTooLarge, $"The file is {status.Size} bytes, over the root's cap of {root.Options.MaxFileSize}.", "Name a smaller file.");
            }
        }
    }

    private static void CheckNotProtected(PathRoot root, params string[] relatives)
    {
        foreach (string relative in relatives)
        {
            string[] segments = relative.Split('/');
            foreach (string pattern in root.Options.WriteDenyList)
            {
                if (Matches(pattern, segments))
                {
                    throw Deny(PolicyCodes.PathProtected, $"'{relative}' is protected in the '{root.Name}' root (deny-list entry '{pattern}').",
                        "Write somewhere else; protected locations hold configuration, version control or secrets.");
                }
            }
        }
    }

    /// <summary>
    /// "dir/" or "a/b/": those segments in a row anywhere in the path (the directory itself included: deleting
    /// ".git" is as bad as writing in it); "name": any one segment.
    /// </summary>
    private static bool Matches(string pattern, string[] segments)
    {
        string[] parts = pattern.TrimEnd('/').Split('/');
        for (int start = 0; start + parts.Length <= segments.Length; start++)
        {
            bool all = true;
            for (int k = 0; k < parts.Length && all; k++)
            {
                all = Glob(parts[k], segments[start + k]);
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    private static bool Glob(string pattern, string text)
    {
        int star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.Equals(text, StringComparison.OrdinalIgnoreCase);
        }
        string prefix = pattern[..star], suffix = pattern[(star + 1)..];
        return text.Length >= prefix.Length + suffix.Length &&
               text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Special => "a special file (FIFO, device or socket)",
        _ => "a file",
    };

    internal static PolicyDeniedException Deny(string code, string message, string hint) => new(new PolicyDenial(code, message, null, hint));
}
