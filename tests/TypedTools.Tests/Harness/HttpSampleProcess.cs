using System.Diagnostics;

namespace TypedTools.Tests.Harness;

/// <summary>samples/Workspace.Http as a separate process on a free loopback port, killed (SIGKILL) on dispose or on demand.</summary>
public sealed class HttpSampleProcess : IDisposable
{
    private readonly Process _process;

    private HttpSampleProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>The MCP endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts the sample with <paramref name="arguments"/> (besides --port) and waits until it answers HTTP.</summary>
    public static async Task<HttpSampleProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        int port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        foreach (string argument in new[] { BuildFacts.Get("WorkspaceHttp"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new HttpSampleProcess(process, new Uri($"http://127.0.0.1:{port}/mcp"));
        using var http = new HttpClient();
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using HttpResponseMessage _ = await http.PostAsync(server.Endpoint, new StringContent("{}"), cancellationToken);
                return server; // any answer: it is listening
            }
            catch (HttpRequestException) when (attempt < 200 && !process.HasExited)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
