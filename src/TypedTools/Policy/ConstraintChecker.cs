using TypedTools.Policy.Paths;

namespace TypedTools.Policy;

/// <summary>
/// What generated code calls to apply a parameter's policy constraints (<c>[AllowedPath]</c>...). Each check
/// returns the canonical value the method receives, or throws a <see cref="PolicyDeniedException"/> naming the
/// argument.
/// </summary>
public sealed class ConstraintChecker
{
    private readonly ToolPolicy _policy;

    /// <summary>Creates a checker over the server's policy.</summary>
    public ConstraintChecker(ToolPolicy policy) => _policy = policy;

    /// <summary>The canonical full path of <paramref name="value"/> inside root <paramref name="root"/>.</summary>
    public string Path(string value, string field, string root, PathAccess access)
    {
        try
        {
            return _policy.Paths.Check(root, value, access);
        }
        catch (PolicyDeniedException denied)
        {
            throw new PolicyDeniedException(denied.Denial with { Field = field });
        }
    }

    /// <summary>As <see cref="Path(string, string, string, PathAccess)"/>, passing null through (an optional path that was not sent).</summary>
    public string? OptionalPath(string? value, string field, string root, PathAccess access) =>
        value is null ? null : Path(value, field, root, access);
}
