using TypedTools.Generator.Helpers;

namespace TypedTools.Generator.Model
{
    /// <summary>Where a method parameter's value comes from.</summary>
    internal enum ParameterSource
    {
        /// <summary>The tool call's JSON arguments.</summary>
        Json,
        CancellationToken,
        Server,
        RequestContext,
        Progress,
        ClaimsPrincipal,
        ServiceProvider,
        /// <summary>Dependency injection (request scope).</summary>
        Service,
        /// <summary>Keyed dependency injection.</summary>
        KeyedService,
        /// <summary>A claim of the authenticated caller (<c>[FromClaim]</c>).</summary>
        Claim,
    }

    /// <summary>One parameter of a tool method, or of its type's constructor (those are always services).</summary>
    /// <param name="Name">The C# parameter name.</param>
    /// <param name="Source">Where the value comes from.</param>
    /// <param name="ClrTypeName">The fully qualified C# type, with nullable annotation.</param>
    /// <param name="Type">For JSON parameters, the value type.</param>
    /// <param name="IsRequired">For JSON parameters: must be present. For services: must be registered.</param>
    /// <param name="DefaultLiteral">A C# literal used when an optional parameter is absent.</param>
    /// <param name="DefaultJson">The default as JSON, for the schema.</param>
    /// <param name="Constraints">Declared validation.</param>
    /// <param name="Description">From [Description] or the XML &lt;param&gt;.</param>
    /// <param name="ServiceKeyLiteral">For keyed services, the key as a C# literal.</param>
    /// <param name="PathGuard">For <c>[AllowedPath]</c> string parameters: the root and access level.</param>
    /// <param name="DomainGuard">For <c>[AllowedDomain]</c> Uri or string parameters: the allowlist rule.</param>
    /// <param name="IsDestination">Marked <c>[Destination]</c>: where an external send goes (flow rules check it).</param>
    /// <param name="IsSecret">Marked <c>[Secret]</c>: redacted wherever arguments are shown or kept.</param>
    /// <param name="ClaimType">For <c>[FromClaim]</c> parameters the claim bound; for <c>[MatchesClaim]</c> JSON parameters the claim the value must equal.</param>
    internal sealed record ParameterSpec(
        string Name,
        ParameterSource Source,
        string ClrTypeName,
        TypeSpec? Type,
        bool IsRequired,
        string? DefaultLiteral,
        string? DefaultJson,
        Constraints? Constraints,
        string? Description,
        string? ServiceKeyLiteral,
        PathGuardSpec? PathGuard = null,
        DomainGuardSpec? DomainGuard = null,
        bool IsDestination = false,
        string? ClaimType = null,
        bool IsSecret = false);

    /// <summary>An <c>[AllowedPath]</c> constraint: the root's name and the <c>PathAccess</c> member name.</summary>
    internal sealed record PathGuardSpec(string Root, string Access);

    /// <summary>An <c>[AllowedDomain]</c> constraint, as the runtime's <c>DomainRule</c> will hold it.</summary>
    internal sealed record DomainGuardSpec(EquatableArray<string> Patterns, string? Set, bool AllowHttp, EquatableArray<int> Ports);
}
