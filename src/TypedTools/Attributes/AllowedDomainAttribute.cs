namespace TypedTools;

/// <summary>
/// The <see cref="Uri"/> or string parameter is an absolute https URL whose host is on the allowlist: the
/// patterns given here (exact hosts, or <c>*.example.com</c> for any name below it), plus the named domain set
/// the server configures (<see cref="Set"/>). The generated tool checks it before the method runs, with no
/// DNS lookup; the method receives the parsed, normalised URL.
/// </summary>
/// <param name="patterns">Allowed hosts: <c>docs.example.org</c>, <c>*.example.com</c>, or an IP literal to allow that address.</param>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class AllowedDomainAttribute(params string[] patterns) : Attribute
{
    /// <summary>Allowed hosts.</summary>
    public string[] Patterns { get; } = patterns;

    /// <summary>A domain set configured at start-up (<c>TypedToolsOptions.AddDomains</c>), added to <see cref="Patterns"/>.</summary>
    public string? Set { get; set; }

    /// <summary>Allow plain http as well as https.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allowed ports (by default 443 for https and 80 for http).</summary>
    public int[]? Ports { get; set; }
}
