using System.Globalization;
using System.Text;

namespace TypedTools.Policy.Paths;

/// <summary>
/// The spellings a path argument may not use, on every operating system: arguments come from a model, and a
/// form harmless here may be traversal or a device on the next machine or the next layer. Nothing is ever
/// expanded, decoded or normalised; a path that needs any of that is refused with a reason.
/// </summary>
internal static class PathForms
{
    private static readonly string[] s_deviceNames = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"];

    /// <summary>The longest file name Linux file systems take, in UTF-8 bytes (NAME_MAX).</summary>
    internal const int MaxSegmentBytes = 255;

    /// <summary>The longest path the kernel takes, in UTF-8 bytes with its terminator (PATH_MAX).</summary>
    internal const int MaxPathBytes = 4096;

    /// <summary>Why <paramref name="path"/> is refused, or null when its form is acceptable.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0)
        {
            return "The path is empty.";
        }
        if (path.Length > 4096)
        {
            return "The path is longer than 4096 characters.";
        }
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            switch (c)
            {
                case '\\':
                    return "The path contains a backslash; use '/' between segments.";
                case ':':
                    return "The path contains ':' (a drive letter, URL or alternate data stream).";
                case '%':
                    return "The path contains '%' (percent-encoding or a variable); send the plain name.";
                case '$':
                    return "The path contains '$' (a variable is never expanded).";
                case '*' or '?' or '"' or '<' or '>' or '|':
                    return $"The path contains '{c}', which is a wildcard or reserved on some systems.";
            }
            if (c > 0x7F && RuneProblem(path, ref i) is { } runeProblem)
            {
                return runeProblem;
            }
            if (c < 0x20 || c == 0x7F)
            {
                return $"The path contains the control character U+{(int)c:X4}.";
            }
        }
        if (path[0] == '/' && path.Length > 1 && path[1] == '/')
        {
            return "The path starts with '//' (a network path).";
        }

        string[] segments = path.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            if (segment.Length == 0)
            {
                if (i == 0)
                {
                    continue; // an absolute path: checked against the root later
                }
                return i == segments.Length - 1 ? "The path ends with '/'; name the file or directory without it." : "The path contains an empty segment ('//').";
            }
            if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                // The kernel refuses longer names (ENAMETOOLONG); found by fuzzing.
                return $"A segment of the path is longer than {MaxSegmentBytes} bytes.";
            }
            if (segment == "..")
            {
                return "The path contains '..'; name the location directly from the root.";
            }
            if (segment == ".")
            {
                if (segments.Length == 1)
                {
                    continue; // "." is the root itself
                }
                return "The path contains a '.' segment; leave it out.";
            }
            if (segment[0] == '~')
            {
                return "The path starts a segment with '~' (a home directory is never expanded).";
            }
            if (segment[^1] is '.' or ' ' || segment[0] == ' ')
            {
                return $"The segment '{segment}' starts or ends with a space or ends with a dot, which some systems silently drop.";
            }
            if (IsDeviceName(segment))
            {
                return $"The segment '{segment}' is a reserved device name on Windows.";
            }
            if (IsShortName(segment))
            {
                return $"The segment '{segment}' looks like a Windows short (8.3) name.";
            }
        }
        return null;
    }

    /// <summary>Why the non-ASCII character at <paramref name="i"/> is refused (advancing past a surrogate pair), or null.</summary>
    private static string? RuneProblem(string path, ref int i)
    {
        if (Rune.DecodeFromUtf16(path.AsSpan(i), out Rune rune, out int length) != System.Buffers.OperationStatus.Done)
        {
            return "The path contains an unpaired UTF-16 surrogate.";
        }
        i += length - 1;
        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or
            UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
        {
            return $"The path contains the control, invisible or unassigned character U+{rune.Value:X4}.";
        }
        if (rune.IsBmp && LooksLikeSyntax((char)rune.Value))
        {
            return $"The path contains U+{rune.Value:X4}, which looks like or normalises to a path separator or dot.";
        }
        return null;
    }

    /// <summary>Full-width and look-alike dots and slashes that a later NFKC normalisation would turn into syntax.</summary>
    private static bool LooksLikeSyntax(char c)
    {
        if (c is '\u2215' or '\u2044' or '\u29F8' or '\u2216' or '\u29F5' or '\u29F9' or '\uFE68' or '\u2024' or '\u2025' or '\u2026' or '\u3002' or '\uFF61')
        {
            return true;
        }
        string normalised = c.ToString().Normalize(NormalizationForm.FormKC);
        return normalised.AsSpan().IndexOfAny("/\\.:%$~") >= 0;
    }

    private static bool IsDeviceName(string segment)
    {
        // "NUL", "nul.txt", "COM1", "LPT9.log", "COM¹": the name before the first dot, trailing spaces ignored.
        int dot = segment.IndexOf('.');
        string stem = (dot < 0 ? segment : segment[..dot]).TrimEnd(' ');
        foreach (string device in s_deviceNames)
        {
            if (stem.Equals(device, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return stem.Length == 4 &&
               (stem.StartsWith("COM", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("LPT", StringComparison.OrdinalIgnoreCase)) &&
               (char.IsAsciiDigit(stem[3]) || stem[3] is '\u00B9' or '\u00B2' or '\u00B3');
    }

    private static bool IsShortName(string segment)
    {
        // PROGRA~1, DOCUME~2.TXT
        int tilde = segment.IndexOf('~');
        return tilde > 0 && tilde <= 6 && tilde + 1 < segment.Length && char.IsAsciiDigit(segment[tilde + 1]);
    }
}
