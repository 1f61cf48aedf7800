using Microsoft.Extensions.Options;
using TypedTools.Policy;
using TypedTools.Policy.Network;
using TypedTools.Testing.Models;

namespace TypedTools.Testing.Fuzzing;

/// <summary>
/// Fuzzes the URL check. The first byte picks one of four rules (plain and wildcard hosts; http allowed; a listed
/// port; a configured set with an IP literal) and the text encoding, the rest is the URL. Invariants: a refusal is
/// a documented URL or domain code; anything allowed satisfies <see cref="UrlModel"/>. Nothing is resolved or
/// connected to.
/// </summary>
public sealed class UrlTarget : IFuzzTarget
{
    private static readonly string[] s_set = ["wiki.example.net", "203.0.113.7", "*.corp.example"];

    private static readonly DomainRule[] s_rules =
    [
        new(["docs.example.org", "*.example.com"]),
        new(["docs.example.org"], AllowHttp: true),
        new(["*.example.com"], Ports: [8443]),
        new(["docs.example.org"], Set: "team"),
    ];

    private readonly DomainGuard _guard = new ToolPolicy(Options.Create(new TypedToolsOptions().AddDomains("team", s_set))).Domains;

    /// <inheritdoc />
    public string Name => "url";

    /// <inheritdoc />
    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0)
        {
            return;
        }
        DomainRule rule = s_rules[(input[0] & 0x7f) % s_rules.Length];
        string text = FuzzText.Decode(input[0], input[1..]);
        Uri allowed;
        try
        {
            allowed = _guard.Check(text, rule);
        }
        catch (PolicyDeniedException denied) when (denied.Denial.Code.StartsWith("policy.url_", StringComparison.Ordinal)
            || denied.Denial.Code == PolicyCodes.DomainNotAllowed)
        {
            return;
        }
        IReadOnlyList<string> patterns = rule.Set is null ? rule.Patterns : [.. rule.Patterns, .. s_set];
        if (UrlModel.Objection(text, patterns, rule.AllowHttp, rule.Ports, allowed) is { } objection)
        {
            throw new FuzzFinding($"'{Text.Visible(text)}' was allowed as '{allowed}', but {objection}");
        }
    }
}
