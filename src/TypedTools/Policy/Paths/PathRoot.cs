namespace TypedTools.Policy.Paths;

/// <summary>A configured root, canonicalised once at start-up the same way every checked path is.</summary>
public sealed class PathRoot
{
    internal PathRoot(string name, string directory, PathRootOptions options)
    {
        Name = name;
        Directory = directory;
        Options = options;
    }

    /// <summary>The root's name, as <c>[AllowedPath]</c> names it.</summary>
    public string Name { get; }

    /// <summary>The canonical directory (every link resolved).</summary>
    public string Directory { get; }

    /// <summary>The root's rules.</summary>
    public PathRootOptions Options { get; }

    /// <summary>Canonicalises a configured root; throws when it is not an existing directory.</summary>
    internal static PathRoot Create(string name, PathRootOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new InvalidOperationException($"The path root '{name}' has no directory.");
        }
        string canonical = PathResolver.Resolve(Path.GetFullPath(options.Directory), out FileStatus? status);
        if (status is not { Kind: FileKind.Directory })
        {
            throw new InvalidOperationException($"The path root '{name}' is '{options.Directory}', which is not an existing directory.");
        }
        return new PathRoot(name, canonical, options);
    }

    /// <summary>The path relative to the root with '/' separators, or null when it is not inside (compared by segment).</summary>
    internal string? RelativeInside(string canonicalPath)
    {
        string relative = Path.GetRelativePath(Directory, canonicalPath);
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }
        return relative;
    }
}
