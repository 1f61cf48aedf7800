using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Audit;
using TypedTools.Policy;

namespace TypedTools.Testing.RedTeam;

/// <summary>The person at the client, as an attack scripts them.</summary>
internal enum Person
{
    /// <summary>The client cannot ask anyone (no elicitation capability).</summary>
    Absent,
    /// <summary>Ticks the box and accepts.</summary>
    Accepts,
    /// <summary>Declines.</summary>
    Declines,
    /// <summary>Closes the question.</summary>
    Cancels,
    /// <summary>Accepts the form without ticking the box.</summary>
    AcceptsUnticked,
}

/// <summary>
/// A real MCP server with the tools under attack and a real <see cref="McpClient"/>, joined by in-memory pipes; its
/// audit records are kept in memory so every refusal can be found there.
/// </summary>
internal sealed class AttackServer : IAsyncDisposable
{
    private readonly IHost _host;

    private AttackServer(IHost host, McpClient client, AuditRecorder audit, KitClock clock)
    {
        _host = host;
        Client = client;
        Audit = audit;
        Clock = clock;
    }

    /// <summary>The server's clock, which a case may move forward.</summary>
    public KitClock Clock { get; }

    public McpClient Client { get; }

    public AuditRecorder Audit { get; }

    public static async Task<AttackServer> StartAsync(IReadOnlyList<McpServerTool> tools, RedTeamOptions options, Action<TypedToolsOptions> kitPolicy,
        Person person, string? profile, CancellationToken cancellationToken)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var audit = new AuditRecorder();
        var clock = new KitClock();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        options.Services?.Invoke(builder.Services);
        builder.Services.AddSingleton<IAuditSink>(audit);
        builder.Services.AddSingleton<TimeProvider>(clock);
        IMcpServerBuilder mcp = builder.Services.AddMcpServer()
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        TypedToolsRegistration.AddTypedTools(mcp, tools, policy =>
        {
            options.Policy?.Invoke(policy);
            kitPolicy(policy);
            if (profile is not null)
            {
                policy.Profile = profile;
                policy.ProfileSelector = null;
            }
        });
        IHost host = builder.Build();
        await host.StartAsync(cancellationToken);

        var clientOptions = new McpClientOptions();
        if (person != Person.Absent)
        {
            clientOptions.Handlers = new McpClientHandlers { ElicitationHandler = (_, _) => ValueTask.FromResult(Answer(person)) };
        }
        McpClient client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()), clientOptions, cancellationToken: cancellationToken);
        return new AttackServer(host, client, audit, clock);
    }

    /// <summary>Calls a tool the way an ordinary client does (the SDK answers confirmations through the scripted person).</summary>
    public async Task<JsonObject> CallAsync(string tool, JsonObject arguments, CancellationToken cancellationToken)
    {
        var dictionary = KitTool.Elements(arguments).ToDictionary(p => p.Key, p => (object?)p.Value);
        CallToolResult result = await Client.CallToolAsync(tool, dictionary, cancellationToken: cancellationToken);
        return (JsonObject)JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult)))!;
    }

    /// <summary>Sends <c>tools/call</c> with parameters of the attacker's choosing, exactly as given (raw arguments, states, answers).</summary>
    public async Task<JsonObject> SendAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        JsonRpcResponse response = await Client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsCall, Params = parameters }, cancellationToken);
        return response.Result as JsonObject ?? throw new InvalidDataException("tools/call answered without a result object.");
    }

    /// <summary>The names <c>tools/list</c> shows this client.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await Client.ListToolsAsync(cancellationToken: cancellationToken)).Select(t => t.Name)];

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }

    private static ElicitResult Answer(Person person) => person switch
    {
        Person.Accepts => Accept(true),
        Person.AcceptsUnticked => Accept(false),
        Person.Declines => new ElicitResult { Action = "decline" },
        _ => new ElicitResult { Action = "cancel" },
    };

    private static ElicitResult Accept(bool run) => new()
    {
        Action = "accept",
        Content = new Dictionary<string, JsonElement> { [Policy.Confirmation.ConfirmationGate.Key] = run ? JsonElement.Parse("true") : JsonElement.Parse("false") },
    };

    /// <summary>Loopback for every name: a URL that passes its check still reaches nothing outside the machine.</summary>
    internal static Task<IPAddress[]> ResolveToLoopback(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { IPAddress.Loopback });
}

/// <summary>Keeps every audit record of the server in memory.</summary>
internal sealed class AuditRecorder : IAuditSink
{
    public ConcurrentQueue<AuditRecord> Records { get; } = new();

    public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        Records.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The system clock, plus however far a case moved it forward.</summary>
internal sealed class KitClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
