using System.Security.Claims;
using TypedTools.Policy.Identity;
using TypedTools.Policy.Network;
using TypedTools.Policy.Paths;

namespace TypedTools.Policy;

/// <summary>
/// What generated code calls to apply a parameter's policy constraints (<c>[AllowedPath]</c>, <c>[AllowedDomain]</c>, <c>[MatchesClaim]</c>). Each check
/// returns the canonical value the method receives, or throws a <see cref="PolicyDeniedException"/> naming the
/// argument.
/// </summary>
public sealed class ConstraintChecker
{
    private readonly ToolPolicy _policy;
    private readonly ClaimsPrincipal? _user;

    /// <summary>Creates a checker over the server's policy, for the caller <paramref name="user"/>.</summary>
    public ConstraintChecker(ToolPolicy policy, ClaimsPrincipal? user)
    {
        _policy = policy;
        _user = user;
    }

    /// <summary>Refuses an argument that does not equal the caller's <paramref name="claimType"/> (another tenant, another user).</summary>
    public void Claim(string value, string field, string claimType) => Named(field, (_user, value, claimType), static s =>
        string.Equals(s.value, ClaimValues.Require(s._user, s.claimType), StringComparison.Ordinal)
            ? true
            : throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.TenantMismatch,
                $"The argument names a different '{s.claimType}' than the caller's own.", null, $"Act only within your own '{s.claimType}'.")));

    /// <summary>As <see cref="Claim"/>, passing null through.</summary>
    public void OptionalClaim(string? value, string field, string claimType)
    {
        if (value is not null)
        {
            Claim(value, field, claimType);
        }
    }

    /// <summary>The checked URL for <paramref name="value"/> under <paramref name="rule"/>.</summary>
    public Uri Url(Uri value, string field, DomainRule rule) => Named(field, (_policy.Domains, value, rule), static s => s.Domains.Check(s.value, s.rule));

    /// <summary>The checked URL for <paramref name="value"/>, as its normalised absolute text.</summary>
    public string Url(string value, string field, DomainRule rule) =>
        Named(field, (_policy.Domains, value, rule), static s => s.Domains.Check(s.value, s.rule).AbsoluteUri);

    /// <summary>As <see cref="Url(Uri, string, DomainRule)"/>, passing null through.</summary>
    public Uri? OptionalUrl(Uri? value, string field, DomainRule rule) => value is null ? null : Url(value, field, rule);

    /// <summary>As <see cref="Url(string, string, DomainRule)"/>, passing null through.</summary>
    public string? OptionalUrl(string? value, string field, DomainRule rule) => value is null ? null : Url(value, field, rule);

    /// <summary>The canonical full path of <paramref name="value"/> inside root <paramref name="root"/>.</summary>
    public string Path(string value, string field, string root, PathAccess access) =>
        Named(field, (_policy.Paths, value, root, access), static s => s.Paths.Check(s.root, s.value, s.access));

    /// <summary>As <see cref="Path(string, string, string, PathAccess)"/>, passing null through (an optional path that was not sent).</summary>
    public string? OptionalPath(string? value, string field, string root, PathAccess access) =>
        value is null ? null : Path(value, field, root, access);

    /// <summary>
    /// Runs a check and names the argument in its denial. The check is a static lambda over a state tuple, not a closure:
    /// a closure over the value was allocated on every check of every call.
    /// </summary>
    private static T Named<TState, T>(string field, TState state, Func<TState, T> check)
    {
        try
        {
            return check(state);
        }
        catch (PolicyDeniedException denied)
        {
            throw new PolicyDeniedException(denied.Denial with { Field = field });
        }
    }
}
