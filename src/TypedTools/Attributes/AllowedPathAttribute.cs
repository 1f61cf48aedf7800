using TypedTools.Policy.Paths;

namespace TypedTools;

/// <summary>
/// The string parameter is a path inside the named root, which the server configures at start-up
/// (<c>TypedToolsOptions.Roots</c>). The generated tool validates it before the method runs, and the method
/// receives the canonical full path (every link resolved, contained in the root by segment).
/// </summary>
/// <param name="root">The root's name, for example <c>"workspace"</c>.</param>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class AllowedPathAttribute(string root) : Attribute
{
    /// <summary>The root's name.</summary>
    public string Root { get; } = root;

    /// <summary>What the tool does at the path (read by default).</summary>
    public PathAccess Access { get; set; } = PathAccess.Read;
}
