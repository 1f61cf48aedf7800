namespace TypedTools.Policy.Paths;

/// <summary>Where a path parameter may point and what the tool does there (<c>[AllowedPath]</c>).</summary>
/// <param name="Root">The configured root the path must stay inside.</param>
/// <param name="Access">What the tool does at the path.</param>
public sealed record PathRule(string Root, PathAccess Access);
