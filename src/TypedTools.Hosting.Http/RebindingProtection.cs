using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace TypedTools.Hosting.Http;

/// <summary>
/// DNS-rebinding protection for the MCP endpoint: the <c>Host</c> header must name an allowed host (loopback by
/// default) and a browser's <c>Origin</c> an allowed origin. Anything else is refused with 403 and a JSON-RPC error
/// before the MCP handler sees the request.
/// </summary>
internal sealed class RebindingProtection(IOptions<TypedToolsHttpOptions> options) : IEndpointFilter
{
    private static readonly string[] s_loopbackHosts = ["localhost", "127.0.0.1", "[::1]", "::1"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpRequest request = context.HttpContext.Request;
        string host = request.Host.Host;
        if (!HostAllowed(host))
        {
            return Refuse(context.HttpContext, $"The Host '{host}' is not served here.");
        }
        string? origin = request.Headers.Origin;
        if (!string.IsNullOrEmpty(origin) && !OriginAllowed(origin))
        {
            return Refuse(context.HttpContext, $"Requests from the origin '{origin}' are not accepted.");
        }
        return await next(context).ConfigureAwait(false);
    }

    private bool HostAllowed(string host) =>
        options.Value.AllowedHosts.Count == 0
            ? s_loopbackHosts.Contains(host, StringComparer.OrdinalIgnoreCase)
            : options.Value.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);

    private bool OriginAllowed(string origin)
    {
        if (options.Value.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        // With no origins listed, a page served from this machine's loopback may call it (a local inspector).
        return options.Value.AllowedOrigins.Count == 0 && Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) &&
               (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address)));
    }

    private static IResult Refuse(HttpContext context, string message)
    {
        string body = JsonSerializer.Serialize(new RebindingError(message), RebindingJson.Default.RebindingError);
        return Microsoft.AspNetCore.Http.Results.Content(body, "application/json", statusCode: StatusCodes.Status403Forbidden);
    }
}

internal sealed record RebindingError(string Message)
{
    public string JsonRpc => "2.0";

    public object? Id => null;

    public RebindingErrorDetail Error => new(-32600, "Forbidden: " + Message);
}

internal sealed record RebindingErrorDetail(int Code, string Message);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(RebindingError))]
internal sealed partial class RebindingJson : System.Text.Json.Serialization.JsonSerializerContext;
