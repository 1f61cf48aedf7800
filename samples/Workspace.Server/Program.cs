using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workspace.Server;

WorkspaceOptions? options = WorkspaceOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine($"Workspace.Server: {error}");
    return 2;
}

HostApplicationBuilder builder = Host.CreateApplicationBuilder();
// stdout is the protocol channel: every log line goes to stderr.
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddSingleton(options);
foreach (string database in options.Audit.Where(a => a.EndsWith(".db", StringComparison.OrdinalIgnoreCase)))
{
    builder.Services.AddTypedToolsSqliteAudit(database);
}
builder.Services
    .AddMcpServer(o => o.ServerInfo = new() { Name = "workspace", Version = "0.1.0" })
    .WithStdioServerTransport()
    .WithTypedTools(policy =>
    {
        policy.AddRoot(WorkspaceTools.Root, options.Workspace);
        policy.AddDomains("fetch", options.AllowedDomains);
        foreach (string destination in options.ApprovedDestinations)
        {
            policy.Flow.ApprovedDestinations.Add(destination);
        }
        foreach (System.Net.IPNetwork network in options.PrivateNetworks)
        {
            policy.Http.AllowedPrivateNetworks.Add(network);
        }
        policy.Profile = options.Profile;
        policy.Audit.JsonLinesPath = options.Audit.FirstOrDefault(a => a.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase));
    });

try
{
    await builder.Build().RunAsync();
}
catch (OptionsValidationException invalid)
{
    // The policy configuration does not fit the tools (an unknown profile, a missing root): stop before serving.
    foreach (string failure in invalid.Failures)
    {
        Console.Error.WriteLine($"Workspace.Server: {failure}");
    }
    return 2;
}
return 0;
