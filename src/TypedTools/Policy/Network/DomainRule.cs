namespace TypedTools.Policy.Network;

/// <summary>Where a URL may point: allowed host patterns and/or a configured domain set, schemes and ports.</summary>
/// <param name="Patterns">Host patterns: <c>docs.example.org</c>, <c>*.example.com</c>, or an IP literal.</param>
/// <param name="Set">A configured domain set whose patterns are added.</param>
/// <param name="AllowHttp">Allow http as well as https.</param>
/// <param name="Ports">Allowed ports; empty for the scheme's default (443 or 80).</param>
public sealed record DomainRule(IReadOnlyList<string> Patterns, string? Set = null, bool AllowHttp = false, IReadOnlyList<int>? Ports = null)
{
    /// <summary>The rule of a configured domain set alone.</summary>
    public static DomainRule ForSet(string set, bool allowHttp = false) => new([], set, allowHttp);
}
