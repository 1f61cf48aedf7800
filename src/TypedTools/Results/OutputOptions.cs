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
        new(@"AKIA[0-9A-Z]{16}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
        new(@"gh[pousr]_[A-Za-z0-9]{36,}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
        new(@"github_pat_[A-Za-z0-9_]{22,}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
        new(@"xox[abposr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
        new(@"sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
        new(@"(?i:bearer)\s+[A-Za-z0-9\-._~+/]{20,}=*", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
        new(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)),
    ];
}
