using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TypedTools.Audit;
using TypedTools.Policy;
using TypedTools.Policy.Confirmation;
using TypedTools.Policy.Flow;
using TypedTools.Policy.Limits;

namespace TypedTools;

/// <summary>
/// The policy layer's services a call uses, found with one look-up per call instead of one per service. A request's
/// services are a new scope each call, so nothing can be kept on the (shared, singleton) tool; these are singletons,
/// resolved from the root provider on first use and then held here. First use is where the pipeline used to look each
/// one up, so a service that cannot be built fails the same step as before (the gates inside the fail-closed block).
/// The gates' state lives in their stores (memory, Redis), which the gates hold; a gate registered in place of
/// TypedTools' own is held the same way, so it must be a singleton too.
/// </summary>
internal sealed class ToolCallServices(IServiceProvider services, IOptions<TypedToolsOptions> options)
{
    private ToolPolicy? _policy;
    private AuditTrail? _trail;
    private RateLimitGate? _rateLimits;
    private FlowGate? _flow;
    private ConfirmationGate? _confirmations;

    public ToolPolicy Policy => _policy ??= services.GetRequiredService<ToolPolicy>();

    public AuditTrail Trail => _trail ??= services.GetRequiredService<AuditTrail>();

    public RateLimitGate RateLimits => _rateLimits ??= services.GetRequiredService<RateLimitGate>();

    public FlowGate Flow => _flow ??= services.GetRequiredService<FlowGate>();

    public ConfirmationGate Confirmations => _confirmations ??= services.GetRequiredService<ConfirmationGate>();

    /// <summary>Who a transport that authenticates nobody (stdio) acts for.</summary>
    public ClaimsPrincipal? LocalUser => options.Value.LocalUser;

    /// <summary>The call's services, or null where the policy layer is not registered (the call is then refused).</summary>
    // Non-generic on purpose: inside the generic pipeline a typeof(T) look-up goes through the runtime's generic dictionary.
    public static ToolCallServices? Of(IServiceProvider? requestServices) =>
        requestServices?.GetService(typeof(ToolCallServices)) as ToolCallServices;
}
