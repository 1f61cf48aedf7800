using System.Net;
using Microsoft.Extensions.Options;
using TypedTools.Policy;
using TypedTools.Policy.Network;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>Every class of URL input in attacks.md, several inputs each, against the allowlist "docs.example.org" and "*.example.com".</summary>
public sealed class DomainGuardTests
{
    private static readonly DomainRule s_rule = new(["docs.example.org", "*.example.com"]);
    private static readonly DomainGuard s_guard = new ToolPolicy(Options.Create(new TypedToolsOptions().AddDomains("team", "wiki.example.net", "203.0.113.7"))).Domains;

    private static string Deny(string url, DomainRule? rule = null) =>
        Assert.Throws<PolicyDeniedException>(() => s_guard.Check(url, rule ?? s_rule)).Denial.Code;

    [Theory]
    [InlineData("https://docs.example.org@evil.com/")]
    [InlineData("https://user:pass@docs.example.org/")]
    [InlineData("https://docs.example.org%40evil.com@evil.com/")]
    [InlineData("https://a@b@docs.example.org/")]
    public void User_information_is_refused(string url) => Assert.Contains(Deny(url), new[] { PolicyCodes.UrlUserInfo, PolicyCodes.UrlInvalid });

    [Theory]
    [InlineData("https://exa\ufffdmple.com/")] // Uri parses it, then its own IDNA conversion throws (found by fuzzing)
    [InlineData("https://a.b.\ufffd\ufffd.example.com/")]
    public void Names_IDNA_refuses_are_denied_not_thrown(string url) => Assert.Equal(PolicyCodes.UrlInvalid, Deny(url));

    [Theory]
    [InlineData("https://evil.com#@docs.example.org")]
    [InlineData("https://evil.com/?docs.example.org")]
    [InlineData("https://evil.com/docs.example.org")]
    [InlineData("https://evildocs.example.org/")]
    [InlineData("https://docs.example.org.evil.com/")]
    [InlineData("https://example.com/")] // a wildcard never matches its apex
    [InlineData("https://xexample.com/")]
    [InlineData("https://docs.example.org.example/")]
    [InlineData("https://secret-token.attacker.example/")] // refused before any lookup: the name alone would leak it
    public void Hosts_off_the_list_are_refused_whatever_the_rest_of_the_url_says(string url) => Assert.Equal(PolicyCodes.DomainNotAllowed, Deny(url));

    [Theory]
    [InlineData("https://docs.example.org./")]
    [InlineData("https://localhost./")]
    [InlineData("https://127.0.0.1./")]
    public void Trailing_dots_are_refused(string url) => Assert.Contains(Deny(url), new[] { PolicyCodes.UrlInvalid, PolicyCodes.DomainNotAllowed, PolicyCodes.UrlIpLiteral });

    [Theory]
    [InlineData("https://DOCS.EXAMPLE.ORG/a", "https://docs.example.org/a")]
    [InlineData("https://Api.Example.Com/v1?q=1", "https://api.example.com/v1?q=1")]
    [InlineData("https://a.b.example.com/", "https://a.b.example.com/")]
    [InlineData("https://ｄｏｃｓ.example.org/", "https://docs.example.org/")] // full-width letters map to the same DNS name
    [InlineData("https://docs。example。org/", "https://docs.example.org/")] // ideographic dots likewise
    public void Allowed_hosts_pass_in_their_canonical_form(string url, string expected) => Assert.Equal(expected, s_guard.Check(url, s_rule).AbsoluteUri);

    [Theory]
    [InlineData("https://dоcs.example.org/")] // Cyrillic о: a different name (xn--)
    [InlineData("https://docs.exаmple.org/")] // Cyrillic а
    [InlineData("https://döcs.example.org/")]
    public void Homographs_are_different_hosts(string url) => Assert.Equal(PolicyCodes.DomainNotAllowed, Deny(url));

