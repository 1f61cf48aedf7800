using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using TypedTools.Policy;
using TypedTools.Tests.Harness;

namespace TypedTools.Tests.Http;

/// <summary>A replica of a TypedTools server over HTTP on loopback, with header authentication, Redis state and a PostgreSQL audit.</summary>
public static class Replicas
{
    /// <summary>Starts one; <paramref name="services"/> adds the tools' dependencies, <paramref name="policy"/> more policy.</summary>
    public static async Task<(WebApplication App, Uri Endpoint)> StartAsync(string name, string redis, string redisPrefix, string database,
        Action<IServiceCollection> services, Action<TypedToolsOptions>? policy, CancellationToken cancellationToken)
    {
        int port = LoopbackPorts.Free();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(HeaderAuthentication.Name).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.Name, null);
        services(builder.Services);
        builder.Services.AddTypedToolsRedisState(redis, prefix: redisPrefix);
        builder.Services.AddTypedToolsPostgresAudit(database, o => o.ChainId = name);
        builder.Services.AddMcpServer().WithTypedToolsHttpTransport().WithTypedTools(o =>
        {
            o.AddRoot("docs", InMemoryServer.DocsRoot);
            policy?.Invoke(o);
        });
        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.MapTypedToolsMcp();
        await app.StartAsync(cancellationToken);
        return (app, new Uri($"http://127.0.0.1:{port}/mcp"));
    }

    /// <summary>A client of <paramref name="endpoint"/> authenticated as <paramref name="user"/> (of <paramref name="tenant"/>, if given).</summary>
    public static Task<McpClient> ConnectAsync(Uri endpoint, string user, string? tenant, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string> { ["X-Test-User"] = user };
        if (tenant is not null)
        {
            headers["X-Test-Tenant"] = tenant;
        }
        return McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, AdditionalHeaders = headers }), cancellationToken: cancellationToken);
    }
}
