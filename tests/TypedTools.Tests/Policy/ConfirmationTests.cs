using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;
using TypedTools.Policy.Confirmation;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>
/// Confirmation of destructive and risky tools through a real client: the person's answers, clients that cannot
/// ask, every protocol path (multi-round-trip, the SDK's resolver for 2025-11-25, direct elicitation), and
/// sealed states that are forged, replayed, expired or re-targeted.
/// </summary>
public sealed class ConfirmationTests
{
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Counts consumed nonces: one per confirmation that came back through a sealed state, none for a direct elicitation.</summary>
    private sealed class CountingNonces(TimeProvider time) : INonceStore
    {
        private readonly MemoryNonceStore _inner = new(time);

        public int Consumed;

        public ValueTask<bool> TryConsumeAsync(string nonce, DateTimeOffset expires, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Consumed);
            return _inner.TryConsumeAsync(nonce, expires, cancellationToken);
        }
    }

    private static Task<InMemoryServer> Start(Confirmations? person, string? protocolVersion = null, Tools.Counter? counter = null, Clock? clock = null,
        INonceStore? nonces = null)
    {
        McpClientOptions? options = person?.ClientOptions() ?? new McpClientOptions();
        options.ProtocolVersion = protocolVersion;
        return InMemoryServer.StartAsync(s =>
        {
            s.AddSingleton<Tools.ICounter>(counter ?? new Tools.Counter());
            if (clock is not null)
            {
                s.AddSingleton<TimeProvider>(clock);
            }
            if (nonces is not null)
            {
                s.AddSingleton(nonces);
            }
        }, policy: o => o.Confirmation.Key = s_key, client: options);
    }

    private static async Task<CallToolResult> Call(InMemoryServer server, string tool, string json) =>
        await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: Ct);

    [Theory]
    [InlineData(null, 2)] // the SDK client's default, 2026-07-28: the client answers the input request and retries with the sealed state
    [InlineData("2025-11-25", 0)] // an older stateful session: an elicitation within the call, no state
    [InlineData("2025-06-18", 0)]
    public async Task A_confirmed_call_runs_once_after_the_person_saw_exactly_what_it_does(string? protocolVersion, int sealedStates)
    {
        var person = Confirmations.Yes();
        var counter = new Tools.Counter();
        var nonces = new CountingNonces(TimeProvider.System);
        await using InMemoryServer server = await Start(person, protocolVersion, counter, nonces: nonces);

        Refusals.AssertOk(await Call(server, "count", "{}"));
        CallToolResult written = await Call(server, "doc_write", """{"path":"plans/q3.md","text":"ship"}""");

        Refusals.AssertOk(written);
        Assert.Equal(1, counter.Next() - 1);
        Assert.Equal(2, person.Asked.Count);
        ElicitRequestParams question = person.Asked.Last();
        Assert.Contains("Tool: doc_write", question.Message, StringComparison.Ordinal);
        Assert.Contains("Effect: Overwrites a document", question.Message, StringComparison.Ordinal);
        // The canonical path, not what the model typed.
        Assert.Contains(Path.Join(new DirectoryInfo(InMemoryServer.DocsRoot).FullName, "plans", "q3.md"), question.Message, StringComparison.Ordinal);
        var field = Assert.IsType<ElicitRequestParams.BooleanSchema>(Assert.Single(question.RequestedSchema!.Properties).Value);
        Assert.False(field.Default);
        Assert.Equal(sealedStates, nonces.Consumed); // with 2026-07-28 each confirmation came back through a sealed, single-use state
    }

    [Theory]
    [InlineData("decline")]
    [InlineData("cancel")]
    [InlineData("unticked")]
    public async Task A_declined_or_cancelled_confirmation_denies_and_nothing_runs(string answer)
    {
        var person = answer switch { "decline" => Confirmations.Decline(), "cancel" => Confirmations.Cancel(), _ => Confirmations.AcceptUnticked() };
        var counter = new Tools.Counter();
        await using InMemoryServer server = await Start(person, counter: counter);

        Refusals.AssertSingle(await Call(server, "count", "{}"), PolicyCodes.ConfirmationDeclined, "");
        Assert.Equal(1, counter.Next()); // the tool never ran
    }

    [Fact]
    public async Task A_justified_waiver_runs_unconfirmed_unless_the_operator_overrules_it()
    {
        var person = Confirmations.Decline();
        await using (InMemoryServer server = await Start(person))
        {
            Assert.Equal("rebuilt", Refusals.Text(await Call(server, "rebuild_index", "{}")));
            Assert.Empty(person.Asked);
        }

        await using InMemoryServer strict = await InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter>(new Tools.Counter()),
            policy: o => (o.Confirmation.Key, o.Confirmation.ConfirmWaivedTools) = (s_key, true), client: person.ClientOptions());
        Refusals.AssertSingle(await Call(strict, "rebuild_index", "{}"), PolicyCodes.ConfirmationDeclined, "");
        Assert.Single(person.Asked);
    }

    [Fact]
    public async Task A_person_who_never_answers_is_a_denial_after_the_time_limit()
    {
        var counter = new Tools.Counter();
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = async (_, ct) =>
                {
                    await Task.Delay(Timeout.Infinite, ct);
                    return new ElicitResult();
                },
            },
        };
        await using InMemoryServer server = await InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter>(counter),
            policy: o => o.Confirmation.Timeout = TimeSpan.FromMilliseconds(300), client: options);

        Refusals.AssertSingle(await Call(server, "count", "{}"), PolicyCodes.ConfirmationUnavailable, "");
        Assert.Equal(1, counter.Next());
    }

    [Fact]
    public async Task A_client_that_cannot_ask_gets_a_denial_and_nothing_runs()
    {
        var counter = new Tools.Counter();
        await using InMemoryServer server = await Start(person: null, counter: counter);

        Refusals.AssertSingle(await Call(server, "count", "{}"), PolicyCodes.ConfirmationUnavailable, "");
        Refusals.AssertSingle(await Call(server, "publish", """{"text":"to the world"}"""), PolicyCodes.ConfirmationUnavailable, "");
        Assert.Equal(1, counter.Next());
        // Tools that need no confirmation are not affected.
        Refusals.AssertOk(await Call(server, "doc_optional", "{}"));
    }

    [Fact]
    public async Task Policy_denials_come_before_the_question_so_the_person_is_never_asked_about_a_refused_call()
    {
        var person = Confirmations.Yes();
        await using InMemoryServer server = await Start(person);

        Refusals.AssertSingle(await Call(server, "doc_write", """{"path":"../escape.md","text":"x"}"""), PolicyCodes.PathForbiddenForm, "path");
        Refusals.AssertSingle(await Call(server, "doc_write", """{"path":"a.md","text":"x","confirm":true}"""), "argument.unknown_field", "confirm");
        Assert.Empty(person.Asked);
    }

    // ---- sealed states, as a hostile client would send them --------------------------------------------

    private static Task<CallToolResult> CallWithState(InMemoryServer server, string tool, JsonObject arguments, string? state, bool accept = true) =>
        SealedConfirmations.SendAsync(server.Client, tool, arguments, state, Ct, accept);

    private static string Hash(string tool, Action<Utf8JsonWriter> write) => SealedConfirmations.Hash(tool, write);

    private static string CountHash => SealedConfirmations.NoArguments("count");

    private static string Sealed(string tool, string hash, TimeSpan? expiresIn = null, string nonce = "n-1", byte[]? key = null) =>
        SealedConfirmations.Seal(key ?? s_key, tool, hash, nonce, expiresIn: expiresIn);

    [Fact]
    public async Task A_genuine_state_confirms_exactly_one_call_and_a_replay_is_refused()
    {
        var counter = new Tools.Counter();
        await using InMemoryServer server = await Start(Confirmations.Yes(), counter: counter);
        string state = Sealed("count", CountHash);

        Refusals.AssertOk(await CallWithState(server, "count", [], state));
        Refusals.AssertSingle(await CallWithState(server, "count", [], state), PolicyCodes.ConfirmationInvalid, "");
        Assert.Equal(2, counter.Next()); // ran once
    }

    [Theory]
    [InlineData("made-up")]
    [InlineData("v1.eyJ0IjoiY291bnQifQ.AAAA")]
    [InlineData("")]
    public async Task A_forged_state_is_refused(string state)
    {
        var counter = new Tools.Counter();
        await using InMemoryServer server = await Start(Confirmations.Yes(), counter: counter);

        Refusals.AssertSingle(await CallWithState(server, "count", [], state), PolicyCodes.ConfirmationInvalid, "");
        Assert.Equal(1, counter.Next());
    }

    [Fact]
    public async Task A_state_sealed_with_another_key_is_refused()
    {
        await using InMemoryServer server = await Start(Confirmations.Yes());
        string state = Sealed("count", CountHash, key: Enumerable.Repeat((byte)7, 32).ToArray());
        Refusals.AssertSingle(await CallWithState(server, "count", [], state), PolicyCodes.ConfirmationInvalid, "");
    }

    [Fact]
    public async Task An_expired_state_is_refused()
    {
        var clock = new Clock();
        await using InMemoryServer server = await Start(Confirmations.Yes(), clock: clock);
        string state = Sealed("count", CountHash, TimeSpan.FromMinutes(5));
        clock.Now += TimeSpan.FromMinutes(6);

        Refusals.AssertSingle(await CallWithState(server, "count", [], state), PolicyCodes.ConfirmationInvalid, "");
    }

    [Fact]
    public async Task A_state_for_other_arguments_or_another_tool_is_refused()
    {
        await using InMemoryServer server = await Start(Confirmations.Yes());
        string root = new DirectoryInfo(InMemoryServer.DocsRoot).FullName;
        string approved = Hash("doc_write", w =>
        {
            w.WriteStartObject();
            w.WriteString("path", Path.Join(root, "harmless.md"));
            w.WriteString("text", "hello");
            w.WriteEndObject();
        });
        string state = Sealed("doc_write", approved, nonce: "n-args");

        // The approval was for harmless.md; the call names another file.
        Refusals.AssertSingle(await CallWithState(server, "doc_write", new JsonObject { ["path"] = "important.md", ["text"] = "hello" }, state),
            PolicyCodes.ConfirmationInvalid, "");
        // ...or the same state on another tool.
        Refusals.AssertSingle(await CallWithState(server, "count", [], Sealed("doc_write", approved, nonce: "n-tool")), PolicyCodes.ConfirmationInvalid, "");
        // The genuine pairing works, and the answer in it still counts: a decline denies.
        Refusals.AssertSingle(await CallWithState(server, "doc_write", new JsonObject { ["path"] = "harmless.md", ["text"] = "hello" },
            Sealed("doc_write", approved, nonce: "n-decline"), accept: false), PolicyCodes.ConfirmationDeclined, "");
        Refusals.AssertOk(await CallWithState(server, "doc_write", new JsonObject { ["path"] = "harmless.md", ["text"] = "hello" },
            Sealed("doc_write", approved, nonce: "n-ok")));
    }

    [Fact]
    public async Task Answers_without_a_state_are_refused()
    {
        var counter = new Tools.Counter();
        await using InMemoryServer server = await Start(Confirmations.Yes(), counter: counter);
        Refusals.AssertSingle(await CallWithState(server, "count", [], state: null), PolicyCodes.ConfirmationInvalid, "");
        Assert.Equal(1, counter.Next());
    }
}
