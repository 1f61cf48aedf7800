using System.Globalization;

namespace TypedTools.Audit;

/// <summary>The files of one JSON Lines audit log: rotated files (oldest first), then the current one.</summary>
public static class AuditLogFiles
{
    /// <summary>The name a full file gets when it is rotated.</summary>
    public static string RotatedName(string path, DateTimeOffset now)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string stem = Path.GetFileNameWithoutExtension(path);
        string name = Path.Join(directory, $"{stem}.{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff", CultureInfo.InvariantCulture)}{Path.GetExtension(path)}");
        return name;
    }

    /// <summary>Every file of the log in order: rotated ones by their time, then <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> InOrder(string path)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string stem = Path.GetFileNameWithoutExtension(path);
        string extension = Path.GetExtension(path);
        var rotated = Directory.Exists(directory)
            ? Directory.GetFiles(directory, stem + ".*" + extension)
                .Where(f => IsRotated(Path.GetFileName(f), stem, extension))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        if (File.Exists(path))
        {
            rotated.Add(Path.GetFullPath(path));
        }
        return rotated;
    }

    /// <summary>stem.yyyyMMddTHHmmssfffffff.ext</summary>
    private static bool IsRotated(string name, string stem, string extension)
    {
        if (name.Length != stem.Length + 1 + 22 + extension.Length)
        {
            return false;
        }
        ReadOnlySpan<char> stamp = name.AsSpan(stem.Length + 1, 22);
        return stamp[8] == 'T' && stamp[..8].ContainsAnyExceptInRange('0', '9') == false && stamp[9..].ContainsAnyExceptInRange('0', '9') == false;
    }

    /// <summary>The hash of the last record in the rotated files before <paramref name="path"/>, if any.</summary>
    internal static string? LastHashBefore(string path)
    {
        string? last = InOrder(path).Where(f => f != Path.GetFullPath(path)).LastOrDefault();
        if (last is null)
        {
            return null;
        }
        string? line = File.ReadLines(last).LastOrDefault(l => l.Length > AuditChain.HashSuffixLength);
        return line?[^(AuditChain.HashSuffixLength - 9)..^2];
    }
}
