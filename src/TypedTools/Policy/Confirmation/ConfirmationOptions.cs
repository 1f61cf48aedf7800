namespace TypedTools.Policy.Confirmation;

/// <summary>How confirmations are asked for and sealed.</summary>
public sealed class ConfirmationOptions
{
    /// <summary>
    /// The key that seals multi-round-trip confirmation state (HMAC-SHA256), at least 32 bytes. Null: a random key
    /// per process, which is right for one server; replicas behind a load balancer share a configured key.
    /// </summary>
    public byte[]? Key { get; set; }

    /// <summary>
    /// Confirm destructive tools whose authors waived confirmation (<c>[Destructive(Confirm = false)]</c>) anyway:
    /// an operator's way to overrule the author. It can only add confirmations, never remove one.
    /// </summary>
    public bool ConfirmWaivedTools { get; set; }

    /// <summary>How long a person has to answer before the confirmation state expires.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a direct elicitation (a stateful session before protocol 2026-07-28) waits for the person before denying.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a tool's preview may take before the question goes out without it.</summary>
    public TimeSpan PreviewTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
