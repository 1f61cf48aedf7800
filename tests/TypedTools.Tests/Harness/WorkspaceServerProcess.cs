using ModelContextProtocol.Client;

namespace TypedTools.Tests.Harness;

/// <summary>samples/Workspace.Server started as its own process over stdio, with a temporary workspace, and an McpClient.</summary>
public sealed class WorkspaceServerProcess : IAsyncDisposable
{
    private WorkspaceServerProcess(string workspace, string outbox, McpClient client)
    {
        Workspace = workspace;
        Outbox = outbox;
        Client = client;
    }

    /// <summary>The temporary workspace directory.</summary>
    public string Workspace { get; }

    /// <summary>The file send_message delivers to.</summary>
    public string Outbox { get; }

    /// <summary>The connected client.</summary>
    public McpClient Client { get; }

    /// <summary>The built server assembly (the test project builds the sample first).</summary>
    public static string ServerPath =>
        BuildFacts.Get("WorkspaceServer");

    /// <summary>
    /// The Native AOT build of the server to test instead of the JIT build: <c>.ci/run</c> publishes it and runs the
    /// end-to-end tests again with <c>TYPEDTOOLS_NATIVE_SERVER</c> set to the binary. Null for the JIT build.
    /// </summary>
    public static string? NativeServer =>
        Environment.GetEnvironmentVariable("TYPEDTOOLS_NATIVE_SERVER") is { Length: > 0 } path
            ? File.Exists(path) ? path : throw new FileNotFoundException("TYPEDTOOLS_NATIVE_SERVER names no file (publish the sample with -r linux-x64 first).", path)
            : null;

    /// <summary>The server's command line: the native binary, or <c>dotnet</c> with the built assembly.</summary>
    public static (string Command, List<string> Arguments) CommandLine(string workspace, string outbox, params string[] extra) =>
        NativeServer is { } native
            ? (native, ["--workspace", workspace, "--outbox", outbox, .. extra])
            : ("dotnet", [ServerPath, "--workspace", workspace, "--outbox", outbox, .. extra]);

    /// <summary>A start for the server process with all three standard streams redirected (for tests that hold the process).</summary>
    public static System.Diagnostics.ProcessStartInfo StartInfo(string workspace, string outbox, params string[] extra)
    {
        (string command, List<string> arguments) = CommandLine(workspace, outbox, extra);
        var start = new System.Diagnostics.ProcessStartInfo(command) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ForEach(start.ArgumentList.Add);
        return start;
    }

    public static Task<WorkspaceServerProcess> StartAsync(params string[] extra) => StartAsync((McpClientOptions?)null, null, extra);

    /// <summary>Starts the server with extra environment variables.</summary>
    public static Task<WorkspaceServerProcess> StartAsync(IDictionary<string, string?> environment, params string[] extra) => StartAsync(null, environment, extra);

    /// <summary>Starts the server; <paramref name="client"/> sets the client's handlers (for example a person who answers confirmations).</summary>
    public static Task<WorkspaceServerProcess> StartAsync(McpClientOptions? client, params string[] extra) => StartAsync(client, null, extra);

    private static async Task<WorkspaceServerProcess> StartAsync(McpClientOptions? client, IDictionary<string, string?>? environment, string[] extra)
    {
        string root = TempDirectories.Create("typedtools-e2e-");
        string workspace = Directory.CreateDirectory(Path.Combine(root, "workspace")).FullName;
        string outbox = Path.Combine(root, "outbox.jsonl");
        (string command, List<string> arguments) = CommandLine(workspace, outbox, extra);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "workspace",
            Command = command,
            Arguments = arguments,
            EnvironmentVariables = environment is null ? null : new Dictionary<string, string?>(environment),
        });
        McpClient connected = await McpClient.CreateAsync(transport, client);
        return new WorkspaceServerProcess(workspace, outbox, connected);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(Workspace)!, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary directory
        }
    }
}
