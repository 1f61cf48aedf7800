namespace TypedTools.Policy;

/// <summary>Why the policy layer refused a call: a stable code, a message for the model, the argument concerned and a safer next step.</summary>
/// <param name="Code">A <c>policy.*</c> code from <see cref="PolicyCodes"/>.</param>
/// <param name="Message">What was refused and why.</param>
/// <param name="Field">The argument concerned, if one is.</param>
/// <param name="Hint">What to do instead.</param>
public sealed record PolicyDenial(string Code, string Message, string? Field, string Hint);

/// <summary>A policy check refused; thrown only inside the policy layer and turned into a denial at its edge.</summary>
public sealed class PolicyDeniedException(PolicyDenial denial) : Exception(denial.Message)
{
    /// <summary>The denial.</summary>
    public PolicyDenial Denial { get; } = denial;
}
