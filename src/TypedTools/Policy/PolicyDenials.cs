namespace TypedTools.Policy;

/// <summary>Denials the pipeline itself issues.</summary>
public static class PolicyDenials
{
    /// <summary>A check threw: the call is refused, never let through.</summary>
    public static PolicyDenial CheckFailed { get; } = new(PolicyCodes.CheckFailed,
        "A policy check could not be completed, so the call was refused.", null, "Try again later; if it repeats, report the request id.");

    /// <summary>The server registered tools without the policy layer.</summary>
    public static PolicyDenial NotConfigured { get; } = new(PolicyCodes.NotConfigured,
        "The server's policy layer is not configured, so no tool call is allowed.", null, "Report this to the server's operator.");

    /// <summary>The audit log could not record the call, so it did not run.</summary>
    public static PolicyDenial AuditUnavailable { get; } = new(PolicyCodes.AuditUnavailable,
        "The call was not run because its audit record could not be saved.", null, "Try again later; report it if it repeats.");
}
