using System.Diagnostics;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedTools.Tests.Harness;

/// <summary>
/// samples/Workspace.Server on a workspace the test prepared, with the client speaking over the process's own pipes,
/// so that the test holds the process (to kill it mid-burst, for example).
/// </summary>
public sealed class OwnedServerProcess : IAsyncDisposable
{
    private OwnedServerProcess(Process process, McpClient client)
    {
        Process = process;
        Client = client;
    }

    public Process Process { get; }

    public McpClient Client { get; }

    public static async Task<OwnedServerProcess> StartAsync(string workspace, string outbox, McpClientOptions? client, IEnumerable<string> extra, CancellationToken cancellationToken)
    {
        Process process = Process.Start(WorkspaceServerProcess.StartInfo(workspace, outbox, [.. extra]))!;
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        McpClient connected = await McpClient.CreateAsync(new StreamClientTransport(process.StandardInput.BaseStream, process.StandardOutput.BaseStream),
            client, cancellationToken: cancellationToken);
        return new OwnedServerProcess(process, connected);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        await Process.WaitForExitAsync();
        _ = Client.DisposeAsync().AsTask();
        Process.Dispose();
    }
}