    [Theory]
    [InlineData("https://2130706433/")]
    [InlineData("https://0x7f000001/")]
    [InlineData("https://0177.0.0.1/")]
    [InlineData("https://127.1/")]
    [InlineData("https://0/")]
    [InlineData("https://127.0.0.1/")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.1/")]
    public void Ipv4_literals_in_every_spelling_are_refused(string url) => Assert.Equal(PolicyCodes.UrlIpLiteral, Deny(url));

    [Theory]
    [InlineData("https://[::1]/")]
    [InlineData("https://[::ffff:127.0.0.1]/")]
    [InlineData("https://[::ffff:a9fe:a9fe]/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://[2001:db8::1]/")]
    public void Ipv6_literals_are_refused(string url) => Assert.Equal(PolicyCodes.UrlIpLiteral, Deny(url));

    [Theory]
    [InlineData("https://[fe80::1%25eth0]/")]
    [InlineData("https://docs%2eexample.org/")]
    public void Percent_in_the_host_is_refused(string url) => Assert.Contains(Deny(url), new[] { PolicyCodes.UrlInvalid, PolicyCodes.UrlIpLiteral });

    [Fact]
    public void An_ip_literal_passes_only_when_listed() =>
        Assert.Equal("https://203.0.113.7/x", s_guard.Check("https://203.0.113.7/x", DomainRule.ForSet("team")).AbsoluteUri);

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://docs.example.org/")]
    [InlineData("data:text/plain,hello")]
    [InlineData("ftp://docs.example.org/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://docs.example.org/")] // http only where the rule allows it
    [InlineData("ws://docs.example.org/")]
    public void Schemes_other_than_https_are_refused(string url) => Assert.Contains(Deny(url), new[] { PolicyCodes.UrlScheme, PolicyCodes.UrlInvalid });

    [Theory]
    [InlineData("//docs.example.org/x")] // an absolute file: URI to .NET
    [InlineData("docs.example.org/x")]
    [InlineData("/x")]
    [InlineData("https:docs.example.org")]
    [InlineData("https:/docs.example.org/")]
    public void Relative_and_authority_less_forms_are_refused(string url) => Assert.Equal(PolicyCodes.UrlInvalid, Deny(url));

    [Theory]
    [InlineData("https://docs.example.org\\@evil.com/")]
    [InlineData("https://evil.com\\docs.example.org/")]
    [InlineData("https://docs.example.org /")]
    [InlineData("https://docs.example.org/\tx")]
    [InlineData("https://docs.example.org/\r\nHost: evil.com")]
    [InlineData(" https://docs.example.org/")]
    [InlineData("https://docs.example.org/\u200B")]
    public void Parser_differentials_are_refused(string url) => Assert.Equal(PolicyCodes.UrlInvalid, Deny(url));

    [Theory]
    [InlineData("https://docs.example.org:8443/")]
    [InlineData("https://docs.example.org:0/")]
    [InlineData("https://docs.example.org:80/")]
    [InlineData("https://docs.example.org:22/")]
    public void Ports_off_the_rule_are_refused(string url) => Assert.Equal(PolicyCodes.UrlPort, Deny(url));

    [Fact]
    public void A_rule_can_allow_http_and_other_ports()
    {
        var rule = new DomainRule(["docs.example.org"], AllowHttp: true, Ports: [80, 8080]);
        Assert.Equal("http://docs.example.org:8080/", s_guard.Check("http://docs.example.org:8080/", rule).AbsoluteUri);
        Assert.Equal(PolicyCodes.UrlPort, Deny("https://docs.example.org/", rule));
    }

    [Fact]
    public void A_domain_set_from_configuration_adds_its_hosts_and_an_unknown_set_denies()
    {
        Assert.Equal("https://wiki.example.net/", s_guard.Check("https://wiki.example.net/", new DomainRule(["docs.example.org"], Set: "team")).AbsoluteUri);
        Assert.Equal(PolicyCodes.DomainSetMissing, Deny("https://docs.example.org/", DomainRule.ForSet("nobody-configured-this")));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("*.com")]
    [InlineData("https://docs.example.org")]
    [InlineData("docs.example.org/path")]
    [InlineData("docs.example.org:443")]
    [InlineData("a*.example.com")]
    [InlineData("docs.example.org.")]
    [InlineData("user@docs.example.org")]
    [InlineData("127.1")]
    [InlineData("exa mple.com")]
    [InlineData("")]
    public void Malformed_patterns_are_refused_when_configured(string pattern)
    {
        Assert.Throws<ArgumentException>(() => new ToolPolicy(Options.Create(new TypedToolsOptions().AddDomains("bad", pattern))));
        // A rule carrying one throws rather than allowing; the pipeline turns that into policy.check_failed.
        Assert.Throws<ArgumentException>(() => s_guard.Check("https://docs.example.org/", new DomainRule([pattern])));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Only_public_unicast_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, NetworkAddresses.IsPublic(IPAddress.Parse(address)));
}
