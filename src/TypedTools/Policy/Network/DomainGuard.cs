using System.Net;
using System.Runtime.CompilerServices;

namespace TypedTools.Policy.Network;

/// <summary>
/// Decides whether a URL may be used, before anything touches the network (a DNS lookup alone can leak a
/// secret in a name): one parser (<see cref="Uri"/>), an absolute http(s) URL typed with its scheme, no
/// whitespace, control characters or backslashes, no user information, no <c>%</c> in the host, an allowed
/// port, and the host (its IDNA form, lower-case) on the allowlist exactly or on a label boundary. IP
/// literals pass only when listed. Every refusal is a <see cref="PolicyDeniedException"/>.
/// </summary>
public sealed class DomainGuard
{
    private readonly IReadOnlyDictionary<string, DomainPattern[]> _sets;
    private readonly ConditionalWeakTable<DomainRule, DomainPattern[]> _parsed = new();

    internal DomainGuard(IReadOnlyDictionary<string, DomainPattern[]> sets) => _sets = sets;

    /// <summary>Parses configured domain sets; throws <see cref="ArgumentException"/> on a malformed pattern.</summary>
    internal static DomainGuard Create(IEnumerable<KeyValuePair<string, IList<string>>> sets) =>
        new(sets.ToDictionary(s => s.Key, s => s.Value.Select(DomainPattern.Parse).ToArray(), StringComparer.Ordinal));

    /// <summary>The checked URL for <paramref name="url"/> under <paramref name="rule"/>, or a denial.</summary>
    public Uri Check(string url, DomainRule rule)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length > 4096)
        {
            throw Deny(PolicyCodes.UrlInvalid, "The URL is longer than 4096 characters.");
        }
        foreach (char c in url)
        {
            if (c <= ' ' || c == '\u007f' || c == '\\' || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Control)
            {
                throw Deny(PolicyCodes.UrlInvalid, "The URL contains whitespace, a control character or a backslash.");
            }
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || !url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            // "//host/x" parses as an absolute file: URI in .NET; "https:host" has no authority. Neither is accepted.
            throw Deny(PolicyCodes.UrlInvalid, "The text is not an absolute URL with a scheme and a host.");
        }
        return Check(uri, rule, url);
    }

    /// <summary>The checked URL for <paramref name="uri"/> under <paramref name="rule"/>, or a denial.</summary>
    public Uri Check(Uri uri, DomainRule rule) => Check(uri.OriginalString, rule);

    private Uri Check(Uri uri, DomainRule rule, string text)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && rule.AllowHttp))
        {
            throw Deny(PolicyCodes.UrlScheme, $"The scheme '{uri.Scheme}' is not allowed here; use {(rule.AllowHttp ? "https or http" : "https")}.");
        }
        string authority = Authority(text);
        if (uri.UserInfo.Length > 0 || authority.Contains('@'))
        {
            throw Deny(PolicyCodes.UrlUserInfo, "The URL carries user information before the host ('user@host'), which disguises the real host.");
        }
        if (authority.Contains('%'))
        {
            throw Deny(PolicyCodes.UrlInvalid, "The URL's host contains '%' (percent-encoding or a zone id).");
        }
        int[] ports = rule.Ports is { Count: > 0 } listed ? [.. listed] : [uri.Scheme == Uri.UriSchemeHttps ? 443 : 80];
        if (!ports.Contains(uri.Port))
        {
            throw Deny(PolicyCodes.UrlPort, $"The port {uri.Port} is not allowed here; allowed: {string.Join(", ", ports)}.");
        }

        DomainPattern[] patterns = Patterns(rule);
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            IPAddress address = IPAddress.Parse(uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host);
            if (!patterns.Any(p => p.Matches(address)))
            {
                throw Deny(PolicyCodes.UrlIpLiteral, "The URL names an IP address instead of an allowed host.");
            }
            return uri;
        }
        string host = IdnHost(uri);
        if (uri.HostNameType != UriHostNameType.Dns || host.Length == 0 || host.EndsWith('.'))
        {
            throw Deny(PolicyCodes.UrlInvalid, "The URL's host is not a plain DNS name (a trailing dot or an unusual form).");
        }
        string last = host[(host.LastIndexOf('.') + 1)..];
        if (last.All(char.IsAsciiDigit) || last.StartsWith("0x", StringComparison.Ordinal))
        {
            // 2130706433, 0x7f000001, 127.1: numeric forms some resolvers read as IP addresses.
            throw Deny(PolicyCodes.UrlIpLiteral, "The URL's host is a numeric form of an IP address.");
        }
        if (!patterns.Any(p => p.Matches(host)))
        {
            throw Deny(PolicyCodes.DomainNotAllowed, $"The host '{host}' is not on this tool's allowlist.");
        }
        // The tool (and the audit record) get the host as DNS will see it: IDNA form, lower-case.
        return uri.Host == host ? uri : new UriBuilder(uri) { Host = host }.Uri;
    }

    private DomainPattern[] Patterns(DomainRule rule) => _parsed.GetValue(rule, r =>
    {
        IEnumerable<DomainPattern> own = r.Patterns.Select(DomainPattern.Parse);
        if (r.Set is { } set)
        {
            if (!_sets.TryGetValue(set, out DomainPattern[]? configured))
            {
                throw Deny(PolicyCodes.DomainSetMissing, $"The domain set '{set}' is not configured on this server.");
            }
            own = own.Concat(configured);
        }
        return [.. own];
    });

    /// <summary>The host as DNS will see it (IDNA form, lower-case); a name IDNA refuses denies.</summary>
    private static string IdnHost(Uri uri)
    {
        try
        {
            return uri.IdnHost.ToLowerInvariant();
        }
        catch (UriFormatException)
        {
            // Uri parses some names (U+FFFD, say) that its own IDNA conversion then rejects; found by fuzzing.
            throw Deny(PolicyCodes.UrlInvalid, "The URL's host is not a valid internationalised domain name.");
        }
    }

    /// <summary>The raw authority (between "://" and the path, query or fragment), as the caller wrote it.</summary>
    private static string Authority(string text)
    {
        int start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        int end = text.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static PolicyDeniedException Deny(string code, string message) =>
        new(new PolicyDenial(code, message, null, "Send an https URL on an allowed host, written plainly (no user name, no IP address, no unusual port)."));
}
