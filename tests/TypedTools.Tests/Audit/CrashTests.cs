using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Audit;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>
/// kill -9 during a burst of concurrent calls: the log must hold only readable complete records, at most one
/// torn final line, and a write-ahead record for every call that ran (every file that exists on disk).
/// </summary>
public sealed class CrashTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(150)]
    public async Task A_server_killed_mid_burst_leaves_a_sound_log_with_a_record_for_every_call_that_ran(int killAfterFiles)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string root = Directory.CreateTempSubdirectory("typedtools-crash-").FullName;
        string workspace = Directory.CreateDirectory(Path.Join(root, "ws")).FullName;
        string log = Path.Join(root, "audit.jsonl");
        await using OwnedServerProcess owned = await OwnedServerProcess.StartAsync(workspace, Path.Join(root, "outbox.jsonl"),
            Confirmations.Yes().ClientOptions(), ["--audit", log], ct);
        Process server = owned.Process;
        McpClient client = owned.Client;
        try
        {
            int next = 0;
            var calls = new List<Task>();
            var burst = Task.Run(async () =>
            {
                while (!server.HasExited)
                {
                    var round = Enumerable.Range(0, 64).Select(_ => Interlocked.Increment(ref next)).Select(n =>
                        client.CallToolAsync("write_file", Json.Args($$"""{"path":"f{{n}}.txt","content":"{{n}}"}"""), cancellationToken: ct).AsTask()).ToList();
                    lock (calls)
                    {
                        calls.AddRange(round);
                    }
                    try
                    {
                        await Task.WhenAll(round);
                    }
                    catch (Exception)
                    {
                        return; // the server died under us
                    }
                }
            }, ct);
            // Kill when the burst has made progress (not after a fixed time: a loaded machine may not have started yet).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Directory.GetFiles(workspace, "f*.txt").Length < killAfterFiles && DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(5, ct);
            }
            server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
            await server.WaitForExitAsync(ct);
            await burst.WaitAsync(TimeSpan.FromSeconds(30), ct);

            List<AuditLine> lines = AuditLogReader.ReadJsonLines(log).ToList();
            AuditVerification verification = AuditVerifier.Verify(lines);
            Assert.True(verification.Valid, verification.Problem);
            Assert.True(lines.Count(l => l.Torn) <= 1);

            var writeAhead = lines.Where(l => !l.Torn)
                .Select(l => JsonDocument.Parse(l.Bytes).RootElement)
                .Where(r => r.GetProperty("type").GetString() == "decision" && r.TryGetProperty("decision", out JsonElement d) && d.GetString() == "allow")
                .Select(r => Path.GetFileName(r.GetProperty("arguments").GetProperty("path").GetString()!))
                .ToHashSet();
            string[] written = Directory.GetFiles(workspace, "f*.txt").Select(Path.GetFileName).ToArray()!;
            Assert.NotEmpty(written);
            Assert.All(written, file => Assert.Contains(file, writeAhead));
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
            await server.WaitForExitAsync(ct);
            Directory.Delete(root, recursive: true);
        }
    }
}
