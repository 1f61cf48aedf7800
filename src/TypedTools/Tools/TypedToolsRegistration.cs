using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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
        // Plain loops here and in the filters: LINQ's iterators dispatch through generic virtual methods, which a
        // Native AOT server resolves slowly the first time, at every start.
        RegisteredTools registered = RegisteredTools.In(services);
        foreach (McpServerTool tool in list)
        {
            if (tool is ITypedTool typed)
            {
                registered.Tools.Add(typed.Descriptor);
            }
        }

        if (services.Any(d => d.ServiceType == typeof(ToolPolicy)))
        {
            return builder; // a second WithTypedTools (another assembly's tools): the shared parts are in place
        }
        // The options are built through closed registrations (with the framework's factory, validators included) rather
        // than the options package's open generics, which a Native AOT server closes at start-up through its type loader.
        // Every service is created by a factory: the container's constructor activation is reflection (constructor
        // look-up and invoke), which a Native AOT server pays at every start for each service the start resolves.
        services.AddOptions<TypedToolsOptions>();
        services.TryAddTransient<IOptionsFactory<TypedToolsOptions>>(sp => new TypedToolsOptionsFactory(
            sp.GetServices<IConfigureOptions<TypedToolsOptions>>(), sp.GetServices<IPostConfigureOptions<TypedToolsOptions>>(), sp.GetServices<IValidateOptions<TypedToolsOptions>>()));
        services.TryAddSingleton<IOptions<TypedToolsOptions>>(sp => new TypedToolsOptionsValue(sp.GetRequiredService<IOptionsFactory<TypedToolsOptions>>()));
        services.AddHostedService(sp => new StartupValidation(sp.GetRequiredService<IOptions<TypedToolsOptions>>()));
        services.TryAddSingleton(sp => new ToolDirectory(sp.GetRequiredService<RegisteredTools>()));
        services.AddSingleton<IValidateOptions<TypedToolsOptions>>(sp => new OptionsValidator(sp.GetRequiredService<RegisteredTools>()));
        services.AddSingleton(sp => new ToolPolicy(sp.GetRequiredService<IOptions<TypedToolsOptions>>()));
        services.AddSingleton(sp => sp.GetRequiredService<ToolPolicy>().Paths);
        services.TryAddSingleton(sp => new GuardedFiles(sp.GetRequiredService<PathGuard>()));
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
        services.TryAddSingleton<IRateLimitCounter>(_ => new MemoryRateLimitCounter());
        services.TryAddSingleton(sp => new RateLimitGate(sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.RateLimits, sp.GetRequiredService<IRateLimitCounter>()));
        services.TryAddSingleton<IFlowStateStore>(_ => new MemoryFlowStateStore());
        services.TryAddSingleton(sp => new FlowGate(sp.GetRequiredService<IFlowStateStore>(), sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.Flow));
        services.TryAddSingleton<INonceStore>(sp => new MemoryNonceStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ConfirmationSeal(sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.Confirmation.Key));
        services.TryAddSingleton(sp => new ConfirmationGate(sp.GetRequiredService<ConfirmationSeal>(), sp.GetRequiredService<INonceStore>(),
            sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.Confirmation, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ToolCallServices(sp, sp.GetRequiredService<IOptions<TypedToolsOptions>>()));
        services.TryAddSingleton(sp => new GuardedHttpClient(sp.GetRequiredService<DomainGuard>(), sp.GetRequiredService<IOptions<TypedToolsOptions>>().Value.Http));
        builder.WithRequestFilters(filters =>
        {
            filters.AddListToolsFilter(next => async (context, cancellationToken) =>
            {
                ToolCallServices? services = ToolCallServices.Of(context.Services);
                context.User ??= services?.LocalUser;
                ListToolsResult result = await next(context, cancellationToken).ConfigureAwait(false);
                ToolPolicy? policy = services?.Policy;
                ToolDirectory? known = context.Services?.GetService<ToolDirectory>();
                var visible = new List<Tool>(result.Tools.Count);
                foreach (Tool tool in result.Tools)
                {
                    if (policy is not null && known is not null && policy.IsVisible(known.Describe(tool.Name), context.User))
                    {
                        visible.Add(tool);
                    }
                }
                result.Tools = visible;
                return result;
            });
            filters.AddCallToolFilter(next => async (context, cancellationToken) =>
            {
                // A transport that authenticates nobody (stdio) acts for the configured local user.
                ToolCallServices? services = ToolCallServices.Of(context.Services);
                context.User ??= services?.LocalUser;
                // Generated tools gate themselves; this covers tools registered some other way, and unknown names.
                if (context.MatchedPrimitive is ITypedTool)
                {
                    return await next(context, cancellationToken).ConfigureAwait(false);
                }
                string name = context.Params?.Name ?? "";
                try
                {
                    ToolPolicy policy = services?.Policy ?? throw new InvalidOperationException("The policy is not registered.");
                    ToolDirectory known = context.Services?.GetService<ToolDirectory>() ?? throw new InvalidOperationException("The tool directory is not registered.");
                    policy.CheckProfile(known.Describe(name), context.User);
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

    /// <summary>
    /// The descriptors of every WithTypedTools call (one per assembly of tools), in call order: one instance the calls
    /// share, so the container resolves one service rather than an enumerable of them.
    /// </summary>
    private sealed class RegisteredTools
    {
        public List<ToolDescriptor> Tools { get; } = [];

        /// <summary>The collection's instance, added by the first call.</summary>
        public static RegisteredTools In(IServiceCollection services)
        {
            foreach (ServiceDescriptor service in services)
            {
                if (service.ServiceType == typeof(RegisteredTools) && service.ImplementationInstance is RegisteredTools registered)
                {
                    return registered;
                }
            }
            var created = new RegisteredTools();
            services.AddSingleton(created);
            return created;
        }
    }

    /// <summary>Every generated tool's descriptor by name, built once (the first registration of a name wins).</summary>
    private sealed class ToolDirectory
    {
        private readonly Dictionary<string, ToolDescriptor> _byName = new(StringComparer.Ordinal);

        public ToolDirectory(RegisteredTools registered)
        {
            foreach (ToolDescriptor descriptor in registered.Tools)
            {
                _byName.TryAdd(descriptor.Name, descriptor);
            }
        }

        /// <summary>A tool TypedTools did not generate is judged by the protocol's pessimistic defaults.</summary>
        public ToolDescriptor Describe(string name) =>
            _byName.TryGetValue(name, out ToolDescriptor? descriptor) ? descriptor
                : new ToolDescriptor { Name = name, Effects = ToolEffects.Destructive | ToolEffects.OpenWorld };
    }

    /// <summary>
    /// Validates the options before any hosted service starts (the server's transport among them), so a bad
    /// configuration stops the host instead of reaching a call. It builds the options through <see cref="IOptions{T}"/>,
    /// which runs the validators; <c>ValidateOnStart</c> would do the same through an options monitor, whose open
    /// generics cost a Native AOT server ~2-3 ms of type loading at every start (measured in benchmarks/README.md).
    /// </summary>
    private sealed class StartupValidation(IOptions<TypedToolsOptions> options) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken)
        {
            _ = options.Value;
            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The framework's options factory (configure, post-configure, validate), creating the instance without <c>Activator</c>.</summary>
    private sealed class TypedToolsOptionsFactory(IEnumerable<IConfigureOptions<TypedToolsOptions>> configure,
        IEnumerable<IPostConfigureOptions<TypedToolsOptions>> postConfigure, IEnumerable<IValidateOptions<TypedToolsOptions>> validate)
        : OptionsFactory<TypedToolsOptions>(configure, postConfigure, validate)
    {
        protected override TypedToolsOptions CreateInstance(string name) => new();
    }

    /// <summary>
    /// <see cref="IOptions{T}"/> as the framework implements it: created on first use, once; a failed validation is
    /// not cached, so every later use fails the same way.
    /// </summary>
    private sealed class TypedToolsOptionsValue(IOptionsFactory<TypedToolsOptions> factory) : IOptions<TypedToolsOptions>
    {
        private readonly Lock _gate = new();
        private volatile TypedToolsOptions? _value;

        public TypedToolsOptions Value
        {
            get
            {
                if (_value is { } value)
                {
                    return value;
                }
                lock (_gate)
                {
                    return _value ??= factory.Create(Microsoft.Extensions.Options.Options.DefaultName);
                }
            }
        }
    }

    /// <summary>Checks the configuration against the registered tools when the host starts.</summary>
    private sealed class OptionsValidator(RegisteredTools registered) : IValidateOptions<TypedToolsOptions>
    {
        // A copy: a collection that gains tools after this container was built does not change what this one checks.
        private readonly ToolDescriptor[] _tools = [.. registered.Tools];

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
            try
            {
                DomainGuard.Create(options.DomainSets);
            }
            catch (ArgumentException exception)
            {
                failures.Add(exception.Message);
            }
            // Plain loops: this runs at every start, over every tool, and LINQ's first use is slow in a Native AOT process.
            foreach (ToolDescriptor tool in _tools)
            {
                CheckRules(tool, options, failures);
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

        /// <summary>A tool's path roots and domain sets must be configured, and its domain patterns valid.</summary>
        private static void CheckRules(ToolDescriptor tool, TypedToolsOptions options, List<string> failures)
        {
            foreach (string root in tool.PathRoots)
            {
                if (!options.Roots.ContainsKey(root))
                {
                    failures.Add($"The tool '{tool.Name}' uses the path root '{root}', which is not configured (TypedToolsOptions.AddRoot(\"{root}\", directory)).");
                }
            }
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
    }
}
