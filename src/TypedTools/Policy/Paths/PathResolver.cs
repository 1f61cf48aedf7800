namespace TypedTools.Policy.Paths;

/// <summary>
/// Resolves a path the way the kernel will when it is opened: component by component from the file-system
/// root, replacing every symbolic link (in the middle as well as at the end, chains and relative targets
/// included) by its target. Components that do not exist yet are kept as written, so a write target's
/// canonical path is known before it is created; a dangling link is followed to where it points. A path the
/// kernel confirms has no link and exists whole is its own canonical form, and needs no walk.
/// </summary>
internal static class PathResolver
{
    // Linux gives up after 40 links in one lookup (ELOOP); so do we.
    private const int MaxLinks = 40;

    /// <summary>
    /// The canonical form of an absolute path, and the status of what it names (null when nothing is there). Most
    /// paths have no link: one lookup by the kernel confirms it (three system calls), where the walk makes one per
    /// component, each a lookup from '/'.
    /// </summary>
    public static string Resolve(string absolutePath, out FileStatus? status)
    {
        // The kernel reads a path up to its first NUL: the rest would be checked by no one. Path arguments never get
        // here with one (their forms are refused first); a configured root could.
        if (absolutePath.Contains('\0'))
        {
            throw new ArgumentException("A path with a NUL character cannot be checked.", nameof(absolutePath));
        }
        if (IsNormalized(absolutePath) && FileStatusNative.TryGetCanonical(absolutePath) is { } confirmed)
        {
            status = confirmed;
            return absolutePath;
        }
        return Walk(absolutePath, out status);
    }

    /// <summary>The canonical form of an absolute path, walked component by component (also for paths that do not exist).</summary>
    internal static string Walk(string absolutePath) => Walk(absolutePath, out _);

    /// <summary>The walk, and the status of where it ended: the walk's own last look when it ended on a name, else a fresh one.</summary>
    private static string Walk(string absolutePath, out FileStatus? status)
    {
        var pending = new Stack<string>();
        PushSegments(pending, absolutePath);
        string current = "/";
        bool exists = true; // once a component is missing, nothing below it can be a link (until a ".." climbs back out)
        int links = 0;
        FileStatus? currentStatus = null;
        bool currentLooked = false; // whether currentStatus is this walk's look at current
        while (pending.Count > 0)
        {
            string segment = pending.Pop();
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                // A link's target may climb out of a missing directory ("missing/../out"): from here components may
                // exist again, and each must be looked at, or a link after it would be taken as a plain name.
                exists = true;
                currentLooked = false;
                continue;
            }
            string next = current == "/" ? "/" + segment : current + "/" + segment;
            FileStatus? looked = exists ? FileStatusNative.TryGet(next) : null;
            if (looked is { Kind: FileKind.SymbolicLink })
            {
                if (++links > MaxLinks)
                {
                    throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.PathLinkEscape,
                        "The path goes through too many symbolic links (a loop).", null, "Name a location that is not behind a link loop."));
                }
                // The raw target text (readlink): a relative target continues from the link's directory.
                string target = new FileInfo(next).LinkTarget ?? throw new IOException("A link's target could not be read.");
                if (target.StartsWith('/'))
                {
                    current = "/";
                    currentLooked = false;
                }
                PushSegments(pending, target);
                continue;
            }
            // Below a missing component nothing exists: no look is needed to know there is nothing.
            exists = looked is not null;
            current = next;
            currentStatus = looked;
            currentLooked = true;
        }
        status = currentLooked ? currentStatus : FileStatusNative.TryGet(current);
        return current;
    }

    /// <summary>Whether the walk would return the path as it is when no component is a link: '/'-rooted plain names, no empty, '.' or '..' segment, no trailing '/'.</summary>
    internal static bool IsNormalized(string path) =>
        path == "/" || (path.StartsWith('/') && !path.EndsWith('/') && !path.Contains("//", StringComparison.Ordinal) &&
                        !path.Contains("/./", StringComparison.Ordinal) && !path.EndsWith("/.", StringComparison.Ordinal) &&
                        !path.Contains("/../", StringComparison.Ordinal) && !path.EndsWith("/..", StringComparison.Ordinal));

    private static void PushSegments(Stack<string> pending, string path)
    {
        string[] segments = path.Split('/');
        for (int i = segments.Length - 1; i >= 0; i--)
        {
            pending.Push(segments[i]);
        }
    }
}
