using Microsoft.CodeAnalysis;
using TypedTools.Cli;
using TypedTools.Policy;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>The policy manifest the generator embeds, read back from built assemblies by typedtools manifest and diff.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("typedtools-manifest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Compiles the source with the generator into a DLL on disk.</summary>
    private string Build(string name, string source)
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        Assert.Empty(diagnostics);
        string path = Path.Combine(_directory, name + ".dll");
        var emitted = output.Emit(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return path;
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int code = CliApp.Run(args, output, new StringWriter());
        return (code, output.ToString());
    }

    [Fact]
    public void The_manifest_lists_every_tools_policy_without_running_the_assembly()
    {
        string assembly = Build("v1", Sources.Workspace);

        IReadOnlyList<ManifestTool> tools = PolicyManifest.Read(assembly);

        Assert.Equal(["fetch", "read_file", "send_message"], tools.Select(t => t.Name));
        ManifestTool read = tools.Single(t => t.Name == "read_file");
        Assert.Equal([("path", "workspace", "Read")], read.Paths);
        Assert.Equal(["ReadsPrivateData"], read.Capabilities);
        Assert.Equal(["research-summary", "issue-triage", "local-code-audit"], read.Profiles);
        ManifestTool send = tools.Single(t => t.Name == "send_message");
        Assert.True(send.Confirmation && send.Destructive);
        Assert.Equal("Sends the message", send.Effect);
        ManifestTool fetch = tools.Single(t => t.Name == "fetch");
        Assert.Equal(["docs.example.org", "*.example.com"], fetch.Domains.Single(d => d.Parameter == "url").Patterns);
        Assert.Equal(64, fetch.SchemaHash.Length);

        var (code, table) = Run("manifest", assembly);
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("| read_file | read-only, idempotent | ReadsPrivateData | no | path → workspace (Read) |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_reports_what_widened_and_exits_non_zero()
    {
        string before = Build("before", Sources.Workspace);
        string after = Build("after", Sources.Workspace
            .Replace("[McpServerTool(Name = \"read_file\", OpenWorld = false), ReadOnly, ReadsPrivateData]",
                     "[McpServerTool(Name = \"read_file\", OpenWorld = false), Destructive(\"Reads and rewrites\"), ReadsPrivateData]", StringComparison.Ordinal)
            .Replace("[AllowedPath(\"workspace\")] string path", "[AllowedPath(\"home\", Access = TypedTools.Policy.Paths.PathAccess.Delete)] string path", StringComparison.Ordinal)
            .Replace("\"docs.example.org\", \"*.example.com\"", "\"docs.example.org\", \"*.example.com\", \"*.evil.example\"", StringComparison.Ordinal)
            .Replace("public enum Priority", """
                public static class Extra
                {
                    [McpServerTool(Name = "wipe"), Destructive("Wipes everything")]
                    public static void Wipe() { }
                }

                public enum Priority
                """, StringComparison.Ordinal));

        var (code, report) = Run("diff", before, after);

        Assert.Equal(CliApp.Broken, code);
        Assert.Contains("WIDENED  new tool 'wipe' (destructive)", report, StringComparison.Ordinal);
        Assert.Contains("WIDENED  'read_file': no longer read-only", report, StringComparison.Ordinal);
        Assert.Contains("WIDENED  'read_file': now destructive", report, StringComparison.Ordinal);
        Assert.Contains("WIDENED  'read_file': path 'path' now reaches root 'home' with Delete access", report, StringComparison.Ordinal);
        Assert.Contains("WIDENED  'fetch': 'url' may now reach *.evil.example", report, StringComparison.Ordinal);

        var (same, unchanged) = Run("diff", before, before);
        Assert.Equal((CliApp.Ok, true), (same, unchanged.Contains("nothing widened", StringComparison.Ordinal)));

        // Narrowing is not widening: a removed domain and a removed tool are changes, not findings.
        string narrower = Build("narrower", Sources.Workspace
            .Replace("\"docs.example.org\", \"*.example.com\"", "\"docs.example.org\"", StringComparison.Ordinal)
            .Replace("[McpServerTool, Destructive(\"Sends the message\"), SendsExternally]", "", StringComparison.Ordinal));
        var (narrowed, narrowReport) = Run("diff", before, narrower);
        Assert.Equal(CliApp.Ok, narrowed);
        Assert.Contains("changed  tool 'send_message' removed", narrowReport, StringComparison.Ordinal);
    }

    [Fact]
    public void A_waived_confirmation_is_published_and_its_removal_is_a_widening()
    {
        const string Confirmed = "[McpServerTool, Destructive(\"Sends the message\"), SendsExternally]";
        string before = Build("confirmed", Sources.Workspace);
        string waived = Build("waived", Sources.Workspace.Replace(Confirmed,
            "[McpServerTool, Destructive(\"Sends the message\", Confirm = false, Justification = \"Only reaches the test sink\"), SendsExternally]", StringComparison.Ordinal));
        // Without a justification the switch does nothing: the tool stays confirmed (the analyzers report TT2007).
        string unjustified = Build("unjustified", Sources.Workspace.Replace(Confirmed,
            "[McpServerTool, Destructive(\"Sends the message\", Confirm = false, Justification = \"  \"), SendsExternally]", StringComparison.Ordinal));

        ManifestTool send = PolicyManifest.Read(waived).Single(t => t.Name == "send_message");
        Assert.False(send.Confirmation);
        Assert.Equal("Only reaches the test sink", send.ConfirmationWaiver);
        Assert.Contains("| **waived**: Only reaches the test sink |", Run("manifest", waived).Output, StringComparison.Ordinal);
        ManifestTool still = PolicyManifest.Read(unjustified).Single(t => t.Name == "send_message");
        Assert.True(still.Confirmation);
        Assert.Null(still.ConfirmationWaiver);

        var (code, report) = Run("diff", before, waived);
        Assert.Equal(CliApp.Broken, code);
        Assert.Contains("WIDENED  'send_message': confirmation removed (waived: Only reaches the test sink)", report, StringComparison.Ordinal);
        Assert.Equal(CliApp.Ok, Run("diff", before, unjustified).Code);
    }

    [Fact]
    public void An_assembly_without_a_manifest_is_reported_as_unreadable()
    {
        Assert.Equal(CliApp.Unreadable, Run("manifest", typeof(ManifestTests).Assembly.Location).Code);
        Assert.Equal(CliApp.Usage, Run("diff", "only-one.dll").Code);
    }
}
