using System.Text.RegularExpressions;
using TypedTools.Policy.Paths;

namespace TypedTools.Testing.Models;

/// <summary>
/// A reference model of what a path check may allow, written independently of <see cref="PathGuard"/>: it takes
/// the canonical path a check returned and judges the file the tool would actually open, resolving the path the
/// way the kernel does (component by component, each symbolic link replaced by its target, <c>..</c> taken from
/// the resolved directory). A check must never allow what the model objects to.
/// </summary>
public static class PathModel
{
    private const int MaxLinks = 40; // the kernel's own limit (ELOOP)

    /// <summary>
    /// Why a check must not have returned <paramref name="allowed"/> for <paramref name="access"/> inside the root
    /// <paramref name="root"/> (its real path), or null when the model agrees.
    /// </summary>
    public static string? Objection(string root, string allowed, PathAccess access, PathRootOptions options)
    {
        if (!IsCanonical(allowed))
        {
            return $"'{allowed}' is not a canonical absolute path";
        }
        if (!Inside(root, allowed))
        {
            return $"'{allowed}' is outside the root '{root}'";
        }
        if (Resolve(allowed) is not { } physical)
        {
            return $"'{allowed}' runs into a loop of symbolic links";
        }
        if (!Inside(root, physical))
        {
            return $"'{allowed}' leads to '{physical}', outside the root";
        }
        if (physical != allowed)
        {
            return $"'{allowed}' still passes through a symbolic link (to '{physical}')";
        }

        FileProbe.Status? status = FileProbe.Lstat(physical);
        if (status is { Kind: FileProbe.Kind.Special })
        {
            return $"'{allowed}' is a FIFO, socket or device";
        }
        switch (access)
        {
            case PathAccess.Read:
                if (status is { Kind: FileProbe.Kind.Regular } read)
                {
                    if (read.LinkCount > 1 && !options.AllowHardLinks)
                    {
                        return $"'{allowed}' has {read.LinkCount} hard links";
                    }
                    if (read.Size > options.MaxFileSize)
                    {
                        return $"'{allowed}' is {read.Size} bytes, over the cap of {options.MaxFileSize}";
                    }
                }
                return null;
            default:
                if (physical == root)
                {
                    return "the root itself is a write or delete target";
                }
                if (access == PathAccess.Write && status is { Kind: FileProbe.Kind.Directory })
                {
                    return $"'{allowed}' is a directory, written as a file";
                }
                if (status is { Kind: FileProbe.Kind.Regular, LinkCount: > 1 } linked)
                {
                    return $"'{allowed}' has {linked.LinkCount} hard links";
                }
                string relative = physical[(root.Length + 1)..];
                foreach (string pattern in options.WriteDenyList)
                {
                    if (Protected(pattern).IsMatch(relative))
                    {
                        return $"'{relative}' is protected by '{pattern}'";
                    }
                }
                return null;
        }
    }

    /// <summary>The path as the kernel resolves it, or null for a link loop.</summary>
    public static string? Resolve(string path)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(path.Split('/'));
        int links = 0;
        while (pending.First is { } first)
        {
            string component = first.Value;
            pending.RemoveFirst();
            if (component is "" or ".")
            {
                continue;
            }
            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }
            string candidate = "/" + string.Join('/', resolved.Append(component));
            if (FileProbe.Lstat(candidate) is { Kind: FileProbe.Kind.SymbolicLink } && new FileInfo(candidate).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }
                foreach (string part in target.Split('/').Reverse())
                {
                    pending.AddFirst(part);
                }
                continue;
            }
            resolved.Add(component);
        }
        return "/" + string.Join('/', resolved);
    }

    private static bool IsCanonical(string path) =>
        path.StartsWith('/') && !path.Contains('\0') && (path == "/" || (!path.EndsWith('/') && path[1..].Split('/').All(s => s is not ("" or "." or ".."))));

    private static bool Inside(string root, string path) => path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    // "dir/" (or "a/b/"): those directories anywhere, and everything below; "name": that segment anywhere. Case-insensitive.
    private static Regex Protected(string pattern)
    {
        string body = string.Join("/", pattern.TrimEnd('/').Split('/').Select(part => string.Join("[^/]*", part.Split('*').Select(Regex.Escape))));
        return new Regex("(^|/)" + body + "(/|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
