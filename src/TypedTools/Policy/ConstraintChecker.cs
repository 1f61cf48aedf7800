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
    public void Claim(string value, string field, string claimType)
    {
        try
        {
            if (!string.Equals(value, ClaimValues.Require(_user, claimType), StringComparison.Ordinal))
            {
                throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.TenantMismatch,
                    $"The argument names a different '{claimType}' than the caller's own.", null, $"Act only within your own '{claimType}'."));
            }
        }
        catch (PolicyDeniedException denied)
        {
            throw Named(denied, field);
        }
    }

    /// <summary>As <see cref="Claim"/>, passing null through.</summary>
    public void OptionalClaim(string? value, string field, string claimType)
    {
        if (value is not null)
        {
            Claim(value, field, claimType);
        }
    }

    /// <summary>The checked URL for <paramref name="value"/> under <paramref name="rule"/>.</summary>
    public Uri Url(Uri value, string field, DomainRule rule)
    {
        try
        {
            return _policy.Domains.Check(value, rule);
        }
        catch (PolicyDeniedException denied)
        {
            throw Named(denied, field);
        }
    }

    /// <summary>The checked URL for <paramref name="value"/>, as its normalised absolute text.</summary>
    public string Url(string value, string field, DomainRule rule)
    {
        try
        {
            return _policy.Domains.Check(value, rule).AbsoluteUri;
        }
        catch (PolicyDeniedException denied)
        {
            throw Named(denied, field);
        }
    }

    /// <summary>As <see cref="Url(Uri, string, DomainRule)"/>, passing null through.</summary>
    public Uri? OptionalUrl(Uri? value, string field, DomainRule rule) => value is null ? null : Url(value, field, rule);

    /// <summary>As <see cref="Url(string, string, DomainRule)"/>, passing null through.</summary>
    public string? OptionalUrl(string? value, string field, DomainRule rule) => value is null ? null : Url(value, field, rule);

    /// <summary>The canonical full path of <paramref name="value"/> inside root <paramref name="root"/>.</summary>
    public string Path(string value, string field, string root, PathAccess access)
    {
        try
        {
            return _policy.Paths.Check(root, value, access);
        }
        catch (PolicyDeniedException denied)
        {
            throw Named(denied, field);
        }
    }

    /// <summary>As <see cref="Path(string, string, string, PathAccess)"/>, passing null through (an optional path that was not sent).</summary>
    public string? OptionalPath(string? value, string field, string root, PathAccess access) =>
        value is null ? null : Path(value, field, root, access);

    /// <summary>
    /// A check's denial naming the argument. Each check catches for itself rather than through one helper taking a lambda:
    /// the lambda's closure over the value was made on every check.
    /// </summary>
    private static PolicyDeniedException Named(PolicyDeniedException denied, string field) => new(denied.Denial with { Field = field });
}
