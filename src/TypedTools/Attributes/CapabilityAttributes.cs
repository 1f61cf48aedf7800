namespace TypedTools;

/// <summary>The tool returns data private to the user or organisation (flow rules watch where it goes next).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ReadsPrivateDataAttribute : Attribute;

/// <summary>The tool returns content written by others, which may carry injected instructions.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ReturnsUntrustedContentAttribute : Attribute;

/// <summary>The tool sends data out of the server's control (e-mail, chat, uploads, public posts).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SendsExternallyAttribute : Attribute;

/// <summary>The tool adds comments or labels to existing items without changing their content.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AnnotatesAttribute : Attribute;

/// <summary>
/// A person confirms each call before it runs, seeing the tool, its validated arguments and this effect text.
/// <c>[Destructive]</c> tools are confirmed without it; use it for other risky actions (sending messages,
/// changing permissions, incurring cost, exposing private data).
/// </summary>
/// <param name="effect">What a call does, for example "Sends the text to the recipient".</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequiresConfirmationAttribute(string effect) : Attribute
{
    /// <summary>What a call does.</summary>
    public string Effect { get; } = effect;
}
