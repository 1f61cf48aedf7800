using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Arguments;
using TypedTools.Policy;
using TypedTools.Policy.Profiles;
using TypedTools.Tests.EndToEnd;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>The policy steps of the generated pipeline, through a real client: constraints, profiles, start-up checks, fail closed.</summary>
public sealed class PolicyPipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<InMemoryServer> Start(Action<TypedToolsOptions>? policy = null, Action<IMcpServerBuilder>? tools = null) =>
        InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter, Tools.Counter>(), tools, policy, Confirmations.Yes().ClientOptions());

    private static async Task<CallToolResult> Call(InMemoryServer server, string tool, string json) =>
        await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: Ct);

    private static async Task<HashSet<string>> Listed(InMemoryServer server) =>
        (await server.Client.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).ToHashSet();

    [Fact]
    public async Task A_path_argument_reaches_the_method_as_its_canonical_full_path()
    {
        string root = new DirectoryInfo(InMemoryServer.DocsRoot).FullName;
        await File.WriteAllTextAsync(Path.Join(root, "a.txt"), "a", Ct);
        await using InMemoryServer server = await Start();

        Assert.Equal(Path.Join(root, "a.txt"), Refusals.Text(await Call(server, "doc_read", """{"path":"a.txt"}""")));
        Assert.Equal(Path.Join(root, "a.txt"), Refusals.Text(await Call(server, "doc_read", $$"""{"path":"{{root}}/a.txt"}""")));
        Assert.Equal(Path.Join(root, "new", "b.md") + "|hi", Refusals.Text(await Call(server, "doc_write", """{"path":"new/b.md","text":"hi"}""")));
        Assert.Equal("none", Refusals.Text(await Call(server, "doc_optional", "{}")));
        Assert.Equal(root, Refusals.Text(await Call(server, "doc_optional", """{"path":"."}""")));
    }

    [Fact]
    public async Task A_policy_refusal_names_its_code_field_and_a_safer_next_step()
    {
        await using InMemoryServer server = await Start();

        CallToolResult result = await Call(server, "doc_read", """{"path":"/etc/passwd"}""");

        Refusals.AssertSingle(result, PolicyCodes.PathOutsideRoot, "path");
        JsonElement error = Refusals.Error(result);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("hint").GetString()));
        Assert.Contains("policy.path_outside_root", Refusals.Text(result), StringComparison.Ordinal);
        Assert.DoesNotContain("root:", Refusals.Text(result), StringComparison.Ordinal); // nothing of the file leaks

        Refusals.AssertSingle(await Call(server, "doc_optional", """{"path":"a/../../x"}"""), PolicyCodes.PathForbiddenForm, "path");
        Refusals.AssertSingle(await Call(server, "doc_write", """{"path":".env","text":"x"}"""), PolicyCodes.PathProtected, "path");
    }

    [Fact]
    public async Task Argument_errors_are_reported_before_policy_checks_run()
    {
        await using InMemoryServer server = await Start();
        Refusals.AssertSingle(await Call(server, "doc_read", """{"path":5}"""), "argument.type", "path");
        Refusals.AssertSingle(await Call(server, "doc_read", """{"path":"../x","extra":1}"""), "argument.unknown_field", "extra");
    }

    [Theory]
    [InlineData("local-code-audit", new[] { "doc_read", "doc_optional", "instance_count" }, new[] { "doc_write", "count", "publish", "post_comment", "primitives" })]
    [InlineData("issue-triage", new[] { "doc_read", "post_comment" }, new[] { "doc_write", "count", "publish" })]
    [InlineData("research-summary", new[] { "doc_read", "primitives" }, new[] { "doc_write", "publish", "post_comment" })]
    public async Task A_profile_shows_and_allows_only_its_tools(string profile, string[] allowed, string[] denied)
    {
        await using InMemoryServer server = await Start(o => o.Profile = profile);
        HashSet<string> listed = await Listed(server);

        foreach (string tool in allowed)
        {
            Assert.Contains(tool, listed);
        }
        foreach (string tool in denied)
        {
            Assert.DoesNotContain(tool, listed);
            Refusals.AssertSingle(await Call(server, tool, """{"path":"x","text":"t"}"""), PolicyCodes.ToolNotAllowed, "");
        }
    }

    [Fact]
    public async Task The_profile_can_come_from_the_callers_identity_and_an_unknown_one_denies_everything()
    {
        await using (InMemoryServer server = await Start(o => o.ProfileSelector = user => user is null ? "research-summary" : null))
        {
            Refusals.AssertSingle(await Call(server, "publish", """{"text":"t"}"""), PolicyCodes.ToolNotAllowed, "");
        }
        await using (InMemoryServer server = await Start(o => o.ProfileSelector = _ => "no-such-profile"))
        {
            Assert.Empty(await Listed(server));
            Refusals.AssertSingle(await Call(server, "doc_read", """{"path":"a.txt"}"""), PolicyCodes.ProfileUnknown, "");
        }
    }

    [Fact]
    public async Task A_throwing_check_denies_and_hides()
    {
        await using InMemoryServer server = await Start(o =>
        {
            o.AddProfile(new ToolProfile("broken", "A rule that fails.", _ => throw new InvalidOperationException("rule bug")));
            o.Profile = "broken";
        });

        Assert.Empty(await Listed(server));
        CallToolResult result = await Call(server, "doc_read", """{"path":"a.txt"}""");
        Refusals.AssertSingle(result, PolicyCodes.CheckFailed, "");
        Assert.DoesNotContain("rule bug", Refusals.Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_registered_without_the_policy_layer_refuse_every_call()
    {
        await using InMemoryServer server = await Start(tools: b => b.WithTools(TypedToolsMcpServerBuilderExtensions.CreateTypedTools()));
        Refusals.AssertSingle(await Call(server, "primitives", "{}"), PolicyCodes.NotConfigured, "");
    }

    [Fact]
    public async Task A_tool_TypedTools_did_not_generate_is_held_to_the_profile_too()
    {
        // The SDK's reflection tool "greet" in place of the generated one.
        McpServerTool sdkTool = McpServerTool.Create(typeof(ComparisonTools).GetMethod(nameof(ComparisonTools.Greet))!);
        const string Greet = """{"name":"Ana","times":1,"person":{"name":"Bo","age":30}}""";

        await using (InMemoryServer open = await Start(tools: b => b.WithTypedTools(o => o.AddRoot("docs", InMemoryServer.DocsRoot), t => t.ProtocolTool.Name != "greet").WithTools([sdkTool])))
        {
            Assert.Contains("greet", await Listed(open));
            Refusals.AssertOk(await Call(open, "greet", Greet));
        }
        await using (InMemoryServer audit = await Start(tools: b => b.WithTypedTools(o =>
        {
            o.AddRoot("docs", InMemoryServer.DocsRoot);
            o.Profile = "local-code-audit";
        }, t => t.ProtocolTool.Name != "greet").WithTools([sdkTool])))
        {
            Assert.DoesNotContain("greet", await Listed(audit));
            Refusals.AssertSingle(await Call(audit, "greet", Greet), PolicyCodes.ToolNotAllowed, "");
        }
    }

    [Fact]
    public async Task A_missing_root_or_an_unknown_profile_stops_the_host_at_start_up()
    {
        var missing = await Assert.ThrowsAsync<OptionsValidationException>(() => InMemoryServer.StartAsync(tools: b => b.WithTypedTools()));
        Assert.Contains(missing.Failures, f => f.Contains("'doc_read'", StringComparison.Ordinal) && f.Contains("'docs'", StringComparison.Ordinal));

        var profile = await Assert.ThrowsAsync<OptionsValidationException>(() => Start(o => o.Profile = "nope"));
        Assert.Contains(profile.Failures, f => f.Contains("'nope'", StringComparison.Ordinal));

        string file = Path.Join(InMemoryServer.DocsRoot, "not-a-dir.txt");
        await File.WriteAllTextAsync(file, "x", Ct);
        var notDirectory = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            InMemoryServer.StartAsync(tools: b => b.WithTypedTools(o => o.AddRoot("docs", file))));
        Assert.Contains(notDirectory.Failures, f => f.Contains("not an existing directory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_assemblys_tools_join_the_first_ones_in_the_start_up_check_and_the_profiles()
    {
        // Each assembly's generated WithTypedTools hands its tools to AddTypedTools; all calls share one registry.
        static Action<IMcpServerBuilder> Both(string root, string? profile = null) => b => TypedToolsRegistration.AddTypedTools(
            b.WithTypedTools(o => { o.AddRoot("docs", InMemoryServer.DocsRoot); o.Profile = profile; }),
            [ValueTool("other_read", $$"""[{"parameter":"value","root":"{{root}}","access":"Read"}]""", (ref ArgumentBinder b, ref string value) => b.Path(ref value, "value", 0))]);

        var missing = await Assert.ThrowsAsync<OptionsValidationException>(() => Start(tools: Both("elsewhere")));
        Assert.Contains(missing.Failures, f => f.Contains("'other_read'", StringComparison.Ordinal) && f.Contains("'elsewhere'", StringComparison.Ordinal));

        // Under a read-only, closed-world profile, the second set's tool is judged by its own descriptor (a tool the
        // registry did not know would be judged destructive and open-world, and hidden).
        await using InMemoryServer server = await Start(tools: Both("docs", "local-code-audit"));
        HashSet<string> listed = await Listed(server);
        Assert.Contains("doc_read", listed);
        Assert.Contains("other_read", listed);
        Assert.DoesNotContain("doc_write", listed);
    }

    [Fact]
    public async Task A_bad_configuration_stops_the_host_before_any_hosted_service_starts()
    {
        // Registered before the tools and the transport: had the check run as one more hosted service, this one would start.
        var earlier = new StartRecorder();
        await Assert.ThrowsAsync<OptionsValidationException>(() => InMemoryServer.StartAsync(
            services: s => s.AddHostedService(_ => earlier), policy: o => o.Profile = "nope"));
        Assert.False(earlier.Started);
    }

    [Fact]
    public void The_options_are_built_once_from_every_configure_and_post_configure_and_the_monitor_agrees()
    {
        var services = new ServiceCollection();
        services.AddMcpServer().WithTypedTools(o => o.AddRoot("docs", InMemoryServer.DocsRoot));
        services.Configure<TypedToolsOptions>(o => o.Profile = "issue-triage");
        services.PostConfigure<TypedToolsOptions>(o => o.Audit.MaxStringLength = 77);
        services.AddSingleton<IConfigureOptions<TypedToolsOptions>>(new ConfigureNamedOptions<TypedToolsOptions>("other", o => o.AddRoot("docs", InMemoryServer.DocsRoot).Profile = "local-code-audit"));
        using ServiceProvider provider = services.BuildServiceProvider();

        TypedToolsOptions options = provider.GetRequiredService<IOptions<TypedToolsOptions>>().Value;
        Assert.Same(options, provider.GetRequiredService<IOptions<TypedToolsOptions>>().Value);
        Assert.Equal("issue-triage", options.Profile);
        Assert.Equal(77, options.Audit.MaxStringLength);
        Assert.True(options.Roots.ContainsKey("docs"));

        TypedToolsOptions monitored = provider.GetRequiredService<IOptionsMonitor<TypedToolsOptions>>().CurrentValue;
        Assert.Equal(("issue-triage", 77), (monitored.Profile, monitored.Audit.MaxStringLength));
        Assert.Equal("local-code-audit", provider.GetRequiredService<IOptionsMonitor<TypedToolsOptions>>().Get("other").Profile);
    }

    [Fact]
    public void A_failed_validation_is_not_cached_as_a_value()
    {
        var services = new ServiceCollection();
        services.AddMcpServer().WithTypedTools(o => o.Profile = "nope");
        using ServiceProvider provider = services.BuildServiceProvider();
        IOptions<TypedToolsOptions> options = provider.GetRequiredService<IOptions<TypedToolsOptions>>();

        Assert.Throws<OptionsValidationException>(() => options.Value);
        Assert.Throws<OptionsValidationException>(() => options.Value);
    }

    [Theory]
    [InlineData("path")]
    [InlineData("url")]
    public async Task A_rule_index_the_descriptor_does_not_have_refuses_the_call(string guard)
    {
        // Generated code names a parameter's [AllowedPath] or [AllowedDomain] rule by its index in the descriptor. An index
        // with no rule there (a hand-made or mismatched tool) is an exception inside the constraint pass: the call is refused.
        bool ran = false;
        GeneratedTool<string> tool = ValueTool("mismatched", "[]", guard == "path" ? (ref ArgumentBinder b, ref string value) => b.Path(ref value, "value", 0)
            : (ref ArgumentBinder b, ref string value) => b.Url(ref value, "value", 0), () => ran = true);
        await using InMemoryServer server = await Start(tools: b => b.WithTypedTools(o => o.AddRoot("docs", InMemoryServer.DocsRoot), _ => false).WithTools([tool]));

        CallToolResult result = await Call(server, "mismatched", """{"value":"docs.example.org"}""");

        Assert.True(result.IsError);
        Assert.Equal(PolicyCodes.CheckFailed, Refusals.Error(result).GetProperty("code").GetString());
        Assert.False(ran);
    }

    /// <summary>The rule a hand-made tool's one argument is checked against, as generated code names it.</summary>
    private delegate void ValueGuard(ref ArgumentBinder b, ref string value);

    /// <summary>
    /// A read-only tool made by hand the way generated code makes one: a required string argument "value", checked by
    /// <paramref name="guard"/> against the policy's <paramref name="paths"/> rules, answering with the value it received.
    /// </summary>
    private static GeneratedTool<string> ValueTool(string name, string paths, ValueGuard guard, Action? ran = null) => new(
        policy: $$"""{"name":"{{name}}","effects":{"readOnly":true,"destructive":false,"idempotent":true,"openWorld":false},"capabilities":[],"confirmation":false,"paths":{{paths}},"domains":[],"claims":[],"inputSchemaSha256":"00"}""",
        description: null,
        inputSchema: """{"type":"object","properties":{"value":{"type":"string"}},"required":["value"],"additionalProperties":false}""",
        outputSchema: null,
        maxDepth: 8,
        describe: (ref ArgumentBinder b, ref string value) =>
        {
            b.String(ref value, "value", ArgumentFlags.Required, "", 0, 100);
            guard(ref b, ref value);
        },
        invoke: (value, request, ct) =>
        {
            ran?.Invoke();
            return new(new CallToolResult { Content = [new TextContentBlock { Text = value }] });
        });

    private sealed class StartRecorder : Microsoft.Extensions.Hosting.IHostedService
    {
        public bool Started { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
