namespace TypedTools.Policy.Paths;

/// <summary>What a tool does at a path; each level has its own checks.</summary>
public enum PathAccess
{
    /// <summary>
    /// Reads a file or lists a directory. An existing target must be a regular file (one hard link unless the
    /// root allows more, no larger than the root's cap) or a directory.
    /// </summary>
    Read,

    /// <summary>Creates or overwrites a file. The target must not be protected by the root's deny-list, nor be a directory or special file.</summary>
    Write,

    /// <summary>Deletes a file or directory. As for writes, protected locations and the root itself are refused.</summary>
    Delete,
}
