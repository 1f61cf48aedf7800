namespace TypedTools;

// Effect declarations. The generator reads them at compile time and publishes the matching MCP tool
// annotations; the policy layer enforces what they claim. Hints are never trusted by clients, so a tool
// with no declaration is published with the protocol's pessimistic defaults (destructive, open-world).
//
// Note: System.ComponentModel also has a ReadOnlyAttribute. A file that imports both namespaces can
// write [TypedTools.ReadOnly] or add `using ReadOnly = TypedTools.ReadOnlyAttribute;`.

/// <summary>The tool only reads: it changes no state in its environment.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>
/// The tool may destroy or overwrite state. Such tools are confirmed by a person before they run, unless the
/// author waives it with <see cref="Confirm"/> = false and a stated <see cref="Justification"/>.
/// </summary>
/// <param name="effect">What the tool does, in words a person confirming the call understands.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DestructiveAttribute(string? effect = null) : Attribute
{
    /// <summary>What the tool does, shown to the person who confirms it.</summary>
    public string? Effect { get; } = effect;

    /// <summary>
    /// False to run without a person's confirmation. It takes effect only with a non-blank <see cref="Justification"/>
    /// (TT2007 otherwise, and the tool stays confirmed); the waiver is published in the policy manifest, and
    /// <c>ConfirmationOptions.ConfirmWaivedTools</c> lets an operator confirm such tools anyway.
    /// </summary>
    public bool Confirm { get; set; } = true;

    /// <summary>Why the tool may run unconfirmed, for the reviewer who reads the manifest (required when <see cref="Confirm"/> is false).</summary>
    public string? Justification { get; set; }
}

/// <summary>Calling the tool again with the same arguments has no further effect.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class IdempotentAttribute : Attribute;

/// <summary>Whether the tool reaches an open world (the internet, other people) or only a closed local one.</summary>
/// <param name="isOpenWorld"><see langword="false"/> for a tool whose world is closed (a local workspace).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OpenWorldAttribute(bool isOpenWorld = true) : Attribute
{
    /// <summary>True when the tool reaches an open world.</summary>
    public bool IsOpenWorld { get; } = isOpenWorld;
}
