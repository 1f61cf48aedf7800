namespace TypedTools;

/// <summary>
/// The parameter holds a secret (a token, a password): the audit log, log events and confirmation questions show
/// <c>[redacted]</c> in its place. The tool still receives the value.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SecretAttribute : Attribute;
