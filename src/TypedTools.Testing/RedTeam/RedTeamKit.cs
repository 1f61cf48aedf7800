using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;
using TypedTools.Policy;
using TypedTools.Testing.Paths;
using TypedTools.Testing.RedTeam.Attacks;
using TypedTools.Testing.Schemas;

namespace TypedTools.Testing.RedTeam;

/// <summary>
/// The red-team kit: from the generated tools of an assembly and their policy manifest it builds attack cases
/// tailored to each tool (its path and URL parameters, its schema, its confirmation, the workflow profiles and the
/// flow rules), runs each through a real MCP client against a real server in memory, and requires each to be
/// refused by the check it attacks, with the refusal in the audit log.
/// </summary>
/// <example>
/// <code>
/// public sealed class RedTeamTests
/// {
///     private static readonly RedTeamKit Kit = RedTeamKit.For(typeof(MyTools).Assembly);
///     public static TheoryData&lt;string&gt; Attacks => new(Kit.CaseNames);
///
///     [Theory, MemberData(nameof(Attacks))]
///     public Task Every_attack_is_refused(string attack) => Kit.AssertRefusedAsync(attack);
/// }
/// </code>
/// </example>
public sealed class RedTeamKit : IDisposable
{
    /// <summary>The file a valid delete removes (created before each case).</summary>
    internal const string DecoyName = "kit-decoy.txt";

    /// <summary>The file a valid write creates (removed before each case).</summary>
    internal const string NewFileName = "kit-new.txt";

    private readonly IReadOnlyList<McpServerTool> _tools;
    private readonly RedTeamOptions _options;
    private readonly Dictionary<string, AttackCase> _cases;
    private readonly byte[] _key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    private readonly SemaphoreSlim _sharedLock = new(1, 1);
    private AttackServer? _shared;

    private RedTeamKit(IReadOnlyList<McpServerTool> tools, IReadOnlyList<ManifestTool> manifest, RedTeamOptions options)
    {
        _tools = tools;
        _options = options;
        Tree = new AttackTree();
        // Kits usually live in a static field of a test class, which nothing disposes: the tree goes with the process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Tree.Dispose();

        // The policy as the server's own configuration leaves it, to learn its domain sets and profiles.
        var configured = new TypedToolsOptions();
        options.Policy?.Invoke(configured);
        Configured = configured;

        var byName = tools.ToDictionary(t => t.ProtocolTool.Name, StringComparer.Ordinal);
        Tools = [.. manifest.Where(m => byName.ContainsKey(m.Name)).Select(m => Describe(byName[m.Name], m))];
        var context = new AttackContext(this);
        _cases = new Dictionary<string, AttackCase>(StringComparer.Ordinal);
        foreach (AttackCase attack in PathAttacks.Cases(context).Concat(DomainAttacks.Cases(context)).Concat(ArgumentAttacks.Cases(context))
                     .Concat(ConfirmationAttacks.Cases(context)).Concat(ProfileAttacks.Cases(context)).Concat(FlowAttacks.Cases(context)))
        {
            _cases.Add(attack.Name, attack);
        }
    }

