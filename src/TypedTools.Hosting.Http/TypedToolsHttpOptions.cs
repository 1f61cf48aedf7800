namespace TypedTools.Hosting.Http;

/// <summary>Who may reach the MCP endpoint through a browser or a rebound DNS name.</summary>
public sealed class TypedToolsHttpOptions
{
    /// <summary>
    /// Host names (without port) requests may name in their <c>Host</c> header. Empty (the default) allows only loopback
    /// names (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>): a page on another site that rebinds its DNS name to this
    /// machine sends its own name and is refused. A server behind a load balancer lists its public names here.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) whose browser requests are accepted. A request without an <c>Origin</c>
    /// header (not from a browser) is judged by its <c>Host</c> alone; one with an origin not listed is refused. By
    /// default only loopback origins are accepted.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];
}
