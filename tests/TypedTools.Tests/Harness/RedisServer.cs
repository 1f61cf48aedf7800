using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TypedTools.Tests.Harness;

/// <summary>
/// A private redis-server for one test class, on a free loopback port, with no persistence; killed on dispose. From
/// Debian's <c>redis-server</c> package (.ci/run installs it when missing).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string that fails fast when the server is gone.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000,connectRetry=1";

    /// <summary>Starts a server; fails with how to install Redis when it is missing.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        int port = LoopbackPorts.Free();
        var server = new RedisServer(Launch(port), port);
        await server.WaitUntilReadyAsync(cancellationToken);
        return server;
    }

    /// <summary>Kills the server (an outage).</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Starts it again on the same port (empty: it keeps nothing).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        _process.Dispose();
        _process = Launch(Port);
        await WaitUntilReadyAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Process Launch(int port)
    {
        string program = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server was not found. Install it with: apt-get install -y redis-server   (.ci/run does this when it is missing).");
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                NetworkStream stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
                byte[] reply = new byte[7];
                int read = await stream.ReadAsync(reply, cancellationToken);
                if (read >= 5 && System.Text.Encoding.ASCII.GetString(reply, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // not listening yet
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new InvalidOperationException($"redis-server did not answer on port {Port}.");
    }
}
