using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Http;

/// <summary>A test authentication scheme: the caller's name, role and tenant come from request headers.</summary>
public sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "TestHeaders";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue("X-Test-User", out var user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, user.ToString()), new(ClaimTypes.NameIdentifier, user.ToString()) };
        claims.AddRange(Request.Headers["X-Test-Role"].Select(r => new Claim(ClaimTypes.Role, r!)));
        claims.AddRange(Request.Headers["X-Test-Tenant"].Select(t => new Claim("tenant", t!)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Name)), Name)));
    }
}

/// <summary>
/// TypedTools over MCP Streamable HTTP (ASP.NET Core, the SDK's transport, a real HTTP client on loopback): DNS-rebinding
/// protection by default, and the authenticated caller driving the policy (profile by role, tenant binding, the tools
/// each caller is shown).
/// </summary>
public sealed class HttpHostingTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _endpoint = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        int port = LoopbackPorts.Free();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(HeaderAuthentication.Name).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.Name, null);
        builder.Services.AddSingleton<Tools.ICounter>(new Tools.Counter());
        builder.Services.AddMcpServer()
            .WithTypedToolsHttpTransport()
            .WithTypedTools(policy =>
            {
                policy.AddRoot("docs", InMemoryServer.DocsRoot);
                // Readers work under the read-only research profile; everyone else under none.
                policy.ProfileSelector = user => user?.IsInRole("reader") == true ? TypedTools.Policy.Profiles.ToolProfiles.ResearchSummary.Name : null;
            });
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapTypedToolsMcp();
        await _app.StartAsync(Ct);
        _endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task<McpClient> Connect(string user, string? role = null, string? tenant = null, Confirmations? person = null)
    {
        var headers = new Dictionary<string, string> { ["X-Test-User"] = user };
        if (role is not null)
        {
            headers["X-Test-Role"] = role;
        }
        if (tenant is not null)
        {
            headers["X-Test-Tenant"] = tenant;
        }
        return McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = _endpoint, AdditionalHeaders = headers }),
            person?.ClientOptions(), cancellationToken: Ct);
    }

    [Fact]
    public async Task Each_caller_sees_and_may_call_what_its_role_allows()
    {
        await using McpClient reader = await Connect("alice", role: "reader");
        await using McpClient writer = await Connect("bob", role: "editor");

        IList<McpClientTool> readerTools = await reader.ListToolsAsync(cancellationToken: Ct);
        IList<McpClientTool> writerTools = await writer.ListToolsAsync(cancellationToken: Ct);
        Assert.DoesNotContain(readerTools, t => t.Name == "doc_write");
        Assert.Contains(writerTools, t => t.Name == "doc_write");
        Assert.Contains(readerTools, t => t.Name == "doc_read");

        CallToolResult refused = await reader.CallToolAsync("doc_write", Json.Args("""{"path":"x.md","text":"t"}"""), cancellationToken: Ct);
        Refusals.AssertSingle(refused, PolicyCodes.ToolNotAllowed, "");
    }

    [Fact]
    public async Task Confirmation_over_HTTP_is_the_sealed_multi_round_trip_flow()
    {
        var yes = Confirmations.Yes();
        await using McpClient confirming = await Connect("erin", role: "editor", person: yes);
        await using McpClient declining = await Connect("frank", role: "editor", person: Confirmations.Decline());

        Assert.Equal("2026-07-28", confirming.NegotiatedProtocolVersion);
        Refusals.AssertOk(await confirming.CallToolAsync("doc_write", Json.Args("""{"path":"http.md","text":"over http"}"""), cancellationToken: Ct));
        Assert.Contains("Tool: doc_write", Assert.Single(yes.Asked).Message, StringComparison.Ordinal);
        Refusals.AssertSingle(await declining.CallToolAsync("doc_write", Json.Args("""{"path":"http2.md","text":"no"}"""), cancellationToken: Ct),
            PolicyCodes.ConfirmationDeclined, "");
        Assert.False(File.Exists(Path.Join(InMemoryServer.DocsRoot, "http2.md")));
    }

    [Fact]
    public async Task Authorize_on_a_generated_tool_is_enforced_by_the_SDKs_filters()
    {
        await using McpClient admin = await Connect("grace", role: "admin");
        await using McpClient editor = await Connect("heidi", role: "editor");

        Assert.Contains(await admin.ListToolsAsync(cancellationToken: Ct), t => t.Name == "admin_reset");
        Assert.DoesNotContain(await editor.ListToolsAsync(cancellationToken: Ct), t => t.Name == "admin_reset");
        Assert.Equal("reset", Refusals.Text(await admin.CallToolAsync("admin_reset", cancellationToken: Ct)));
        var forbidden = await Assert.ThrowsAnyAsync<ModelContextProtocol.McpException>(() => editor.CallToolAsync("admin_reset", cancellationToken: Ct).AsTask());
        Assert.Contains("forbidden", forbidden.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Claims_bind_arguments_to_the_callers_tenant()
    {
        await using McpClient acme = await Connect("carol", tenant: "acme");
        await using McpClient nobody = await Connect("dave");

        CallToolResult own = await acme.CallToolAsync("tenant_invoice", Json.Args("""{"tenantId":"acme","number":7}"""), cancellationToken: Ct);
        Refusals.AssertOk(own);
        Refusals.AssertSingle(await acme.CallToolAsync("tenant_invoice", Json.Args("""{"tenantId":"globex","number":7}"""), cancellationToken: Ct),
            PolicyCodes.TenantMismatch, "tenantId");
        Assert.Equal("report for acme in 2026", Refusals.Text(await acme.CallToolAsync("tenant_report", cancellationToken: Ct)));
        Refusals.AssertSingle(await nobody.CallToolAsync("tenant_report", cancellationToken: Ct), PolicyCodes.IdentityMissing, "");
    }

    [Theory]
    [InlineData("evil.example", null)]
    [InlineData("127.0.0.1", "http://evil.example")]
    [InlineData("attacker.127.0.0.1.nip.io", null)]
    public async Task Requests_naming_another_host_or_origin_are_refused_before_MCP_sees_them(string host, string? origin)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = host;
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        using HttpResponseMessage response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Forbidden", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loopback_origin_and_host_reach_the_server()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://localhost:6274");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using HttpResponseMessage response = await http.SendAsync(request, Ct);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
