using System.Globalization;
using TypedTools.Policy.Network;

namespace TypedTools.Policy.Flow;

/// <summary>Matches destinations (addresses, URLs, hosts) against approved patterns; anything it cannot read is not approved.</summary>
internal sealed class DestinationMatcher
{
    private static readonly IdnMapping s_idn = new();
    private readonly (string? Local, DomainPattern Domain)[] _patterns;

    public DestinationMatcher(IEnumerable<string> patterns) => _patterns = patterns.Select(Parse).ToArray();

    private static (string?, DomainPattern) Parse(string pattern)
    {
        int at = pattern.LastIndexOf('@');
        if (at < 0)
        {
            return (null, DomainPattern.Parse(pattern));
        }
        string local = pattern[..at];
        if (local.Length == 0)
        {
            throw new ArgumentException($"The destination pattern '{pattern}' has nothing before '@'; use '*@domain' for a whole domain.");
        }
        return (local, DomainPattern.Parse(pattern[(at + 1)..]));
    }

    public bool IsApproved(string destination)
    {
        try
        {
            if (Uri.TryCreate(destination, UriKind.Absolute, out Uri? uri) && uri.Host.Length > 0 && string.IsNullOrEmpty(uri.UserInfo) && uri.Scheme != "mailto")
            {
                string host = uri.IdnHost.ToLowerInvariant();
                return _patterns.Any(p => p.Local is null && p.Domain.Matches(host));
            }
            string address = destination.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? destination[7..] : destination;
            int at = address.LastIndexOf('@');
            if (at <= 0 || address.AsSpan().IndexOfAny(" \t\r\n,;<>\"") >= 0)
            {
                return at < 0 && _patterns.Any(p => p.Local is null && p.Domain.Matches(s_idn.GetAscii(address).ToLowerInvariant()));
            }
            string local = address[..at];
            string domain = s_idn.GetAscii(address[(at + 1)..]).ToLowerInvariant();
            return _patterns.Any(p => p.Local is not null && p.Domain.Matches(domain) &&
                                      (p.Local == "*" || string.Equals(p.Local, local, StringComparison.OrdinalIgnoreCase)));
        }
        catch (ArgumentException)
        {
            return false; // unreadable: not approved
        }
    }
}
