using TypedTools.Policy.Network;
using TypedTools.Policy.Paths;

namespace TypedTools.Policy;

/// <summary>
/// What generated code calls to apply a parameter's policy constraints (<c>[AllowedPath]</c>, <c>[AllowedDomain]</c>). Each check
/// returns the canonical value the method receives, or throws a <see cref="PolicyDeniedException"/> naming the
/// argument.
/// </summary>
public sealed class ConstraintChecker
{
    private readonly ToolPolicy _policy;

    /// <summary>Creates a checker over the server's policy.</summary>
    public ConstraintChecker(ToolPolicy policy) => _policy = policy;

    /// <summary>The checked URL for <paramref name="value"/> under <paramref name="rule"/>.</summary>
    public Uri Url(Uri value, string field, DomainRule rule) => Named(field, () => _policy.Domains.Check(value, rule));

    /// <summary>The checked URL for <paramref name="value"/>, as its normalised absolute text.</summary>
    public string Url(string value, string field, DomainRule rule) => Named(field, () => _policy.Domains.Check(value, rule).AbsoluteUri);

    /// <summary>As <see cref="Url(Uri, string, DomainRule)"/>, passing null through.</summary>
    public Uri? OptionalUrl(Uri? value, string field, DomainRule rule) => value is null ? null : Url(value, field, rule);

    /// <summary>As <see cref="Url(string, string, DomainRule)"/>, passing null through.</summary>
    public string? OptionalUrl(string? value, string field, DomainRule rule) => value is null ? null : Url(value, field, rule);

    /// <summary>The canonical full path of <paramref name="value"/> inside root <paramref name="root"/>.</summary>
    public string Path(string value, string field, string root, PathAccess access) => Named(field, () => _policy.Paths.Check(root, value, access));

    /// <summary>As <see cref="Path(string, string, string, PathAccess)"/>, passing null through (an optional path that was not sent).</summary>
    public string? OptionalPath(string? value, string field, string root, PathAccess access) =>
        value is null ? null : Path(value, field, root, access);

    /// <summary>Runs a check and names the argument in its denial.</summary>
    private static T Named<T>(string field, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (PolicyDeniedException denied)
        {
            throw new PolicyDeniedException(denied.Denial with { Field = field });
        }
    }
}
