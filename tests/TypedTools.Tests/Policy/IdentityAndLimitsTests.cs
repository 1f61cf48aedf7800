using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;
using TypedTools.Policy.Limits;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>Values bound from the caller's identity, arguments checked against it, profiles chosen by role, and rate limits.</summary>
public sealed class IdentityAndLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ClaimsPrincipal User(string name, string? tenant = null, string? role = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, name) };
        if (tenant is not null)
        {
            claims.Add(new Claim("tenant", tenant));
        }
        if (role is not null)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    private static Task<InMemoryServer> Start(Action<TypedToolsOptions> policy) =>
        InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter, Tools.Counter>(), policy: policy, client: Confirmations.Yes().ClientOptions());

    private static async Task<CallToolResult> Call(InMemoryServer server, string tool, string json) =>
        await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: Ct);

    [Fact]
    public async Task A_value_bound_from_the_identity_cannot_be_supplied_as_an_argument()
    {
        await using InMemoryServer server = await Start(o => o.LocalUser = User("ana", tenant: "acme"));

        Assert.Equal("report for acme in 2025", Refusals.Text(await Call(server, "tenant_report", """{"year":2025}""")));
        Refusals.AssertSingle(await Call(server, "tenant_report", """{"tenant":"globex"}"""), "argument.unknown_field", "tenant");
        var schema = (await server.Client.ListToolsAsync(cancellationToken: Ct)).Single(t => t.Name == "tenant_report").ProtocolTool.InputSchema;
        Assert.False(schema.GetProperty("properties").TryGetProperty("tenant", out _));
    }

    [Fact]
    public async Task An_argument_naming_another_tenant_is_denied()
    {
        await using InMemoryServer server = await Start(o => o.LocalUser = User("ana", tenant: "acme"));

        Assert.Equal("invoice 7 of acme", Refusals.Text(await Call(server, "tenant_invoice", """{"tenantId":"acme","number":7}""")));
        Refusals.AssertSingle(await Call(server, "tenant_invoice", """{"tenantId":"globex","number":7}"""), PolicyCodes.TenantMismatch, "tenantId");
        Refusals.AssertSingle(await Call(server, "tenant_invoice", """{"tenantId":"ACME","number":7}"""), PolicyCodes.TenantMismatch, "tenantId");
    }

    [Fact]
    public async Task A_caller_without_the_claim_is_denied_before_anything_else()
    {
        await using (InMemoryServer anonymous = await Start(_ => { }))
        {
            Refusals.AssertSingle(await Call(anonymous, "tenant_report", "{}"), PolicyCodes.IdentityMissing, "");
            Refusals.AssertSingle(await Call(anonymous, "tenant_invoice", """{"tenantId":"acme","number":1,"extra":1}"""), PolicyCodes.IdentityMissing, "");
        }
        await using (InMemoryServer noTenant = await Start(o => o.LocalUser = User("bo")))
        {
            Refusals.AssertSingle(await Call(noTenant, "tenant_report", "{}"), PolicyCodes.IdentityMissing, "");
        }
    }

    [Fact]
    public async Task The_profile_follows_the_callers_role()
    {
        await using InMemoryServer server = await Start(o =>
        {
            o.LocalUser = User("carol", role: "auditor");
            o.ProfileSelector = user => user?.IsInRole("auditor") == true ? "local-code-audit" : null;
        });

        var listed = (await server.Client.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).ToHashSet();
        Assert.Contains("ping", listed);
        Assert.DoesNotContain("doc_write", listed);
        Refusals.AssertSingle(await Call(server, "doc_write", """{"path":"a.md","text":"x"}"""), PolicyCodes.ToolNotAllowed, "");
    }

    [Fact]
    public async Task A_rate_limit_counts_every_call_including_malformed_ones_and_only_for_its_tool()
    {
        await using InMemoryServer server = await Start(o => o.RateLimits.Add(new ToolRateLimit("ping", 3, TimeSpan.FromMinutes(5))));

        Refusals.AssertOk(await Call(server, "ping", "{}"));
        Refusals.AssertSingle(await Call(server, "ping", """{"flood":1}"""), "argument.unknown_field", "flood");
        Refusals.AssertSingle(await Call(server, "ping", """{"flood":2}"""), "argument.unknown_field", "flood");
        CallToolResult limited = await Call(server, "ping", "{}");

        Refusals.AssertSingle(limited, PolicyCodes.RateLimited, "");
        Assert.Contains("Wait", Refusals.Text(limited), StringComparison.Ordinal);
        Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
    }

    [Fact]
    public async Task A_wildcard_limit_applies_to_each_tool_separately()
    {
        await using InMemoryServer server = await Start(o => o.RateLimits.Add(new ToolRateLimit("*", 1, TimeSpan.FromMinutes(5))));

        Refusals.AssertOk(await Call(server, "ping", "{}"));
        Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
        Refusals.AssertSingle(await Call(server, "ping", "{}"), PolicyCodes.RateLimited, "");
    }

    [Fact]
    public async Task A_malformed_limit_stops_the_host() =>
        await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            Start(o => o.RateLimits.Add(new ToolRateLimit("ping", 0, TimeSpan.FromSeconds(1)))));
}
