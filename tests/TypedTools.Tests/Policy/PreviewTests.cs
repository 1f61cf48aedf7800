using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Audit;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>Dry-run previews in confirmation questions: shown, sanitised, and never in the way of safety when they fail.</summary>
public sealed class PreviewTests : IDisposable
{
    private readonly string _log = Path.Join(Directory.CreateTempSubdirectory("typedtools-preview-").FullName, "audit.jsonl");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_log)!, recursive: true);

    private async Task<(Confirmations Person, CallToolResult Result)> CallAsync(string tool, string json)
    {
        var person = Confirmations.Yes();
        await using InMemoryServer server = await InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter, Tools.Counter>(), policy: o =>
        {
            o.Audit.JsonLinesPath = _log;
            o.Confirmation.PreviewTimeout = TimeSpan.FromMilliseconds(300);
        }, client: person.ClientOptions());
        CallToolResult result = await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: TestContext.Current.CancellationToken);
        return (person, result);
    }

    private string? AuditedPreview(string tool) => AuditLogReader.ReadJsonLines(_log)
        .Select(l => JsonDocument.Parse(l.Bytes).RootElement)
        .Where(r => r.GetProperty("tool").GetString() == tool && r.TryGetProperty("decision", out JsonElement d) && d.GetString() == "pending")
        .Select(r => r.TryGetProperty("preview", out JsonElement p) ? p.GetString() : null).Single();

    [Fact]
    public async Task The_question_shows_the_preview_sanitised_and_redacted()
    {
        var (person, result) = await CallAsync("archive", """{"report":"q3.pdf","copies":2}""");

        Refusals.AssertOk(result);
        string question = Assert.Single(person.Asked).Message;
        Assert.Contains("What will happen:\nMoves q3.pdf to the archive (2 copies). [redacted]", question, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", question, StringComparison.Ordinal);
        Assert.Equal("shown", AuditedPreview("archive"));
    }

    [Theory]
    [InlineData("shred", """{"report":"q3.pdf"}""", "failed")]
    [InlineData("slow_purge", "{}", "timed_out")]
    public async Task A_preview_that_fails_or_hangs_leaves_the_plain_question_and_says_so(string tool, string json, string outcome)
    {
        var (person, result) = await CallAsync(tool, json);

        Refusals.AssertOk(result);
        string question = Assert.Single(person.Asked).Message;
        Assert.DoesNotContain("What will happen", question, StringComparison.Ordinal);
        Assert.Contains("Effect: ", question, StringComparison.Ordinal);
        Assert.Equal(outcome, AuditedPreview(tool));
    }
}
