using Microsoft.Extensions.DependencyInjection;
using TypedTools.Testing.RedTeam;
using TypedTools.Tests.Harness;
using Workspace.Server;
using Xunit;

namespace TypedTools.Tests.RedTeam;

/// <summary>
/// The red-team kit against samples/Workspace.Server's tools, configured as its Program configures them: every attack
/// case the kit derives (paths, URLs, malformed arguments, confirmations, profiles, flows) is one test.
/// </summary>
public sealed class WorkspaceRedTeamTests
{
    private static readonly string s_outbox = Path.Join(TempDirectories.Create("typedtools-redteam-"), "outbox.jsonl");

    internal static readonly RedTeamKit Kit = RedTeamKit.For(typeof(WorkspaceTools).Assembly, kit =>
    {
        // What the sample's Program registers and configures; the kit then points the workspace root at its attack tree.
        WorkspaceOptions options = WorkspaceOptions.Parse(["--workspace", Path.GetTempPath(), "--outbox", s_outbox, "--allow-domain", "docs.example.org"], out _)!;
        kit.Services = services => services.AddSingleton(options);
        kit.Policy = policy =>
        {
            policy.AddRoot(WorkspaceTools.Root, options.Workspace);
            policy.AddDomains("fetch", options.AllowedDomains);
        };
        kit.Log = line => TestContext.Current.TestOutputHelper?.WriteLine(line);
    });

    public static TheoryData<string> Attacks => [.. Kit.CaseNames];

    [Theory]
    [MemberData(nameof(Attacks))]
    public Task Every_attack_is_refused_by_the_check_it_attacks(string attack) => Kit.AssertRefusedAsync(attack, TestContext.Current.CancellationToken);
}

/// <summary>The kit itself: it covers every kind of attack on the sample, and it reports a hole instead of passing it.</summary>
public sealed class RedTeamKitTests
{
    [Fact]
    public void The_sample_gets_every_kind_of_attack_and_each_tool_gets_some()
    {
        Assert.Equal(Enum.GetValues<AttackKind>().Order(), WorkspaceRedTeamTests.Kit.Cases.Select(c => c.Kind).Distinct().Order());
        Assert.Equal(["delete_file", "fetch_page", "list_directory", "read_file", "read_inbox", "search_files", "send_message", "write_file"],
            WorkspaceRedTeamTests.Kit.Cases.Select(c => c.Tool).Distinct().Order(StringComparer.Ordinal));
        Assert.All(WorkspaceRedTeamTests.Kit.Cases, c => Assert.NotEmpty(c.ExpectedCodes));
    }

    [Fact]
    public async Task A_configuration_that_approves_the_destination_lets_the_exfiltration_chain_through_and_the_kit_says_so()
    {
        string outbox = Path.Join(TempDirectories.Create("typedtools-redteam-"), "outbox.jsonl");
        WorkspaceOptions options = WorkspaceOptions.Parse(["--workspace", Path.GetTempPath(), "--outbox", outbox], out _)!;
        using RedTeamKit kit = RedTeamKit.For(typeof(WorkspaceTools).Assembly, k =>
        {
            k.Services = services => services.AddSingleton(options);
            k.Policy = policy => policy.Flow.ApprovedDestinations.Add("*@example.org"); // the example's recipient: the hole
        });

        AttackOutcome outcome = await kit.RunAsync("send_message: flow: after read_file", TestContext.Current.CancellationToken);

        Assert.Equal(AttackVerdict.Allowed, outcome.Verdict);
        Assert.False(outcome.Passed);
        Assert.Contains("someone@example.org", File.ReadAllText(outbox), StringComparison.Ordinal); // it really sent
        await Assert.ThrowsAsync<RedTeamFailure>(() => kit.AssertRefusedAsync("send_message: flow: after read_file", TestContext.Current.CancellationToken));
    }
}
