using System.Globalization;
using System.Net;

namespace TypedTools.Policy.Network;

/// <summary>
/// One allowlist entry: an exact host, a <c>*.</c> wildcard over the names below a registrable domain, or an IP
/// literal. Patterns are validated when configured: no <c>*</c> alone, no <c>*.com</c>, no schemes, ports,
/// paths, trailing dots or empty labels; non-ASCII names are stored in their IDNA (punycode) form.
/// </summary>
internal sealed class DomainPattern
{
    private static readonly IdnMapping s_idn = new() { UseStd3AsciiRules = true };

    private DomainPattern(string host, bool wildcard, IPAddress? address)
    {
        Host = host;
        IsWildcard = wildcard;
        Address = address;
    }

    /// <summary>The host (for a wildcard, the domain after <c>*.</c>), lower-case ASCII.</summary>
    public string Host { get; }

    /// <summary>Whether the pattern matches the names below <see cref="Host"/> (never the domain itself).</summary>
    public bool IsWildcard { get; }

    /// <summary>For an IP literal pattern, the address.</summary>
    public IPAddress? Address { get; }

    /// <summary>Parses a pattern; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static DomainPattern Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ArgumentException("A domain pattern is empty.");
        }
        string text = pattern.Trim();
        if (text.Contains("://", StringComparison.Ordinal) || text.IndexOfAny(['/', '@', '?', '#', '\\', ' ']) >= 0)
        {
            throw new ArgumentException($"The domain pattern '{pattern}' is not a host name: leave out schemes, paths and user names.");
        }
        string literal = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        if (IPAddress.TryParse(literal, out IPAddress? address) && (literal.Contains(':') || literal.Count(c => c == '.') == 3))
        {
            return new DomainPattern(address.ToString(), false, address);
        }
        if (text.Contains(':'))
        {
            throw new ArgumentException($"The domain pattern '{pattern}' has a port; ports are set on the rule, not the host.");
        }
        bool wildcard = text.StartsWith("*.", StringComparison.Ordinal);
        string host = wildcard ? text[2..] : text;
        if (host.Contains('*'))
        {
            throw new ArgumentException($"The domain pattern '{pattern}' has a '*' other than a leading '*.'.");
        }
        if (host.EndsWith('.'))
        {
            throw new ArgumentException($"The domain pattern '{pattern}' ends with a dot.");
        }
        try
        {
            host = s_idn.GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"The domain pattern '{pattern}' is not a valid host name.");
        }
        string[] labels = host.Split('.');
        if (labels.Any(l => l.Length is 0 or > 63))
        {
            throw new ArgumentException($"The domain pattern '{pattern}' has an empty or overlong label.");
        }
        if (wildcard && labels.Length < 2)
        {
            throw new ArgumentException($"The domain pattern '{pattern}' would match a whole top-level domain; name a domain, for example '*.example.com'.");
        }
        if (labels[^1].All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"The domain pattern '{pattern}' looks like a partial IP address; write a full IP literal or a host name.");
        }
        return new DomainPattern(host, wildcard, null);
    }

    /// <summary>Whether a lower-case ASCII host matches: exactly, or on a label boundary below a wildcard's domain.</summary>
    public bool Matches(string host) => IsWildcard
        ? host.Length > Host.Length + 1 && host.EndsWith(Host, StringComparison.Ordinal) && host[host.Length - Host.Length - 1] == '.'
        : Address is null && host == Host;

    /// <summary>Whether an IP literal host is this pattern's address.</summary>
    public bool Matches(IPAddress address) => Address is not null && Address.Equals(address);
}
