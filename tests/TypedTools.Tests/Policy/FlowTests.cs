using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Policy;
using TypedTools.Policy.Flow;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>Flow rules across calls in one session: private data only to approved destinations, untrusted content raises the bar, custom rules.</summary>
public sealed class FlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<InMemoryServer> Start(Confirmations? person = null, Action<TypedToolsOptions>? policy = null) =>
        InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter, Tools.Counter>(), policy: o =>
        {
            o.Flow.ApprovedDestinations.Add("*@example.org");
            o.Flow.ApprovedDestinations.Add("bo@partner.test");
            o.Flow.ApprovedDestinations.Add("chat.example.org");
            policy?.Invoke(o);
        }, client: (person ?? Confirmations.Yes()).ClientOptions());

    private static async Task<CallToolResult> Call(InMemoryServer server, string tool, string json) =>
        await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: Ct);

    [Fact]
    public async Task Before_private_data_enters_sends_go_anywhere_the_other_checks_allow()
    {
        var person = Confirmations.Yes();
        await using InMemoryServer server = await Start(person);
        Refusals.AssertOk(await Call(server, "notify", """{"channel":"https://evil.test/hook","text":"hi"}"""));
        Refusals.AssertOk(await Call(server, "broadcast", """{"text":"hi"}"""));
        Assert.Empty(person.Asked);
    }

    [Theory]
    [InlineData("notify", """{"channel":"https://evil.test/hook","text":"x"}""")]
    [InlineData("notify", """{"channel":"https://chat.example.org.evil.test/","text":"x"}""")]
    [InlineData("notify", """{"channel":"eve@evil.test","text":"x"}""")]
    [InlineData("notify", """{"channel":"ana@example.org.evil.test","text":"x"}""")]
    [InlineData("notify", """{"channel":"ana@example.org, eve@evil.test","text":"x"}""")]
    [InlineData("mail", """{"envelope":{"to":"ana@example.org","body":"x","cc":["bo@partner.test","eve@evil.test"]}}""")]
    [InlineData("mail", """{"envelope":{"to":"carol@partner.test","body":"x"}}""")]
    [InlineData("reply", """{"thread":{"title":"t","replyTo":"ana@example.org","parent":{"title":"p","parent":{"title":"q","replyTo":"eve@evil.test"}}}}""")]
    [InlineData("reply", """{"thread":{"title":"t"},"webhooks":["https://chat.example.org/a","https://evil.test/b"]}""")]
    [InlineData("fan_out", """{"channels":{"ops":"https://chat.example.org/ops","leak":"https://evil.test/hook"}}""")]
    [InlineData("fan_out", """{"channels":{},"letters":{"a":{"to":"ana@example.org","body":"x"},"b":{"to":"eve@evil.test","body":"x"}}}""")]
    [InlineData("fan_out", """{"channels":{"ana@example.org":"x"}}""")] // a key is a name, not where the value goes
    [InlineData("fan_out_frozen", """{"hooks":{"ops":"https://chat.example.org/ops","leak":"https://evil.test/hook"}}""")]
    [InlineData("fan_out_frozen", """{"hooks":{},"cc":["bo@partner.test","eve@evil.test"]}""")]
    [InlineData("broadcast", """{"text":"x"}""")] // a sending tool that declares no destination sends somewhere unknown
    public async Task After_private_data_entered_a_send_outside_the_approved_set_is_denied(string tool, string arguments)
    {
        await using InMemoryServer server = await Start();
        Refusals.AssertOk(await Call(server, "read_secret", "{}"));

        CallToolResult result = await Call(server, tool, arguments);

        Refusals.AssertSingle(result, PolicyCodes.FlowExfiltration, "");
        Assert.Contains("read_secret", Refusals.Text(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notify", """{"channel":"https://chat.example.org/room","text":"x"}""")]
    [InlineData("notify", """{"channel":"Ana@Example.org","text":"x"}""")]
    [InlineData("mail", """{"envelope":{"to":"ana@example.org","body":"x","cc":["bo@partner.test"]}}""")]
    [InlineData("reply", """{"thread":{"title":"t","replyTo":"ana@example.org","parent":{"title":"p","replyTo":"bo@partner.test"}}}""")]
    [InlineData("fan_out", """{"channels":{"ops":"https://chat.example.org/ops","x.y":"ana@example.org"},"letters":{"a":{"to":"bo@partner.test","body":"x"}}}""")]
    [InlineData("fan_out_frozen", """{"hooks":{"ops":"https://chat.example.org/ops"},"cc":["bo@partner.test"]}""")]
    [InlineData("fan_out_frozen", """{"hooks":{"eve@evil.test":"https://chat.example.org/ops"},"cc":null}""")]
    public async Task After_private_data_entered_sends_to_approved_destinations_still_work(string tool, string arguments)
    {
        await using InMemoryServer server = await Start();
        Refusals.AssertOk(await Call(server, "read_secret", "{}"));
        Refusals.AssertOk(await Call(server, tool, arguments));
    }

    [Fact]
    public async Task A_refused_call_brings_nothing_into_the_session()
    {
        await using InMemoryServer server = await Start();
        Refusals.AssertSingle(await Call(server, "read_secret", """{"all":true}"""), "argument.unknown_field", "all");
        Refusals.AssertOk(await Call(server, "notify", """{"channel":"https://evil.test/hook","text":"x"}"""));
    }

    [Fact]
    public async Task After_untrusted_content_entered_sending_tools_need_the_persons_confirmation()
    {
        var person = Confirmations.Yes();
        await using InMemoryServer server = await Start(person);
        Refusals.AssertOk(await Call(server, "notify", """{"channel":"https://chat.example.org/a","text":"before"}"""));
        Assert.Empty(person.Asked);

        Refusals.AssertOk(await Call(server, "fetch_untrusted", "{}"));
        Refusals.AssertOk(await Call(server, "notify", """{"channel":"https://chat.example.org/a","text":"after"}"""));

        string question = Assert.Single(person.Asked).Message;
        Assert.Contains("Why you are asked: Content from fetch_untrusted entered this session", question, StringComparison.Ordinal);
        Assert.Contains("after", question, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_untrusted_content_a_client_that_cannot_ask_cannot_send()
    {
        await using InMemoryServer server = await InMemoryServer.StartAsync(s => s.AddSingleton<Tools.ICounter, Tools.Counter>());
        Refusals.AssertOk(await Call(server, "fetch_untrusted", "{}"));
        Refusals.AssertSingle(await Call(server, "notify", """{"channel":"https://chat.example.org/a","text":"x"}"""), PolicyCodes.ConfirmationUnavailable, "");
    }

    private sealed class NoPasswords : IFlowRule
    {
        public FlowVerdict Evaluate(FlowCall call) =>
            System.Text.Encoding.UTF8.GetString(call.Arguments.Span).Contains("password", StringComparison.OrdinalIgnoreCase)
                ? FlowVerdict.Deny(new PolicyDenial(PolicyCodes.FlowDenied, "Passwords are never sent.", null, "Remove the password."))
                : FlowVerdict.Allow;
    }

    private sealed class Broken : IFlowRule
    {
        public FlowVerdict Evaluate(FlowCall call) => throw new InvalidOperationException("rule bug");
    }

    [Fact]
    public async Task Authors_add_their_own_rules_and_a_throwing_rule_denies()
    {
        await using (InMemoryServer server = await Start(policy: o => o.Flow.Rules.Add(new NoPasswords())))
        {
            Refusals.AssertSingle(await Call(server, "notify", """{"channel":"https://chat.example.org/a","text":"my password is hunter2"}"""), PolicyCodes.FlowDenied, "");
            Refusals.AssertOk(await Call(server, "notify", """{"channel":"https://chat.example.org/a","text":"hello"}"""));
        }
        await using (InMemoryServer server = await Start(policy: o => o.Flow.Rules.Add(new Broken())))
        {
            Refusals.AssertSingle(await Call(server, "doc_optional", "{}"), PolicyCodes.CheckFailed, "");
        }
    }

    [Theory]
    [InlineData("@example.org")]
    [InlineData("*")]
    [InlineData("ana@*")]
    public async Task A_malformed_approved_destination_stops_the_host(string pattern)
    {
        var invalid = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => Start(policy: o => o.Flow.ApprovedDestinations.Add(pattern)));
        Assert.NotEmpty(invalid.Failures);
    }
}
