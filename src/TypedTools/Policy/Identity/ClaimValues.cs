using System.Security.Claims;

namespace TypedTools.Policy.Identity;

/// <summary>Reads identity values for <c>[FromClaim]</c> and <c>[MatchesClaim]</c>; a missing claim denies.</summary>
public static class ClaimValues
{
    /// <summary>The caller's value of <paramref name="claimType"/>; throws <see cref="PolicyDeniedException"/> when there is none.</summary>
    public static string Require(ClaimsPrincipal? user, string claimType) =>
        user?.FindFirst(claimType)?.Value is { Length: > 0 } value ? value
            : throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.IdentityMissing,
                $"This tool acts for the signed-in caller's '{claimType}', and the caller has none.", null,
                "Sign in with an identity that carries it (on stdio, the server's configured local user)."));
}
