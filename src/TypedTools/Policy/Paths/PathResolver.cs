namespace TypedTools.Policy.Paths;

/// <summary>
/// Resolves a path the way the kernel will when it is opened: component by component from the file-system
/// root, replacing every symbolic link (in the middle as well as at the end, chains and relative targets
/// included) by its target. Components that do not exist yet are kept as written, so a write target's
/// canonical path is known before it is created; a dangling link is followed to where it points.
/// </summary>
internal static class PathResolver
{
    // Linux gives up after 40 links in one lookup (ELOOP); so do we.
    private const int MaxLinks = 40;

    /// <summary>The canonical form of an absolute path.</summary>
    public static string Resolve(string absolutePath)
    {
        var pending = new Stack<string>();
        PushSegments(pending, absolutePath);
        string current = "/";
        bool exists = true; // once a component is missing, nothing below it can be a link
        int links = 0;
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
                continue;
            }
            string next = current == "/" ? "/" + segment : current + "/" + segment;
            FileStatus? status = exists ? FileStatusNative.TryGet(next) : null;
            if (status is { Kind: FileKind.SymbolicLink })
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
                }
                PushSegments(pending, target);
                continue;
            }
            exists = status is not null;
            current = next;
        }
        return current;
    }

    private static void PushSegments(Stack<string> pending, string path)
    {
        string[] segments = path.Split('/');
        for (int i = segments.Length - 1; i >= 0; i--)
        {
            pending.Push(segments[i]);
        }
    }
}
