using System.Net;
using System.Net.Sockets;

namespace TypedTools.Policy.Network;

/// <summary>Which IP addresses are public. Everything else (loopback, private, link-local and cloud metadata, CGNAT, documentation, multicast, reserved) is refused at connect time.</summary>
public static class NetworkAddresses
{
    private static readonly IPNetwork[] s_nonPublicV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
    ];

    private static readonly IPNetwork[] s_nonPublicV6 =
    [
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001::/23"), IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>Whether <paramref name="address"/> is a public unicast address (IPv4 forms embedded in IPv6 are judged as IPv4).</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return IsPublic(address.MapToIPv4());
            }
            byte[] bytes = address.GetAddressBytes();
            // NAT64 (64:ff9b::/96), 6to4 (2002::/16) and IPv4-compatible (::/96) addresses carry an IPv4 address.
            if (IPNetwork.Parse("64:ff9b::/96").Contains(address) || (bytes.Take(12).All(b => b == 0) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback)))
            {
                return IsPublic(new IPAddress(bytes[12..16]));
            }
            if (bytes[0] == 0x20 && bytes[1] == 0x02)
            {
                return IsPublic(new IPAddress(bytes[2..6]));
            }
            return address.ScopeId == 0 && !s_nonPublicV6.Any(n => n.Contains(address));
        }
        return address.AddressFamily == AddressFamily.InterNetwork && !s_nonPublicV4.Any(n => n.Contains(address));
    }
}
