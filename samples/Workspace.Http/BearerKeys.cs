using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workspace.Http;

/// <summary>
/// A demonstration scheme: <c>Authorization: Bearer KEY</c>, each key configured with <c>--key KEY=name[:role,...][@tenant]</c>.
/// A real deployment puts its identity provider here (JWT bearer, OpenID Connect); the policy only reads the claims.
/// </summary>
public sealed class BearerKeys(IOptionsMonitor<BearerKeys.KeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<BearerKeys.KeyOptions>(options, logger, encoder)
{
    public const string Name = "BearerKeys";

    public sealed class KeyOptions : AuthenticationSchemeOptions
    {
        public Dictionary<string, ClaimsPrincipal> Keys { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Parses <c>name[:role,...][@tenant]</c>.</summary>
    public static ClaimsPrincipal Principal(string spec)
    {
        string tenant = spec.Contains('@') ? spec[(spec.IndexOf('@') + 1)..] : "";
        string who = spec.Contains('@') ? spec[..spec.IndexOf('@')] : spec;
        string[] parts = who.Split(':', 2);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, parts[0]), new(ClaimTypes.Name, parts[0]) };
        if (parts.Length > 1)
        {
            claims.AddRange(parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        }
        if (tenant.Length > 0)
        {
            claims.Add(new Claim("tenant", tenant));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Name));
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        return Task.FromResult(Options.Keys.TryGetValue(header["Bearer ".Length..].Trim(), out ClaimsPrincipal? principal)
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, Name))
            : AuthenticateResult.Fail("Unknown key."));
    }
}
