using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Audit;
using TypedTools.Policy;
using TypedTools.Policy.Confirmation;
using TypedTools.Policy.Flow;
using TypedTools.Policy.Limits;
using TypedTools.Policy.Network;
using TypedTools.Policy.Paths;
using TypedTools.Results;

namespace TypedTools;

/// <summary>
/// Registers generated tools with the SDK's server together with the policy layer they need: the policy and
/// file services, start-up validation of the configuration against the tools, and the request filters that
/// keep <c>tools/list</c> and calls to tools TypedTools did not generate inside the active profile.
/// The generated <c>WithTypedTools()</c> calls this; nothing here uses reflection.
/// </summary>
public static class TypedToolsRegistration
{
    /// <summary>Adds the tools and the policy layer, and applies <paramref name="configure"/> to the policy options.</summary>
    public static IMcpServerBuilder AddTypedTools(IMcpServerBuilder builder, IEnumerable<McpServerTool> tools, Action<TypedToolsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }
        McpServerTool[] list = [.. tools];
        // Typed as IEnumerable: an array argument would bind the SDK's generic WithTools<TToolType>(target) overload,
        // which reflects over the array type (trimming and AOT warnings) before it hands the tools on.
        builder.WithTools((IEnumerable<McpServerTool>)list);
        IServiceCollection services = builder.Services;
        services.AddSingleton(new RegisteredTools(list.OfType<ITypedTool>().Select(t => t.Descriptor).ToArray()));

