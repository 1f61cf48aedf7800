using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Policy.Confirmation;

namespace TypedTools.Policy.Flow;

/// <summary>
/// Applies the flow rules to a call in its session, and records what the call brings into the session. The
/// session is the caller (principal) on its MCP session; on stdio, the one person on the one connection.
/// </summary>
public sealed class FlowGate
{
    private readonly IFlowStateStore _store;
    private readonly FlowOptions _options;
    private readonly Func<string, bool> _isApproved;

    /// <summary>Creates the gate; throws <see cref="ArgumentException"/> for a malformed approved destination.</summary>
    public FlowGate(IFlowStateStore store, FlowOptions options)
    {
        _store = store;
        _options = options;
        // One delegate for every call (a method group converted per call allocates each time).
        _isApproved = new DestinationMatcher(options.ApprovedDestinations).IsApproved;
    }

    /// <summary>Refuses the call (<see cref="PolicyDeniedException"/>) or returns why the person must confirm it (empty: no reason).</summary>
    public async ValueTask<IReadOnlyList<string>> CheckAsync(ToolDescriptor tool, RequestContext<CallToolRequestParams> request,
        IReadOnlyList<string> destinations, ReadOnlyMemory<byte> arguments, CancellationToken cancellationToken)
    {
        FlowSession session = await _store.GetAsync(SessionKey(request), cancellationToken).ConfigureAwait(false);
        var call = new FlowCall
        {
            Tool = tool,
            Session = session,
            Destinations = destinations,
            User = request.User,
            Arguments = arguments,
            IsApproved = _isApproved,
        };
        List<string>? reasons = null; // most calls have none
        IList<IFlowRule> rules = _options.Rules;
        for (int i = 0; i < rules.Count; i++)
        {
            FlowVerdict verdict = rules[i].Evaluate(call);
            if (verdict.Denial is { } denial)
            {
                throw new PolicyDeniedException(denial);
            }
            if (verdict.ConfirmReason is { } reason)
            {
                (reasons ??= []).Add(reason);
            }
        }
        return reasons ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Records, before the method runs, what the call brings into the session (so a failure cannot skip it).</summary>
    public ValueTask RecordAsync(ToolDescriptor tool, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        tool.Has(ToolCapabilities.ReadsPrivateData) || tool.Has(ToolCapabilities.ReturnsUntrustedContent)
            ? _store.RecordAsync(SessionKey(request), tool, cancellationToken)
            : ValueTask.CompletedTask;

    /// <summary>The caller and its MCP session.</summary>
    public static string SessionKey(RequestContext<CallToolRequestParams> request) =>
        ConfirmationGate.PrincipalId(request.User) + "\n" + (request.Server.SessionId ?? "");
}
