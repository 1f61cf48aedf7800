using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workspace.Http;
using Workspace.Server;

// HTTP options first; the rest are the stdio sample's (--workspace, --outbox, --allow-domain...).
int port = 5000;
string? redis = null, postgres = null, replica = null;
var keys = new Dictionary<string, string>(StringComparer.Ordinal);
var hosts = new List<string>();
var rest = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    string? Next() => i + 1 < args.Length ? args[++i] : null;
    switch (args[i])
    {
        case "--port": port = int.Parse(Next() ?? "5000", System.Globalization.CultureInfo.InvariantCulture); break;
        case "--redis": redis = Next(); break;
        case "--postgres": postgres = Next(); break;
        case "--replica": replica = Next(); break;
        case "--allow-host": hosts.Add(Next() ?? ""); break;
        case "--key" when Next() is { } key && key.Contains('='): keys[key[..key.IndexOf('=')]] = key[(key.IndexOf('=') + 1)..]; break;
        default: rest.Add(args[i]); break;
    }
}
WorkspaceOptions? options = WorkspaceOptions.Parse([.. rest], out string? error);
if (options is null || keys.Count == 0)
{
    Console.Error.WriteLine($"Workspace.Http: {error ?? "give at least one --key KEY=name[:role,...][@tenant]"}");
    Console.Error.WriteLine("HTTP options: --port N, --key KEY=name[:roles][@tenant] (repeatable), --allow-host NAME (repeatable), --redis HOST:PORT, --postgres CONNECTION, --replica NAME");
    return 2;
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseLoopbackUnlessConfigured(port);
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddSingleton(options);
builder.Services.AddAuthentication(BearerKeys.Name).AddScheme<BearerKeys.KeyOptions, BearerKeys>(BearerKeys.Name, o =>
{
    foreach ((string key, string who) in keys)
    {
        o.Keys[key] = BearerKeys.Principal(who);
    }
});
// Replicas share confirmations, flow sessions and rate limits through Redis, and write one central audit.
if (redis is not null)
{
    builder.Services.AddTypedToolsRedisState(redis);
}
if (postgres is not null)
{
    builder.Services.AddTypedToolsPostgresAudit(postgres, o => o.ChainId = replica);
}
byte[]? confirmationKey = Environment.GetEnvironmentVariable("TYPEDTOOLS_CONFIRMATION_KEY") is { Length: > 0 } hex ? Convert.FromHexString(hex) : null;
builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "workspace-http", Version = "0.1.0" })
    .WithTypedToolsHttpTransport(http =>
    {
        foreach (string host in hosts)
        {
            http.AllowedHosts.Add(host);
        }
    })
    .WithTypedTools(policy =>
    {
        policy.AddRoot(WorkspaceTools.Root, options.Workspace);
        policy.AddDomains("fetch", options.AllowedDomains);
        policy.Audit.JsonLinesPath = options.Audit.FirstOrDefault(a => a.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase));
        // Replicas must seal confirmations with one key, or a state sealed by one is refused by the other.
        policy.Confirmation.Key = confirmationKey;
        // Readers work under the read-only research profile.
        policy.ProfileSelector = user => user?.IsInRole("reader") == true ? "research-summary" : null;
    });

WebApplication app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
// Every caller authenticates: an anonymous request gets 401 before MCP sees it.
app.MapTypedToolsMcp("/mcp").RequireAuthorization();
await app.RunAsync();
return 0;