    /// <summary>
    /// A kit for the generated tools of <paramref name="assembly"/> (found through its generated registration class and
    /// its embedded policy manifest; test code, so reflection is fine here).
    /// </summary>
    public static RedTeamKit For(Assembly assembly, Action<RedTeamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        MethodInfo create = assembly.GetType("Microsoft.Extensions.DependencyInjection.TypedToolsMcpServerBuilderExtensions")?.GetMethod("CreateTypedTools")
            ?? throw new ArgumentException($"'{assembly.GetName().Name}' has no TypedTools-generated tools (was it built with the TypedTools generator?).", nameof(assembly));
        var tools = (McpServerTool[])create.Invoke(null, null)!;
        string manifest = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "TypedTools.Manifest")?.Value
            ?? throw new ArgumentException($"'{assembly.GetName().Name}' carries no TypedTools policy manifest.", nameof(assembly));
        return For(tools, PolicyManifest.Parse(manifest), configure);
    }

    /// <summary>A kit for the given generated tools and their manifest entries.</summary>
    public static RedTeamKit For(IEnumerable<McpServerTool> tools, IReadOnlyList<ManifestTool> manifest, Action<RedTeamOptions>? configure = null)
    {
        var options = new RedTeamOptions();
        configure?.Invoke(options);
        return new RedTeamKit([.. tools], manifest, options);
    }

    /// <summary>Every case, by name.</summary>
    public IReadOnlyCollection<AttackCase> Cases => _cases.Values;

    /// <summary>Every case's name, in a stable order (for <c>[MemberData]</c>).</summary>
    public IEnumerable<string> CaseNames => _cases.Keys.Order(StringComparer.Ordinal);

    /// <summary>The real directory tree every path root points at.</summary>
    public AttackTree Tree { get; }

    internal IReadOnlyList<KitTool> Tools { get; }

    internal TypedToolsOptions Configured { get; }

    internal RedTeamOptions Options => _options;

    /// <summary>The key the kit's servers seal confirmation states with.</summary>
    internal byte[] ConfirmationKey => _key;

    /// <summary>Runs one case and judges it.</summary>
    public async Task<AttackOutcome> RunAsync(string name, CancellationToken cancellationToken = default)
    {
        AttackCase attack = _cases.TryGetValue(name, out AttackCase? found) ? found : throw new ArgumentException($"No case is named '{name}'.", nameof(name));
        AttackOutcome outcome = await RunAsync(attack, cancellationToken);
        _options.Log?.Invoke(outcome.ToString());
        return outcome;
    }

    /// <summary>Runs one case and throws <see cref="RedTeamFailure"/> unless it was refused by the check it attacks.</summary>
    public async Task AssertRefusedAsync(string name, CancellationToken cancellationToken = default)
    {
        AttackOutcome outcome = await RunAsync(name, cancellationToken);
        if (!outcome.Passed)
        {
            throw new RedTeamFailure(outcome);
        }
    }

    /// <summary>Runs every case; the outcomes in name order.</summary>
    public async Task<IReadOnlyList<AttackOutcome>> RunAllAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new List<AttackOutcome>();
        foreach (string name in CaseNames)
        {
            outcomes.Add(await RunAsync(name, cancellationToken));
        }
        return outcomes;
    }

    private async Task<AttackOutcome> RunAsync(AttackCase attack, CancellationToken cancellationToken)
    {
        bool isolated = attack.Isolated || attack.Profile is not null;
        AttackServer? own = null;
        if (!isolated)
        {
            await _sharedLock.WaitAsync(cancellationToken);
        }
        try
        {
            File.WriteAllText(Path.Join(Tree.Root, DecoyName), "decoy");
            File.Delete(Path.Join(Tree.Root, NewFileName));
            AttackServer server = isolated
                ? own = await StartAsync(attack.Person, attack.Profile, cancellationToken)
                : _shared ??= await StartAsync(Person.Accepts, null, cancellationToken);
            int before = server.Audit.Records.Count;
            AttackCall call = await attack.Execute(new AttackRun(this, server, cancellationToken));
            return Judge(attack, call, server.Audit.Records.Skip(before).ToList());
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            string inner = exception.InnerException is { } cause ? $" ({cause.GetType().Name}: {cause.Message})" : "";
            return new AttackOutcome(attack, AttackVerdict.Crashed, null, $"{exception.GetType().Name}: {exception.Message}{inner}");
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
            if (!isolated)
            {
                _sharedLock.Release();
            }
        }
    }

    internal Task<AttackServer> StartAsync(Person person, string? profile, CancellationToken cancellationToken) =>
        AttackServer.StartAsync(_tools, _options, ApplyKitPolicy, person, profile, cancellationToken);

    private void ApplyKitPolicy(TypedToolsOptions policy)
    {
        foreach (string root in Tools.SelectMany(t => t.Manifest.Paths).Select(p => p.Root).Distinct())
        {
            policy.AddRoot(root, Tree.RootLink, o => o.MaxFileSize = 1024);
        }
        foreach (string set in Tools.SelectMany(t => t.Manifest.Domains).Select(d => d.Set).OfType<string>().Distinct())
        {
            if (!policy.DomainSets.TryGetValue(set, out IList<string>? hosts) || hosts.Count == 0)
            {
                policy.AddDomains(set, _options.AllowedHost);
            }
        }
        policy.Http.Resolve = AttackServer.ResolveToLoopback;
        policy.Http.AllowedPrivateNetworks.Clear();
        policy.Audit.JsonLinesPath = null;
        policy.Confirmation.Key = _key;
    }

    /// <summary>Refused with an expected code, and that refusal audited as a denial with the same reason: the only pass.</summary>
    private static AttackOutcome Judge(AttackCase attack, AttackCall call, IReadOnlyList<Audit.AuditRecord> records)
    {
        JsonObject? result = call.Result;
        if (result is null)
        {
            return new AttackOutcome(attack, AttackVerdict.Crashed, null, call.Note ?? "no result");
        }
        if (result["isError"]?.GetValue<bool>() != true)
        {
            string kind = result.ContainsKey("inputRequests") ? "the server asked for input instead of refusing" : "the call succeeded";
            return new AttackOutcome(attack, AttackVerdict.Allowed, null, $"{kind}: {Text(result)}{(call.Note is null ? "" : " (" + call.Note + ")")}");
        }
        // In structured content, or in _meta for a tool whose output schema does not describe it (ToolResults.ConformError).
        JsonNode? error = result["structuredContent"]?["error"] ?? result["_meta"]?[Results.ToolResults.ErrorContentKey]?["error"];
        string? code = error?["code"]?.GetValue<string>();
        string message = error?["message"]?.GetValue<string>() ?? Text(result);
        if (code is null)
        {
            return new AttackOutcome(attack, AttackVerdict.Crashed, null, "a refusal without a structured code: " + message);
        }
        // An argument refusal lists each problem; the case's code may be any one of them.
        string[] codes = [code, .. (error!["details"] as JsonArray ?? []).Select(d => d?["code"]?.GetValue<string>()).OfType<string>()];
        string? matched = codes.FirstOrDefault(attack.Expects);
        if (matched is null)
        {
            return new AttackOutcome(attack, AttackVerdict.WrongReason, string.Join(",", codes.Distinct()), message);
        }
        // A check before the method records a denial; one inside it (the guarded HTTP client) an outcome with the reason.
        string? requestId = error!["requestId"]?.GetValue<string>();
        bool audited = records.Any(r => r.RequestId == requestId && codes.Contains(r.Reason));
        return audited
            ? new AttackOutcome(attack, AttackVerdict.Denied, matched, message)
            : new AttackOutcome(attack, AttackVerdict.WrongReason, matched, "refused, but no audit record of the denial was found for request " + requestId);
    }

    private static string Text(JsonObject result) =>
        string.Join(" ", (result["content"] as JsonArray ?? []).Select(c => c?["text"]?.GetValue<string>()).OfType<string>()) is { Length: > 0 } text
            ? text.Length > 300 ? text[..300] + "..." : text : result.ToJsonString();

    private KitTool Describe(McpServerTool tool, ManifestTool manifest)
    {
        JsonObject? example;
        string? problem = null;
        if (_options.Examples.TryGetValue(manifest.Name, out string? given))
        {
            example = JsonNode.Parse(given) as JsonObject;
        }
        else
        {
            example = ExampleValues.For(tool.ProtocolTool.InputSchema) as JsonObject;
            problem = example is null ? "no valid arguments could be built from its schema; add one to RedTeamOptions.Examples" : null;
        }
        if (example is not null)
        {
            // Canonical absolute paths, so that the arguments as sent are the arguments as checked (a sealed state's hash covers them).
            foreach ((string parameter, _, string access) in manifest.Paths)
            {
                Set(example, parameter, Path.Join(Tree.Root, access switch { "Read" => "notes.txt", "Write" => NewFileName, _ => DecoyName }));
            }
            foreach (var domain in manifest.Domains)
            {
                Set(example, domain.Parameter, "https://" + AllowedHost(domain.Patterns, domain.Set) + "/");
            }
            if (((ITypedTool)tool).ValidateArguments(KitTool.Elements(example)) is { Count: > 0 } errors)
            {
                problem = $"its example arguments are refused ({errors[0].Code} at '{errors[0].Field}'); add valid ones to RedTeamOptions.Examples";
                example = null;
            }
        }
        return new KitTool(tool, manifest, example, problem);
    }

    /// <summary>A host the rule allows: a listed name, a name under a listed wildcard, or the set's first entry.</summary>
    internal string AllowedHost(IReadOnlyList<string> patterns, string? set)
    {
        IEnumerable<string> all = patterns.Concat(set is not null && Configured.DomainSets.TryGetValue(set, out IList<string>? hosts) ? hosts : []);
        string? first = all.FirstOrDefault();
        return first is null ? _options.AllowedHost : first.StartsWith("*.", StringComparison.Ordinal) ? "www" + first[1..] : first;
    }

    /// <summary>Sets a (possibly dotted) parameter in an arguments object.</summary>
    internal static void Set(JsonObject arguments, string parameter, JsonNode? value)
    {
        string[] parts = parameter.Split('.');
        JsonObject target = arguments;
        foreach (string part in parts[..^1])
        {
            target = target[part] as JsonObject ?? throw new InvalidOperationException($"The example has no object at '{part}' for '{parameter}'.");
        }
        target[parts[^1]] = value;
    }

    /// <summary>Removes the attack tree.</summary>
    public void Dispose()
    {
        _shared?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Tree.Dispose();
        _sharedLock.Dispose();
    }
}

/// <summary>What a running case works with.</summary>
internal sealed class AttackRun(RedTeamKit kit, AttackServer server, CancellationToken cancellationToken)
{
    public RedTeamKit Kit { get; } = kit;

    public AttackServer Server { get; } = server;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public async Task<AttackCall> Call(string tool, JsonObject arguments) => new(await Server.CallAsync(tool, arguments, CancellationToken));

    public async Task<AttackCall> Send(JsonObject parameters) => new(await Server.SendAsync(parameters, CancellationToken));
}

/// <summary>What case generators see.</summary>
internal sealed class AttackContext(RedTeamKit kit)
{
    public RedTeamKit Kit { get; } = kit;

    /// <summary>Tools with a valid example (attacks that change one thing need the rest valid).</summary>
    public IEnumerable<KitTool> Callable => Kit.Tools.Where(t => t.Example is not null);
}
