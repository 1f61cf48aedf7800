using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Policy;

namespace TypedTools.Tests.Harness;

/// <summary>
/// A real MCP server (this assembly's generated tools, registered with WithTypedTools) and a real McpClient,
/// connected by in-memory pipes: the whole protocol path, without a process per test.
/// </summary>
public sealed class InMemoryServer : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly CancellationTokenSource _stop = new();

    private InMemoryServer(IHost host, McpClient client)
    {
        _host = host;
        Client = client;
    }

    /// <summary>The connected client.</summary>
    public McpClient Client { get; }

    /// <summary>A directory for the "docs" path root the test tools use, created once per run.</summary>
    public static string DocsRoot { get; } = TempDirectories.Create("typedtools-docs-");

    /// <summary>
    /// Starts a server with the given tools (by default this assembly's generated tools, with the "docs" root
    /// and whatever <paramref name="policy"/> adds).
    /// </summary>
    public static async Task<InMemoryServer> StartAsync(Action<IServiceCollection>? services = null, Action<IMcpServerBuilder>? tools = null,
        Action<TypedToolsOptions>? policy = null, McpClientOptions? client = null)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        services?.Invoke(builder.Services);
        IMcpServerBuilder mcp = builder.Services.AddMcpServer()
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        (tools ?? (b => b.WithTypedTools(o =>
        {
            o.AddRoot("docs", DocsRoot);
            policy?.Invoke(o);
        }))).Invoke(mcp);
        IHost host = builder.Build();
        await host.StartAsync();
        McpClient connected = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()), client);
        return new InMemoryServer(host, connected);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
        _stop.Dispose();
    }
}
