using System.Security.Claims;

namespace TypedTools.Policy.Flow;

/// <summary>One call as flow rules see it: the tool, what entered its session before, where it sends, who calls.</summary>
public sealed class FlowCall
{
    /// <summary>The tool.</summary>
    public required ToolDescriptor Tool { get; init; }

    /// <summary>What entered the session before this call.</summary>
    public required FlowSession Session { get; init; }

    /// <summary>The call's <c>[Destination]</c> values.</summary>
    public required IReadOnlyList<string> Destinations { get; init; }

    /// <summary>The caller, when the transport knows it.</summary>
    public ClaimsPrincipal? User { get; init; }

    /// <summary>The validated arguments as canonical JSON.</summary>
    public ReadOnlyMemory<byte> Arguments { get; init; }

    /// <summary>Whether a destination is in the server's approved set.</summary>
    public required Func<string, bool> IsApproved { get; init; }
}

/// <summary>A flow rule's answer.</summary>
public readonly record struct FlowVerdict
{
    private FlowVerdict(PolicyDenial? denial, string? confirmReason)
    {
        Denial = denial;
        ConfirmReason = confirmReason;
    }

    /// <summary>The call may proceed as far as this rule is concerned.</summary>
    public static FlowVerdict Allow { get; } = default;

    /// <summary>Why the call is refused, if it is.</summary>
    public PolicyDenial? Denial { get; }

    /// <summary>Why the person must confirm the call, if they must.</summary>
    public string? ConfirmReason { get; }

    /// <summary>The person must confirm the call; <paramref name="reason"/> is shown to them.</summary>
    public static FlowVerdict Confirm(string reason) => new(null, reason);

    /// <summary>The call is refused.</summary>
    public static FlowVerdict Deny(PolicyDenial denial) => new(denial, null);
}

/// <summary>
/// A rule over the flow of data across calls in one session. Rules are plain C#, composable (every rule is
/// asked; one refusal refuses, any confirmation request asks the person) and authors add their own in
/// <c>TypedToolsOptions.Flow.Rules</c>. A rule that throws refuses the call.
/// </summary>
public interface IFlowRule
{
    /// <summary>Judges one call.</summary>
    FlowVerdict Evaluate(FlowCall call);
}

/// <summary>After private data entered the session, an external send goes only to approved destinations.</summary>
public sealed class PrivateDataStaysWithApprovedDestinations : IFlowRule
{
    /// <inheritdoc />
    public FlowVerdict Evaluate(FlowCall call)
    {
        if (call.Session.PrivateDataFrom.IsEmpty || !call.Tool.Has(ToolCapabilities.SendsExternally))
        {
            return FlowVerdict.Allow;
        }
        string sources = string.Join(", ", call.Session.PrivateDataFrom);
        if (!call.Tool.DeclaresDestinations || call.Destinations.Count == 0)
        {
            return FlowVerdict.Deny(new PolicyDenial(PolicyCodes.FlowExfiltration,
                $"Private data entered this session (from {sources}), and '{call.Tool.Name}' sends to a destination it does not declare.", null,
                "Start a new session for sending, or ask the person to send it themselves."));
        }
        string? outside = FirstUnapproved(call);
        return outside is null ? FlowVerdict.Allow : FlowVerdict.Deny(new PolicyDenial(PolicyCodes.FlowExfiltration,
            $"Private data entered this session (from {sources}), and '{outside}' is not an approved destination.", null,
            "Send only to approved destinations; if this one is right, ask the person to approve it."));
    }

    // A loop, not FirstOrDefault with a lambda: its closure over the call would be made on every call to Evaluate.
    private static string? FirstUnapproved(FlowCall call)
    {
        foreach (string destination in call.Destinations)
        {
            if (!call.IsApproved(destination))
            {
                return destination;
            }
        }
        return null;
    }
}

/// <summary>After untrusted content entered the session, destructive and sending tools are confirmed even if they otherwise would not be.</summary>
public sealed class UntrustedContentNeedsConfirmation : IFlowRule
{
    /// <inheritdoc />
    public FlowVerdict Evaluate(FlowCall call) =>
        !call.Session.UntrustedContentFrom.IsEmpty && (call.Tool.Has(ToolEffects.Destructive) || call.Tool.Has(ToolCapabilities.SendsExternally))
            ? FlowVerdict.Confirm($"Content from {string.Join(", ", call.Session.UntrustedContentFrom)} entered this session; it may carry instructions that are not yours.")
            : FlowVerdict.Allow;
}
