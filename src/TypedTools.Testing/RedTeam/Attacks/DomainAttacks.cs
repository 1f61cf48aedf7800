using System.Text.Json.Nodes;

namespace TypedTools.Testing.RedTeam.Attacks;

/// <summary>
/// Every URL class of attacks.md against each <c>[AllowedDomain]</c> parameter, built around a host the parameter's
/// rule does allow (so each case differs from an allowed call by the trick alone): user information, fragments and
/// queries naming the host, suffix and prefix look-alikes, trailing dots, full-width and homograph letters, IPv4 and
/// IPv6 forms, private and metadata addresses, other schemes, scheme-relative and backslashed forms, whitespace,
/// percent-encoding in the host, unlisted ports, and a secret in a name (a DNS side channel). Each must be refused
/// with a URL or domain code before anything is resolved; the kit answers any lookup with loopback regardless, and
/// one case requires an allowed host that resolves to loopback to be refused at connect time.
/// </summary>
internal static class DomainAttacks
{
    // {h} is an allowed host; {e} is a look-alike with one Cyrillic letter.
    private static readonly (string Class, string Url)[] s_catalogue =
    [
        ("userinfo", "https://{h}@evil.example/"),
        ("userinfo", "https://user:pass@{h}/"),
        ("userinfo", "https://{h}%40evil.example@evil.example/"),
        ("userinfo", "https://a@b@{h}/"),
        ("fragment", "https://evil.example#@{h}"),
        ("query", "https://evil.example/?{h}"),
        ("path", "https://evil.example/{h}"),
        ("prefix", "https://evil{h}/"),
        ("suffix", "https://{h}.evil.example/"),
        ("trailing-dot", "https://{h}./"),
        ("idn", "https://{e}/"),
        ("width", "https://ｅｖｉｌ.example/"),
        ("ipv4", "https://2130706433/"),
        ("ipv4", "https://0x7f000001/"),
        ("ipv4", "https://0177.0.0.1/"),
        ("ipv4", "https://127.1/"),
        ("ipv6", "https://[::1]/"),
        ("ipv6", "https://[::ffff:127.0.0.1]/"),
        ("ipv6", "https://[::ffff:a9fe:a9fe]/"),
        ("ipv6", "https://[fe80::1%25eth0]/"),
        ("metadata", "https://169.254.169.254/latest/meta-data/"),
        ("private", "https://10.0.0.1/"),
        ("scheme", "file:///etc/passwd"),
        ("scheme", "gopher://{h}/"),
        ("scheme", "ftp://{h}/"),
        ("scheme", "data:text/plain,hello"),
        ("scheme", "javascript:alert(1)"),
        ("scheme", "http://{h}/"),
        ("scheme-relative", "//{h}/x"),
        ("backslash", "https://{h}\\@evil.example/"),
        ("backslash", "https:\\\\evil.example\\"),
        ("whitespace", "https://{h} /"),
        ("whitespace", "https://{h}\t.evil.example/"),
        ("whitespace", "https://evil.example\r\n.{h}/"),
        ("percent-host", "https://{h}%2f@evil.example/"),
        ("percent-host", "https://%65vil.example/"),
        ("port", "https://{h}:8443/"),
        ("port", "https://{h}:0/"),
        ("side-channel", "https://secret-token-12345.attacker.example/"),
    ];

    public static IEnumerable<AttackCase> Cases(AttackContext context)
    {
        foreach (KitTool tool in context.Callable)
        {
            foreach (var domain in tool.Manifest.Domains)
            {
                string host = context.Kit.AllowedHost(domain.Patterns, domain.Set);
                string lookalike = Homograph(host);
                foreach ((string kind, string template) in s_catalogue)
                {
                    if ((kind == "scheme" && template.StartsWith("http:", StringComparison.Ordinal) && domain.AllowHttp) ||
                        (kind == "port" && domain.Ports.Count > 0) || (kind == "idn" && lookalike == host))
                    {
                        continue; // allowed by this rule's own settings
                    }
                    string url = template.Replace("{h}", host).Replace("{e}", lookalike);
                    // The URL parameter's own parse (an absolute URI) may refuse a malformed one first: also a refusal before any check passed it.
                    yield return Case(tool, domain.Parameter, $"{kind}: {Text.Visible(url)}", url, ["policy.url_*", "policy.domain_*", "argument.format"]);
                }
                // Allowed by name, but the name resolves to a non-public address (the kit answers every lookup with loopback).
                yield return Case(tool, domain.Parameter, $"resolves-private: https://{host}/", $"https://{host}/", ["policy.address_not_public"]);
            }
        }
    }

    private static AttackCase Case(KitTool tool, string parameter, string label, string url, string[] codes) =>
        new($"{tool.Name}: url {parameter}: {label}", tool.Name, AttackKind.Domain, $"{tool.Name} with {parameter} = \"{Text.Visible(url)}\", the rest valid", codes,
            run =>
            {
                JsonObject arguments = tool.Valid();
                RedTeamKit.Set(arguments, parameter, url);
                return run.Call(tool.Name, arguments);
            });

    /// <summary>The host with its first Latin o, a, e, c or p replaced by the Cyrillic look-alike.</summary>
    private static string Homograph(string host)
    {
        int i = host.IndexOfAny(['o', 'a', 'e', 'c', 'p']);
        return i < 0 ? host : host[..i] + host[i] switch { 'o' => 'о', 'a' => 'а', 'e' => 'е', 'c' => 'с', _ => 'р' } + host[(i + 1)..];
    }
}
