public static class GuardedFetch
{
    /// <summary>Fetches a documentation page.</summary>
    [McpServerTool, ReadOnly, OpenWorld, ReturnsUntrustedContent]
    public static Task<string> Fetch([AllowedDomain("docs.example.org")] Uri url, TypedTools.Policy.Network.GuardedHttpClient http) =>
        http.GetStringAsync(url, new TypedTools.Policy.Network.DomainRule(["docs.example.org"]));
}
