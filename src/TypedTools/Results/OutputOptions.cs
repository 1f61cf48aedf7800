using System.Buffers;
using System.Text.RegularExpressions;

namespace TypedTools.Results;

/// <summary>How tool results are made safe to hand to a model.</summary>
public sealed class OutputOptions
{
    /// <summary>Sanitise every tool's text, not only tools marked <c>[ReturnsUntrustedContent]</c>.</summary>
    public bool SanitizeAll { get; set; }

    /// <summary>The most characters one text block keeps; the rest is cut with a marker that says how much and its hash.</summary>
    public int MaxTextLength { get; set; } = 100_000;

    /// <summary>
    /// Patterns of secrets redacted from every result (beside the values of the call's <c>[Secret]</c> parameters):
    /// by default cloud and code-host keys, API tokens, bearer tokens and private key blocks.
    /// </summary>
    public IList<Regex> SecretPatterns { get; } =
    [
        DefaultSecretPatterns.AwsAccessKey(), DefaultSecretPatterns.GitHubToken(), DefaultSecretPatterns.GitHubFineGrainedToken(),
        DefaultSecretPatterns.SlackToken(), DefaultSecretPatterns.ApiKey(), DefaultSecretPatterns.BearerToken(), DefaultSecretPatterns.PrivateKeyBlock(),
    ];
}

/// <summary>
/// The default secret patterns, source-generated: they run on every tool result, and the generated matchers find the
/// literal prefixes with vectorised searches instead of interpreting each pattern (AOT-friendly, unlike Compiled).
/// </summary>
internal static partial class DefaultSecretPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private const int TimeoutMs = 200;

    // A substring that every match of a default pattern contains (the patterns' literal parts, in any case). Text with
    // none of them cannot hold a default secret, and one vectorised search for all of them is cheaper than running seven
    // matchers (each also arms its timeout) over every result. OutputTests compares the result with running every pattern.
    private static readonly SearchValues<string> s_anchors = SearchValues.Create(
        ["AKIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "sk-", "bearer", "-----BEGIN "],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="pattern"/> is one of these defaults (the generated instances are singletons).</summary>
    internal static bool IsDefault(Regex pattern) =>
        ReferenceEquals(pattern, AwsAccessKey()) || ReferenceEquals(pattern, GitHubToken()) || ReferenceEquals(pattern, GitHubFineGrainedToken()) ||
        ReferenceEquals(pattern, SlackToken()) || ReferenceEquals(pattern, ApiKey()) || ReferenceEquals(pattern, BearerToken()) ||
        ReferenceEquals(pattern, PrivateKeyBlock());

    /// <summary>False when no default pattern can match anywhere in <paramref name="text"/>.</summary>
    internal static bool MayMatch(string text) => text.AsSpan().ContainsAny(s_anchors);

    [GeneratedRegex(@"AKIA[0-9A-Z]{16}", Options, TimeoutMs)]
    internal static partial Regex AwsAccessKey();

    [GeneratedRegex(@"gh[pousr]_[A-Za-z0-9]{36,}", Options, TimeoutMs)]
    internal static partial Regex GitHubToken();

    [GeneratedRegex(@"github_pat_[A-Za-z0-9_]{22,}", Options, TimeoutMs)]
    internal static partial Regex GitHubFineGrainedToken();

    [GeneratedRegex(@"xox[abposr]-[A-Za-z0-9-]{10,}", Options, TimeoutMs)]
    internal static partial Regex SlackToken();

    [GeneratedRegex(@"sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}", Options, TimeoutMs)]
    internal static partial Regex ApiKey();

    [GeneratedRegex(@"(?i:bearer)\s+[A-Za-z0-9\-._~+/]{20,}=*", Options, TimeoutMs)]
    internal static partial Regex BearerToken();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----", Options, TimeoutMs)]
    internal static partial Regex PrivateKeyBlock();
}
