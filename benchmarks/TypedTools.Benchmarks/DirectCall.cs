using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Audit;
using TypedTools.Policy;

namespace TypedTools.Benchmarks;

/// <summary>
/// One generated tool of this assembly with a server's services and a <c>tools/call</c> request for it, called directly:
/// no transport, so a suite measures the tool's pipeline alone. The audit goes to <paramref name="sink"/>, or to the
/// default (log-event) sink when it is null.
/// </summary>
internal sealed class DirectCall(string tool, Dictionary<string, JsonElement> arguments, IAuditSink? sink = null, Action<TypedToolsOptions>? configure = null)
    : IDisposable
{
    public ServiceProvider Services { get; } = BuildServices(tool, sink, configure);

    public McpServerTool Tool { get; } = Microsoft.Extensions.DependencyInjection.TypedToolsMcpServerBuilderExtensions.CreateTypedTools().Single(t => t.ProtocolTool.Name == tool);

    public RequestContext<CallToolRequestParams> Context => _context ??= new RequestContext<CallToolRequestParams>(Server, new JsonRpcRequest { Method = "tools/call" },
        new CallToolRequestParams { Name = tool, Arguments = arguments }) { Services = Services };

    private McpServer Server => _server ??= McpServer.Create(new StreamServerTransport(Stream.Null, Stream.Null), new McpServerOptions(), serviceProvider: Services);

    private McpServer? _server;
    private RequestContext<CallToolRequestParams>? _context;

    public void Dispose()
    {
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Services.Dispose();
    }

    private static ServiceProvider BuildServices(string tool, IAuditSink? sink, Action<TypedToolsOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (sink is not null)
        {
            services.AddSingleton(sink);
        }
        services.AddMcpServer().WithTypedTools(configure, t => t.ProtocolTool.Name == tool);
        return services.BuildServiceProvider();
    }
}
