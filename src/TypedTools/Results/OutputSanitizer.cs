using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TypedTools.Results;

/// <summary>What sanitising changed in a result.</summary>
public sealed class SanitizeReport
{
    /// <summary>Terminal control sequences and other control characters removed.</summary>
    public int ControlRemoved { get; set; }

    /// <summary>Bidirectional controls, zero-width and tag characters made visible.</summary>
    public int InvisibleShown { get; set; }

    /// <summary>Secrets redacted.</summary>
    public int SecretsRedacted { get; set; }

    /// <summary>Whether text was cut at the size cap.</summary>
    public bool Truncated { get; set; }

    /// <summary>Whether anything changed.</summary>
    public bool Changed => ControlRemoved > 0 || InvisibleShown > 0 || SecretsRedacted > 0 || Truncated;
}

/// <summary>
/// Makes text safe to hand to a model and to show a person: terminal escape sequences and control characters
/// are removed; bidirectional overrides, zero-width and Unicode tag characters (which hide instructions from
/// people reading the text) are made visible as <c>[U+XXXX]</c>; secrets are redacted; long text is cut with a
/// marker. Line breaks and tabs stay.
/// </summary>
public static class OutputSanitizer
{
    /// <summary>Redacts <paramref name="secrets"/> and the configured patterns (every result gets this).</summary>
    public static string Redact(string text, IReadOnlyList<string> secrets, OutputOptions options, SanitizeReport report)
    {
        if (secrets.Count > 0)
        {
            foreach (string secret in secrets.Where(s => s.Length >= 4).OrderByDescending(s => s.Length))
            {
                int count = CountOf(text, secret);
                if (count > 0)
                {
                    text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
                    report.SecretsRedacted += count;
                }
            }
        }
        bool? mayHoldDefault = null;
        IList<Regex> patterns = options.SecretPatterns;
        for (int i = 0; i < patterns.Count; i++)
        {
            Regex pattern = patterns[i];
            bool isDefault = DefaultSecretPatterns.IsDefault(pattern);
            if (isDefault && !(mayHoldDefault ??= DefaultSecretPatterns.MayMatch(text)))
            {
                continue;
            }
            try
            {
                string replaced = Replace(pattern, text, report);
                if (!isDefault && !ReferenceEquals(replaced, text))
                {
                    mayHoldDefault = null; // another pattern changed the text: look again
                }
                text = replaced;
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern that cannot finish in time on this text must not leak it: withhold the text.
                report.SecretsRedacted++;
                return "[withheld: the text could not be checked for secrets in time]";
            }
        }
        return text;
    }

    /// <summary>
    /// <c>pattern.Replace(text, "[redacted]")</c>, counting the matches, without allocating when nothing matches (the
    /// common case: every result passes every pattern).
    /// </summary>
    private static string Replace(Regex pattern, string text, SanitizeReport report)
    {
        if (pattern.RightToLeft)
        {
            return ReplaceRightToLeft(pattern, text, report);
        }
        StringBuilder? output = null;
        int copied = 0;
        foreach (ValueMatch match in pattern.EnumerateMatches(text))
        {
            output ??= new StringBuilder(text.Length);
            output.Append(text, copied, match.Index - copied).Append("[redacted]");
            copied = match.Index + match.Length;
            report.SecretsRedacted++;
        }
        return output is null ? text : output.Append(text, copied, text.Length - copied).ToString();
    }

    // Matches come last first; the regex assembles the text. Apart from Replace, whose every call would otherwise make this lambda's closure.
    private static string ReplaceRightToLeft(Regex pattern, string text, SanitizeReport report) =>
        pattern.Replace(text, _ =>
        {
            report.SecretsRedacted++;
            return "[redacted]";
        });

    /// <summary>Removes control sequences, makes invisible characters visible, and caps the length.</summary>
    public static string Clean(string text, int maxLength, SanitizeReport report)
    {
        var output = new StringBuilder(Math.Min(text.Length, maxLength) + 64);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\u001B')
            {
                i = SkipEscape(text, i);
                report.ControlRemoved++;
                continue;
            }
            if (c is '\n' or '\t')
            {
                output.Append(c);
                continue;
            }
            if (c == '\r')
            {
                report.ControlRemoved += i + 1 < text.Length && text[i + 1] == '\n' ? 0 : 1; // CRLF is a line break
                continue;
            }
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    int code = char.ConvertToUtf32(c, text[i + 1]);
                    if (code is >= 0xE0000 and <= 0xE007F || CharUnicodeInfo.GetUnicodeCategory(code) is UnicodeCategory.Format or UnicodeCategory.PrivateUse)
                    {
                        Visible(output, code, report);
                    }
                    else
                    {
                        output.Append(c).Append(text[i + 1]);
                    }
                    i++;
                    continue;
                }
                Visible(output, c, report);
                continue;
            }
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.Control)
            {
                report.ControlRemoved++; // C0 (but line breaks and tabs), DEL and C1 controls
                continue;
            }
            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator && c != '\u00AD')
            {
                Visible(output, c, report);
                continue;
            }
            output.Append(c);
        }
        if (output.Length > maxLength)
        {
            string rest = output.ToString(maxLength, output.Length - maxLength);
            output.Length = maxLength;
            output.Append(CultureInfo.InvariantCulture, $"\n[truncated: {rest.Length} more characters, sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rest)))}]");
            report.Truncated = true;
        }
        return output.ToString();
    }

    private static void Visible(StringBuilder output, int code, SanitizeReport report)
    {
        output.Append(CultureInfo.InvariantCulture, $"[U+{code:X4}]");
        report.InvisibleShown++;
    }

    /// <summary>Skips an escape sequence starting at <paramref name="start"/>: CSI (ESC [ ... final), OSC and other strings (ESC ] ... BEL or ST), or ESC + one char.</summary>
    private static int SkipEscape(string text, int start)
    {
        int i = start + 1;
        if (i >= text.Length)
        {
            return start;
        }
        char kind = text[i];
        if (kind == '[')
        {
            for (i++; i < text.Length; i++)
            {
                if (text[i] is >= '\u0040' and <= '\u007E')
                {
                    return i;
                }
            }
            return text.Length - 1;
        }
        if (kind is ']' or 'P' or '^' or '_' or 'X')
        {
            for (i++; i < text.Length; i++)
            {
                if (text[i] == '\u0007')
                {
                    return i;
                }
                if (text[i] == '\u001B' && i + 1 < text.Length && text[i + 1] == '\\')
                {
                    return i + 1;
                }
            }
            return text.Length - 1;
        }
        return i;
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
