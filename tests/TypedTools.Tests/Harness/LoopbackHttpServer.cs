using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypedTools.Tests.Harness;

/// <summary>
/// A minimal HTTP/1.1 server on a loopback address for the network tests: one response per request, chosen by
/// path, and a record of every request it saw (so a test can prove that a refused call never connected).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, string> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="respond">From a request path to the whole raw response (status line, headers, body).</param>
    /// <param name="address">The loopback address to listen on.</param>
    public LoopbackHttpServer(Func<string, string> respond, IPAddress? address = null)
    {
        _respond = respond;
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every request line and Host header seen, in order.</summary>
    public ConcurrentQueue<(string Path, string Host)> Requests { get; } = new();

    /// <summary>Every request body seen, in order.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>A plain 200 response with a text body.</summary>
    public static string Ok(string body) =>
        $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    /// <summary>A redirect.</summary>
    public static string Redirect(string location, int status = 302) =>
        $"HTTP/1.1 {status} Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (_stop.IsCancellationRequested)
            {
                // Stopping the listener can abort the pending accept before the token's cancellation is seen.
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            var received = new List<byte>();
            byte[] buffer = new byte[4096];
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(received)) < 0)
            {
                int read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                received.AddRange(buffer.AsSpan(0, read));
            }
            string[] lines = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray()).Split("\r\n");
            string path = lines[0].Split(' ')[1];
            string Header(string name) => lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim() ?? "";
            // Read the whole body before answering: closing with unread bytes would reset the connection.
            int length = int.TryParse(Header("Content-Length"), out int declared) ? declared : 0;
            while (received.Count - headEnd - 4 < length)
            {
                int read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }
                received.AddRange(buffer.AsSpan(0, read));
            }
            string body = Encoding.UTF8.GetString(received.GetRange(headEnd + 4, Math.Min(length, received.Count - headEnd - 4)).ToArray());
            Requests.Enqueue((path, Header("Host")));
            Bodies.Enqueue(body);
            byte[] response = Encoding.UTF8.GetBytes(_respond(path));
            await stream.WriteAsync(response, _stop.Token);
        }
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (int i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        _stop.Dispose();
    }
}
