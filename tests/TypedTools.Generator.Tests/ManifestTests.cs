using System.Text.Json;
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

    // A policy entry as the generator writes it; the rows below break it, or the document around it, one way each.
    private const string Entry = """{"name":"t","effects":{"readOnly":true,"destructive":false,"idempotent":true,"openWorld":false},"capabilities":[],"confirmation":false,"paths":[{"parameter":"p","root":"workspace","access":"Read"}],"domains":[],"claims":[],"inputSchemaSha256":"00"}""";

    private static string Tools(string entry) => $$"""{"tools":[{{entry}}]}""";

    public static TheoryData<string> MalformedManifests => new()
    {
        "not json",
        "[]",
        "{}",
        """{"tools":{}}""",
        """{"tools":[1]}""",
        Tools(Entry) + " trailing",
        Tools(Entry.Replace(",\"inputSchemaSha256\":\"00\"", "", StringComparison.Ordinal)),
        Tools(Entry.Replace("\"00\"", "0", StringComparison.Ordinal)),
        Tools(Entry.Replace("\"00\"", "null", StringComparison.Ordinal)),
        Tools(Entry.Replace("\"parameter\":\"p\"", "\"parameter\":null", StringComparison.Ordinal)),
        Tools(Entry[..^1] + ""","secrets":[1]}"""),
        Tools(Entry[..^1] + ""","secrets":[null]}"""),
        Tools(Entry[..^1] + ""","secrets":{}}"""),
        Tools(Entry.Replace("\"parameter\":\"p\",", "", StringComparison.Ordinal)),
        Tools(Entry[..^1] + ""","meta":{"a":1,"a":2}}"""),
    };

    [Theory]
    [MemberData(nameof(MalformedManifests))]
    public void A_manifest_the_generator_did_not_write_is_unreadable_input_not_a_crash(string manifest)
    {
        // Built without the generator: only the manifest attribute, as a hand-made or tampered assembly would carry it.
        var compilation = GeneratorHarness.Compile(
            $"[assembly: System.Reflection.AssemblyMetadata(\"TypedTools.Manifest\", {Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(manifest, quote: true)})]");
        string path = Path.Combine(_directory, "tampered.dll");
        Assert.True(compilation.Emit(path, cancellationToken: TestContext.Current.CancellationToken).Success);
        string good = Build("good", Sources.Workspace);

        Assert.Throws<InvalidDataException>(() => PolicyManifest.Parse(manifest));
        foreach (string[] command in new string[][] { ["manifest", path], ["manifest", path, "--json"], ["diff", good, path], ["diff", path, good] })
        {
            var error = new StringWriter();
            Assert.Equal(CliApp.Unreadable, CliApp.Run(command, new StringWriter(), error));
            Assert.Contains($"The TypedTools manifest of '{path}' is not one the generator writes", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_well_formed_entry_of_the_malformed_rows_reads()
    {
        ManifestTool tool = Assert.Single(PolicyManifest.Parse(Tools(Entry)));
        Assert.Equal(("t", "00"), (tool.Name, tool.SchemaHash));
        Assert.Equal([("p", "workspace", "Read")], tool.Paths);
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
    public void A_secret_no_longer_redacted_or_destinations_newly_named_widen()
    {
        const string Login = """

            public static class Accounts
            {
                [McpServerTool(Name = "login"), TypedTools.ReadOnly]
                public static string Login(string user, [TypedTools.Secret] string password) => user;
            }

            """;
        string before = Build("secret", Sources.Workspace.Replace(", Destination] string To", "] string To", StringComparison.Ordinal)
            .Replace("[Destination] IReadOnlyList<string>? Cc", "IReadOnlyList<string>? Cc", StringComparison.Ordinal) + Login);
        string after = Build("plain", Sources.Workspace + Login.Replace("[TypedTools.Secret] ", "", StringComparison.Ordinal));

        ManifestTool login = PolicyManifest.Read(before).Single(t => t.Name == "login");
        Assert.Equal(["password"], login.Secrets);
        Assert.True(login.Descriptor.HasSecrets);
        Assert.False(PolicyManifest.Read(before).Single(t => t.Name == "send_message").NamesDestinations);
        Assert.True(PolicyManifest.Read(after).Single(t => t.Name == "send_message").Descriptor.DeclaresDestinations);
        Assert.Contains("| password |  |", Run("manifest", before).Output, StringComparison.Ordinal);
        using (JsonDocument json = JsonDocument.Parse(Run("manifest", before, "--json").Output))
        {
            JsonElement entry = json.RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "login");
            Assert.Equal("password", entry.GetProperty("secrets").EnumerateArray().Single().GetString());
        }

        var (code, report) = Run("diff", before, after);

        Assert.Equal(CliApp.Broken, code);
        Assert.Contains("WIDENED  'login': 'password' is no longer [Secret]: its values are shown and kept", report, StringComparison.Ordinal);
        Assert.Contains("WIDENED  'send_message': now names its destinations", report, StringComparison.Ordinal);
        // The other way is narrower.
        Assert.Equal(CliApp.Ok, Run("diff", after, before).Code);
    }

    /// <summary>A tool whose _meta is <paramref name="meta"/> ([McpMeta] attributes), beside the workspace tools.</summary>
    private static string WithCard(string meta) => Sources.Workspace + $$"""

        public static class Cards
        {
            {{meta}}
            [McpServerTool(Name = "card"), TypedTools.ReadOnly]
            public static string Card(string id) => id;
        }

        """;

    [Fact]
    public void The_meta_a_tool_publishes_is_in_the_manifest_and_a_new_UI_resource_widens()
    {
        string plain = Build("card-plain", WithCard("[McpMeta(\"priority\", 1)]"));
        string app = Build("card-app", WithCard("""
            [McpMeta("priority", 2), McpMeta("ui", JsonValue = "{ \"resourceUri\": \"ui://cards/v2.html\",\n  \"prefersBorder\": true }")]
            """));
        string legacy = Build("card-legacy", WithCard("[McpMeta(\"priority\", 2), McpMeta(\"ui/resourceUri\", \"ui://cards/v3.html\")]"));

        ManifestTool card = PolicyManifest.Read(app).Single(t => t.Name == "card");
        Assert.Equal(["priority", "ui"], card.Meta.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ui://cards/v2.html", card.UiResource);
        // Kept as written, without the whitespace between its tokens.
        Assert.Equal("""{"resourceUri":"ui://cards/v2.html","prefersBorder":true}""", card.Meta["ui"].GetRawText());
        Assert.Equal("ui://cards/v3.html", PolicyManifest.Read(legacy).Single(t => t.Name == "card").UiResource);
        Assert.Null(PolicyManifest.Read(plain).Single(t => t.Name == "card").UiResource);
        Assert.Empty(PolicyManifest.Read(plain).Single(t => t.Name == "read_file").Meta);
        Assert.Contains("| priority, ui (UI: ui://cards/v2.html) |", Run("manifest", app).Output, StringComparison.Ordinal);
        using (JsonDocument json = JsonDocument.Parse(Run("manifest", app, "--json").Output))
        {
            JsonElement entry = json.RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "card");
            Assert.Equal("ui://cards/v2.html", entry.GetProperty("uiResource").GetString());
        }

        var (code, report) = Run("diff", plain, app);
        Assert.Equal(CliApp.Broken, code);
        Assert.Contains("WIDENED  'card': now links the UI resource 'ui://cards/v2.html'", report, StringComparison.Ordinal);
        Assert.Contains("changed  'card': _meta 'priority' changed", report, StringComparison.Ordinal);
        Assert.Contains("changed  'card': _meta 'ui' added", report, StringComparison.Ordinal);

        // Another resource (in the earlier key's form) widens again; dropping the UI is narrower.
        var (moved, movedReport) = Run("diff", app, legacy);
        Assert.Equal(CliApp.Broken, moved);
        Assert.Contains("WIDENED  'card': now links the UI resource 'ui://cards/v3.html'", movedReport, StringComparison.Ordinal);
        Assert.Contains("changed  'card': _meta 'ui' removed", movedReport, StringComparison.Ordinal);
        Assert.DoesNotContain("'priority'", movedReport, StringComparison.Ordinal);
        var (dropped, droppedReport) = Run("diff", app, plain);
        Assert.Equal(CliApp.Ok, dropped);
        Assert.Contains("changed  'card': _meta 'ui' removed", droppedReport, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_tools_definition_carries_its_manifest_entry_verbatim()
    {
        // The runtime builds each tool's descriptor from the policy its generated code hands it: the same text as its entry of
        // the manifest a reviewer reads and diffs, so what is reviewed is what is enforced.
        string repository = Path.GetFullPath(Path.Combine(typeof(ManifestTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "BaselineDirectory").Value!, "..", "..", ".."));
        string[] sources = Directory.GetFiles(Path.Combine(repository, "tests", "TypedTools.Tests", "Tools"), "*.cs")
            .Select(File.ReadAllText).Append(WithCard("[McpMeta(\"ui\", JsonValue = \"{\\\"resourceUri\\\": \\\"ui://c\\\"}\")]")).ToArray();
        var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile(sources));
        string manifestText = StringLiterals(output, "TypedTools.Manifest.g.cs").Single(s => s.StartsWith("{\"version\"", StringComparison.Ordinal));
        using JsonDocument manifest = JsonDocument.Parse(manifestText);
        Dictionary<string, string> entries = manifest.RootElement.GetProperty("tools").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetRawText());

        var policies = new List<string>();
        // Each tool's factory (its type's file holds one per tool) hands the runtime its policy and input schema.
        IEnumerable<Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax> factories = output.SyntaxTrees
            .Where(t => t.FilePath.EndsWith("_Tools.g.cs", StringComparison.Ordinal))
            .SelectMany(t => t.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax>())
            .Where(list => list.Arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == "policy"));
        foreach (Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax factory in factories)
        {
            string Argument(string name) => factory.Arguments.Single(a => a.NameColon?.Name.Identifier.ValueText == name).Expression.GetFirstToken().ValueText;
            string policy = Argument("policy");
            using JsonDocument parsed = JsonDocument.Parse(policy);
            Assert.Equal(entries[parsed.RootElement.GetProperty("name").GetString()!], policy);
            policies.Add(policy);
            // The schema it hashes is the input schema the tool publishes (the factory's inputSchema argument).
            string inputSchema = Argument("inputSchema");
            Assert.Equal(parsed.RootElement.GetProperty("inputSchemaSha256").GetString(),
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(inputSchema))));
        }
        Assert.Equal(entries.Count, policies.Count);
        Assert.True(entries.Count > 20, $"expected the test tools, got {entries.Count}");
        // The facts added to the manifest for the descriptor are there where the tools have them.
        Assert.Contains(policies, p => p.Contains("\"secrets\":[\"password\"]", StringComparison.Ordinal));
        Assert.Contains(policies, p => p.Contains("\"destinations\":true", StringComparison.Ordinal));
        // And the _meta the tool publishes (the runtime reads it from there too).
        Assert.Contains(policies, p => p.Contains("\"meta\":{\"ui\":{\"resourceUri\":\"ui://c\"}}", StringComparison.Ordinal));
        Assert.DoesNotContain(factories, f => f.Arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == "meta"));
    }

    /// <summary>The values of the string literals (and the UTF-8 raw ones) in one generated file.</summary>
    private static IEnumerable<string> StringLiterals(Compilation output, string fileName) =>
        output.SyntaxTrees.Single(t => Path.GetFileName(t.FilePath) == fileName).GetRoot().DescendantTokens()
            .Where(t => t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StringLiteralToken) || t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.Utf8SingleLineRawStringLiteralToken))
            .Select(t => t.ValueText);

    [Fact]
    public void An_assembly_without_a_manifest_is_reported_as_unreadable()
    {
        Assert.Equal(CliApp.Unreadable, Run("manifest", typeof(ManifestTests).Assembly.Location).Code);
        Assert.Equal(CliApp.Usage, Run("diff", "only-one.dll").Code);
    }
}