        if (services.Any(d => d.ServiceType == typeof(ToolPolicy)))
        {
            return builder; // a second WithTypedTools (another assembly's tools): the shared parts are in place
        }
        services.AddOptions<TypedToolsOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TypedToolsOptions>, OptionsValidator>();
        services.AddSingleton<ToolPolicy>();
        services.AddSingleton(sp => sp.GetRequiredService<ToolPolicy>().Paths);
        services.TryAddSingleton<GuardedFiles>();
        services.AddSingleton(sp => sp.GetRequiredService<ToolPolicy>().Domains);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new JsonLinesAuditSink(new JsonLinesAuditOptions
        {
            Path = Options(sp).Audit.JsonLinesPath ?? throw new InvalidOperationException("No JSON Lines audit path is configured."),
            MaxFileBytes = Options(sp).Audit.MaxFileBytes,
        }, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var sinks = sp.GetServices<IAuditSink>().ToList();
            if (Options(sp).Audit.JsonLinesPath is not null)
            {
                sinks.Add(sp.GetRequiredService<JsonLinesAuditSink>());
            }
            if (sinks.Count == 0)
            {
                sinks.Add(new LoggerAuditSink(sp.GetRequiredService<ILoggerFactory>().CreateLogger<LoggerAuditSink>()));
            }
            return new AuditTrail(sinks, sp.GetRequiredService<TimeProvider>(), Options(sp).Audit.MaxStringLength);
        });
        services.TryAddSingleton<IRateLimitCounter, MemoryRateLimitCounter>();
        services.TryAddSingleton(sp => new RateLimitGate(sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.RateLimits, sp.GetRequiredService<IRateLimitCounter>()));
        services.TryAddSingleton<IFlowStateStore, MemoryFlowStateStore>();
        services.TryAddSingleton(sp => new FlowGate(sp.GetRequiredService<IFlowStateStore>(), sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.Flow));
        services.TryAddSingleton<INonceStore>(sp => new MemoryNonceStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ConfirmationSeal(sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.Confirmation.Key));
        services.TryAddSingleton(sp => new ConfirmationGate(sp.GetRequiredService<ConfirmationSeal>(), sp.GetRequiredService<INonceStore>(),
            sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.Confirmation, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new GuardedHttpClient(sp.GetRequiredService<DomainGuard>(), sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.Http));
        builder.WithRequestFilters(filters =>
        {
            filters.AddListToolsFilter(next => async (context, cancellationToken) =>
            {
                context.User ??= LocalUser(context.Services);
                ListToolsResult result = await next(context, cancellationToken).ConfigureAwait(false);
                ToolPolicy? policy = context.Services?.GetService<ToolPolicy>();
                var known = Descriptors(context.Services);
                result.Tools = [.. result.Tools.Where(tool => policy is not null && policy.IsVisible(Describe(known, tool.Name), context.User))];
                return result;
            });
            filters.AddCallToolFilter(next => async (context, cancellationToken) =>
            {
                // A transport that authenticates nobody (stdio) acts for the configured local user.
                context.User ??= LocalUser(context.Services);
                // Generated tools gate themselves; this covers tools registered some other way, and unknown names.
                if (context.MatchedPrimitive is ITypedTool)
                {
                    return await next(context, cancellationToken).ConfigureAwait(false);
                }
                string name = context.Params?.Name ?? "";
                try
                {
                    ToolPolicy policy = context.Services?.GetService<ToolPolicy>() ?? throw new InvalidOperationException("The policy is not registered.");
                    policy.CheckProfile(Describe(Descriptors(context.Services), name), context.User);
                }
                catch (PolicyDeniedException denied)
                {
                    return ToolResults.PolicyRefusal(name, denied.Denial, ToolCallIds.Create());
                }
                catch (Exception)
                {
                    return ToolResults.PolicyRefusal(name, PolicyDenials.CheckFailed, ToolCallIds.Create());
                }
                return await next(context, cancellationToken).ConfigureAwait(false);
            });
        });
        return builder;
    }

    private static TypedToolsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<TypedToolsOptions>>().Value;

    private static ClaimsPrincipal? LocalUser(IServiceProvider? services) =>
        services?.GetService<IOptions<TypedToolsOptions>>()?.Value.LocalUser;

    private static Dictionary<string, ToolDescriptor> Descriptors(IServiceProvider? services) =>
        (services?.GetServices<RegisteredTools>() ?? []).SelectMany(r => r.Tools)
            .GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>A tool TypedTools did not generate is judged by the protocol's pessimistic defaults.</summary>
    private static ToolDescriptor Describe(Dictionary<string, ToolDescriptor> known, string name) =>
        known.TryGetValue(name, out ToolDescriptor? descriptor) ? descriptor
            : new ToolDescriptor { Name = name, Effects = ToolEffects.Destructive | ToolEffects.OpenWorld };

    /// <summary>The descriptors of one WithTypedTools call.</summary>
    private sealed record RegisteredTools(ToolDescriptor[] Tools);

    /// <summary>Checks the configuration against the registered tools when the host starts.</summary>
    private sealed class OptionsValidator(IEnumerable<RegisteredTools> registered) : IValidateOptions<TypedToolsOptions>
    {
        public ValidateOptionsResult Validate(string? name, TypedToolsOptions options)
        {
            var failures = new List<string>();
            foreach ((string root, PathRootOptions rootOptions) in options.Roots)
            {
                try
                {
                    PathRoot.Create(root, rootOptions);
                }
                catch (Exception exception)
                {
                    failures.Add(exception.Message);
                }
            }
            foreach (ToolDescriptor tool in registered.SelectMany(r => r.Tools))
            {
                foreach (string root in tool.PathRoots.Where(r => !options.Roots.ContainsKey(r)))
                {
                    failures.Add($"The tool '{tool.Name}' uses the path root '{root}', which is not configured (TypedToolsOptions.AddRoot(\"{root}\", directory)).");
                }
            }
            try
            {
                DomainGuard.Create(options.DomainSets);
            }
            catch (ArgumentException exception)
            {
                failures.Add(exception.Message);
            }
            foreach (ToolDescriptor tool in registered.SelectMany(r => r.Tools))
            {
                foreach (DomainRule rule in tool.DomainRules)
                {
                    if (rule.Set is { } set && !options.DomainSets.ContainsKey(set))
                    {
                        failures.Add($"The tool '{tool.Name}' uses the domain set '{set}', which is not configured (TypedToolsOptions.AddDomains(\"{set}\", ...)).");
                    }
                    foreach (string pattern in rule.Patterns)
                    {
                        try
                        {
                            DomainPattern.Parse(pattern);
                        }
                        catch (ArgumentException exception)
                        {
                            failures.Add($"The tool '{tool.Name}': {exception.Message}");
                        }
                    }
                }
            }
            try
            {
                _ = new DestinationMatcher(options.Flow.ApprovedDestinations);
            }
            catch (ArgumentException exception)
            {
                failures.Add(exception.Message);
            }
            try
            {
                RateLimitGate.Validate(options.RateLimits);
            }
            catch (ArgumentException exception)
            {
                failures.Add(exception.Message);
            }
            if (options.Confirmation.Key is { Length: < 32 })
            {
                failures.Add("The confirmation key must be at least 32 bytes.");
            }
            if (options.Profile is { } profile && !options.Profiles.ContainsKey(profile))
            {
                failures.Add($"The active profile '{profile}' is not defined. Defined: {string.Join(", ", options.Profiles.Keys.Order(StringComparer.Ordinal))}.");
            }
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
