using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using Xunit;

namespace TypedTools.Tests.Harness;

/// <summary>A test class that calls this assembly's tools through a real client and server in memory, a fresh pair per test.</summary>
public abstract class ShapeToolsServerTests : IAsyncLifetime
{
    protected InMemoryServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter, Tools.Counter>());

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Calls <paramref name="tool"/> with the arguments object <paramref name="json"/>.</summary>
    protected Task<CallToolResult> Call(string tool, string json) =>
        Server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: TestContext.Current.CancellationToken).AsTask();

    /// <summary>Calls <paramref name="tool"/> with the arguments <paramref name="json"/>, changed by those of <paramref name="change"/>.</summary>
    protected Task<CallToolResult> Call(string tool, string json, string change) =>
        Server.Client.CallToolAsync(tool, Json.Args(json, change), cancellationToken: TestContext.Current.CancellationToken).AsTask();

    /// <summary>The tool <paramref name="name"/> as <c>tools/list</c> publishes it.</summary>
    protected async Task<Tool> Published(string name) =>
        (await Server.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Single(t => t.Name == name).ProtocolTool;

    /// <summary>Calls <paramref name="tool"/> with <paramref name="json"/> changed by <paramref name="change"/>; asserts its one refusal.</summary>
    protected async Task AssertRefused(string tool, string json, string change, string code, string field) =>
        Refusals.AssertSingle(await Call(tool, json, change), code, field);
}
