namespace TypedTools;

/// <summary>
/// The parameter's value comes from the authenticated caller's claim, never from the tool's JSON arguments (it is
/// left out of the input schema). A caller without the claim is denied before anything runs. Identity decides
/// whose data a call touches; a model-supplied argument must not.
/// </summary>
/// <param name="claimType">The claim, for example <c>"tenant"</c> or <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>.</param>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class FromClaimAttribute(string claimType) : Attribute
{
    /// <summary>The claim type.</summary>
    public string ClaimType { get; } = claimType;
}

/// <summary>
/// The string argument must equal the authenticated caller's claim (for example a <c>tenantId</c> argument and the
/// caller's <c>"tenant"</c> claim); an argument naming another tenant is denied.
/// </summary>
/// <param name="claimType">The claim the argument must match.</param>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class MatchesClaimAttribute(string claimType) : Attribute
{
    /// <summary>The claim type.</summary>
    public string ClaimType { get; } = claimType;
}
