using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TypedTools.Hosting.Http;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Serves TypedTools tools over MCP Streamable HTTP.</summary>
    public static class TypedToolsHttpServiceExtensions
    {
        /// <summary>
        /// The SDK's Streamable HTTP transport plus TypedTools' HTTP protection options. The caller's identity
        /// (<c>HttpContext.User</c>, from whatever authentication the app configures) reaches every policy decision:
        /// profiles by role, claim-bound arguments, per-caller rate limits and flow state, and the tools each caller is shown.
        /// ASP.NET Core's <c>[Authorize]</c> and <c>[AllowAnonymous]</c> on tools are honoured by the SDK's authorization filters.
        /// </summary>
        public static IMcpServerBuilder WithTypedToolsHttpTransport(this IMcpServerBuilder builder, Action<TypedToolsHttpOptions>? configure = null)
        {
            builder.WithHttpTransport();
            // [Authorize] on a tool method or its type travels in the generated tool's metadata; the SDK's filters enforce it.
            builder.AddAuthorizationFilters();
            builder.Services.AddAuthorization();
            builder.Services.AddOptions<TypedToolsHttpOptions>();
            if (configure is not null)
            {
                builder.Services.Configure(configure);
            }
            builder.Services.AddSingleton<RebindingProtection>();
            return builder;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps the MCP endpoint with TypedTools' protections.</summary>
    public static class TypedToolsHttpEndpointExtensions
    {
        /// <summary>Maps MCP Streamable HTTP at <paramref name="pattern"/>, refusing requests whose Host or Origin is not allowed (DNS rebinding).</summary>
        public static IEndpointConventionBuilder MapTypedToolsMcp(this IEndpointRouteBuilder endpoints, string pattern = "/mcp") =>
            endpoints.MapMcp(pattern).AddEndpointFilter(endpoints.ServiceProvider.GetRequiredService<RebindingProtection>());

        /// <summary>Listens on loopback only (<c>127.0.0.1</c>) at <paramref name="port"/> unless URLs were configured: a server is not exposed by accident.</summary>
        public static IWebHostBuilder UseLoopbackUnlessConfigured(this IWebHostBuilder builder, int port = 5000)
        {
            if (string.IsNullOrEmpty(builder.GetSetting(WebHostDefaults.ServerUrlsKey)))
            {
                builder.UseUrls($"http://127.0.0.1:{port}");
            }
            return builder;
        }
    }
}
