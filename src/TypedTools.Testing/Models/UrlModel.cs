using System.Globalization;
using System.Net;
using TypedTools.Policy.Network;

namespace TypedTools.Testing.Models;

/// <summary>
/// A reference model of what a URL check may allow, written independently of <see cref="DomainGuard"/> and of
/// <see cref="Uri"/>'s parser: it splits the text by RFC 3986's authority rules by hand, and requires the URL a
/// check returned to reach exactly the host, port and scheme written there, on the allowlist. A check must never
/// allow what the model objects to; where the two parsers disagree on the host, that disagreement is the finding.
/// </summary>
public static class UrlModel
{
    /// <summary>Why a check must not have returned <paramref name="allowed"/> for <paramref name="text"/>, or null when the model agrees.</summary>
    /// <param name="text">The URL as the caller wrote it.</param>
    /// <param name="patterns">Every allowlist entry the rule resolves to (its own and its set's).</param>
    /// <param name="allowHttp">Whether plain http is allowed.</param>
    /// <param name="ports">The allowed ports; the scheme's default when empty.</param>
    /// <param name="allowed">The URL the check returned.</param>
    public static string? Objection(string text, IReadOnlyList<string> patterns, bool allowHttp, IReadOnlyList<int>? ports, Uri allowed)
    {
        if (text.Any(c => c <= ' ' || c == '\u007f' || c == '\\' || char.IsWhiteSpace(c)))
        {
            return "the text contains whitespace, a control character or a backslash";
        }
        int colon = text.IndexOf(':');
        string scheme = colon > 0 ? text[..colon].ToLowerInvariant() : "";
        if (scheme != "https" && !(allowHttp && scheme == "http"))
        {
            return $"the scheme '{scheme}' is not allowed";
        }
        if (!text.AsSpan(colon + 1).StartsWith("//"))
        {
            return "there is no authority ('//host')";
        }
        int start = colon + 3;
        int end = text.IndexOfAny(['/', '?', '#'], start);
        string authority = end < 0 ? text[start..] : text[start..end];
        if (authority.Contains('@') || authority.Contains('%'))
        {
            return $"the authority '{authority}' carries user information or percent-encoding";
        }

        string host;
        string portText = "";
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0 || (close + 1 < authority.Length && authority[close + 1] != ':'))
            {
                return "a malformed IPv6 literal";
            }
            host = authority[..(close + 1)];
            portText = close + 1 < authority.Length ? authority[(close + 2)..] : "";
        }
        else
        {
            int portColon = authority.LastIndexOf(':');
            host = portColon < 0 ? authority : authority[..portColon];
            portText = portColon < 0 ? "" : authority[(portColon + 1)..];
        }
        int defaultPort = scheme == "https" ? 443 : 80;
        if (portText.Length > 5 || !portText.All(char.IsAsciiDigit))
        {
            return $"the port '{portText}' is not a number";
        }
        int port = portText.Length == 0 ? defaultPort : int.Parse(portText, CultureInfo.InvariantCulture);
        if (!(ports is { Count: > 0 } listed ? listed : [defaultPort]).Contains(port))
        {
            return $"the port {port} is not allowed";
        }

        string? expectedHost = AllowedHost(host, patterns, out IPAddress? address);
        if (expectedHost is null)
        {
            return $"the host '{host}' is not on the allowlist";
        }

        if (allowed.Scheme != scheme || allowed.Port != port || allowed.UserInfo.Length > 0)
        {
            return $"the check returned '{allowed}', which differs in scheme, port or user information from what was written";
        }
        if (address is not null)
        {
            return IPAddress.TryParse(allowed.DnsSafeHost, out IPAddress? reached) && reached.Equals(address) ? null
                : $"the check returned '{allowed}', which reaches another address than '{host}'";
        }
        return string.Equals(allowed.IdnHost, expectedHost, StringComparison.OrdinalIgnoreCase) ? null
            : $"the check returned '{allowed}', which reaches '{allowed.IdnHost}', not the host written ('{expectedHost}')";
    }

    /// <summary>The host as DNS would be asked for it (or the literal address), when the allowlist admits it.</summary>
    private static string? AllowedHost(string host, IReadOnlyList<string> patterns, out IPAddress? address)
    {
        address = null;
        string literal = host.Trim('[', ']');
        if (host.StartsWith('[') || IPAddress.TryParse(literal, out _) || Labels(host).LastOrDefault() is { } last && (last.All(char.IsAsciiDigit) || last.StartsWith("0x", StringComparison.OrdinalIgnoreCase)))
        {
            // Numeric hosts pass only as an address that is listed.
            if (IPAddress.TryParse(literal, out IPAddress? parsed) && patterns.Any(p => IPAddress.TryParse(p.Trim('[', ']'), out IPAddress? listed) && listed.Equals(parsed)))
            {
                address = parsed;
                return literal;
            }
            return null;
        }

        string ascii;
        try
        {
            ascii = host.All(char.IsAscii) ? host.ToLowerInvariant() : new IdnMapping().GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (ascii.Length == 0 || ascii.EndsWith('.') || ascii.Contains(".."))
        {
            return null;
        }
        foreach (string pattern in patterns)
        {
            string p = pattern.ToLowerInvariant();
            if (p.StartsWith("*.", StringComparison.Ordinal) ? ascii.EndsWith(p[1..], StringComparison.Ordinal) && ascii.Length > p.Length - 1 : ascii == p)
            {
                return ascii;
            }
        }
        return null;
    }

    private static string[] Labels(string host) => host.Split('.');
}
