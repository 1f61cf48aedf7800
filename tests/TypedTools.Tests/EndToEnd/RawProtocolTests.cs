using System.Diagnostics;
using System.Text.Json;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.EndToEnd;

/// <summary>
/// What no SDK client can send: a top-level argument repeated in the same object. Written as raw JSON-RPC
/// lines on the server's stdin, as any client (or attacker) could.
/// </summary>
public sealed class RawProtocolTests
{
    [Fact]
    public async Task A_repeated_top_level_argument_is_refused_not_resolved()
    {
        string root = Directory.CreateTempSubdirectory("typedtools-raw-").FullName;
        string workspace = Directory.CreateDirectory(Path.Combine(root, "ws")).FullName;
        File.WriteAllText(Path.Combine(workspace, "public.txt"), "public");
        File.WriteAllText(Path.Combine(workspace, "secret.txt"), "secret");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in WorkspaceServerProcess.Arguments(workspace, Path.Combine(root, "outbox.jsonl")))
        {
            start.ArgumentList.Add(argument);
        }
        using Process server = Process.Start(start)!;
        _ = server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            async Task<JsonElement> Request(string json, int id)
            {
                await server.StandardInput.WriteLineAsync(json);
                await server.StandardInput.FlushAsync();
                while (true)
                {
                    string? line = await server.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken)
                        .AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
                    Assert.NotNull(line);
                    using JsonDocument message = JsonDocument.Parse(line);
                    if (message.RootElement.TryGetProperty("id", out JsonElement got) && got.GetInt32() == id)
                    {
                        return message.RootElement.Clone();
                    }
                }
            }

            await Request("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""", 1);
            await server.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");

            JsonElement response = await Request(
                """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"public.txt","path":"secret.txt"}}}""", 2);

            JsonElement result = response.GetProperty("result");
            Assert.True(result.GetProperty("isError").GetBoolean());
            JsonElement error = result.GetProperty("structuredContent").GetProperty("error");
            Assert.Equal("argument.duplicate_field", error.GetProperty("code").GetString());
            Assert.Equal("path", error.GetProperty("field").GetString());
            Assert.DoesNotContain("secret", result.GetProperty("content")[0].GetProperty("text").GetString());

            JsonElement single = await Request(
                """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"public.txt"}}}""", 3);
            Assert.Equal("public", single.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(root, recursive: true);
        }
    }
}
