using System.IO.Compression;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Packaging;

/// <summary>
/// The path users take: <c>dotnet pack</c> the TypedTools package, restore it into a throwaway project from a
/// local folder, build that project (the generator running from the package), start it as a stdio MCP server
/// and call its generated tool through a real client.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("typedtools-package-").FullName;

    private static string Metadata(string key) =>
        BuildFacts.Get(key);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary directory
        }
    }

    [Fact]
    public async Task The_packed_package_builds_a_consumer_whose_generated_tool_works_over_stdio()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        // A version no earlier run used, so that no package cache can stand in for this build.
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Guid.NewGuid().ToString("N")[..8];

        await Processes.RunAsync("dotnet", ["pack", Metadata("TypedToolsProject"), "--no-build", "-c", Metadata("Configuration"),
            "-o", feed, $"-p:Version={version}", "--disable-build-servers"], _root, ct);

        string package = Path.Combine(feed, $"TypedTools.{version}.nupkg");
        using (ZipArchive zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net10.0/TypedTools.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/TypedTools.Generator.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/TypedTools.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/TypedTools.CodeFixes.dll", entries);
            Assert.Contains("buildTransitive/TypedTools.props", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
        }

        string consumer = WriteConsumer(feed, version);
        string build = await Processes.RunAsync("dotnet", ["build", "-c", "Release", "--nologo", "--disable-build-servers"], consumer, ct);
        Assert.DoesNotContain("CS9057", build, StringComparison.Ordinal); // a skipped generator only warns
        Assert.True(File.Exists(Path.Combine(consumer, "obj", "Release", "net10.0", "generated", "TypedTools.Generator", "TypedTools.Generator.TypedToolsGenerator",
            "TypedTools.Registry.g.cs")), "the generator from the package did not run");

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "consumer",
            Command = "dotnet",
            Arguments = [Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll")],
        });
        await using McpClient client = await McpClient.CreateAsync(transport, cancellationToken: ct);

        McpClientTool tool = Assert.Single(await client.ListToolsAsync(cancellationToken: ct));
        Assert.Equal("shout", tool.Name);
        JsonElement schema = tool.ProtocolTool.InputSchema;
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        // The consumer's MSBuild limit reached the generator through the package's props.
        Assert.Equal(16, schema.GetProperty("properties").GetProperty("text").GetProperty("maxLength").GetInt32());

        CallToolResult ok = await client.CallToolAsync("shout", Json.Args("""{"text":"hello","times":2}"""), cancellationToken: ct);
        Refusals.AssertOk(ok);
        Assert.Equal("HELLO HELLO", Refusals.Text(ok));

        CallToolResult refused = await client.CallToolAsync("shout", Json.Args("""{"text":"hello","times":"2","loud":true}"""), cancellationToken: ct);
        Assert.Equal([("argument.unknown_field", "loud"), ("argument.type", "times")], Refusals.Errors(refused).OrderBy(e => e.Field));

        CallToolResult tooLong = await client.CallToolAsync("shout", Json.Args("""{"text":"seventeen chars!!"}"""), cancellationToken: ct);
        Refusals.AssertSingle(tooLong, "argument.length", "text");
        await client.DisposeAsync();

        // The analyzers came with the package too: an unguarded tool fails the consumer's build.
        File.WriteAllText(Path.Combine(consumer, "Leak.cs"), """
            using ModelContextProtocol.Server;
            using TypedTools;

            [McpServerToolType]
            public static class LeakTools
            {
                /// <summary>Reads any file.</summary>
                [McpServerTool(Name = "leak"), ReadOnly]
                public static string Leak(string name) => System.IO.File.ReadAllText(name);

                /// <summary>Deletes a file, claiming to be harmless.</summary>
                [McpServerTool(Name = "wipe", Destructive = false)]
                public static void Wipe(string target) => System.IO.File.Delete(target);
            }
            """);
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Processes.RunAsync("dotnet", ["build", "-c", "Release", "--nologo", "--disable-build-servers"], consumer, ct));
        Assert.Contains("error TT3001: The parameter 'name'", failed.Message, StringComparison.Ordinal);
        Assert.Contains("error TT3001: The parameter 'target'", failed.Message, StringComparison.Ordinal);
        Assert.Contains("error TT2003: The tool 'wipe'", failed.Message, StringComparison.Ordinal); // an unguarded destructive tool
        Assert.Contains("Leak.cs", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_typedtools_cli_packs_as_a_dotnet_tool_that_installs_and_runs()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string feed = Directory.CreateDirectory(Path.Combine(_root, "tool-feed")).FullName;
        string version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..8];
        string cli = Path.Combine(Path.GetDirectoryName(Metadata("TypedToolsProject"))!, "..", "..", "tools", "TypedTools.Cli", "TypedTools.Cli.csproj");

        string[] pack = ["pack", cli, "--no-build", "-c", Metadata("Configuration"), "-o", feed, $"-p:Version={version}", "--disable-build-servers"];
        try
        {
            await Processes.RunAsync("dotnet", pack, _root, ct);
        }
        catch (InvalidOperationException failure) when (failure.Message.Contains("MSB4018", StringComparison.Ordinal))
        {
            // Seen once under a full parallel run: NuGet's GetPackOutputItemsTask crashed (an MSBuild task fault, not a
            // packaging error). One retry; a second failure fails the test.
            await Processes.RunAsync("dotnet", pack, _root, ct);
        }
        string toolPath = Path.Combine(_root, "tool");
        await Processes.RunAsync("dotnet", ["tool", "install", "TypedTools.Cli", "--version", version, "--add-source", feed, "--tool-path", toolPath], _root, ct);

        // A log with one record, written by the library, verified by the installed tool.
        string log = Path.Combine(_root, "audit.jsonl");
        await using (var sink = new TypedTools.Audit.JsonLinesAuditSink(new TypedTools.Audit.JsonLinesAuditOptions { Path = log }))
        {
            await sink.AppendAsync(new TypedTools.Audit.AuditRecord
            {
                Type = "decision", Timestamp = DateTimeOffset.UtcNow, RequestId = "r1", Tool = "read_file", Decision = "allow",
            }, ct);
        }
        string output = await Processes.RunAsync(Path.Combine(toolPath, "typedtools"), ["audit", "verify", log], _root, ct);
        Assert.StartsWith("OK: 1 records", output, StringComparison.Ordinal);
    }

    /// <summary>A server project as a user writes it: a package reference, a tool method, one registration call.</summary>
    private string WriteConsumer(string feed, string version)
    {
        string consumer = Directory.CreateDirectory(Path.Combine(_root, "consumer")).FullName;
        // No <clear/>: the machine's own sources still serve the package's dependencies.
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local-typedtools" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- This registry lacks some exact transitive versions and resolves the next one (NU1603). -->
                <NoWarn>$(NoWarn);NU1603</NoWarn>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                <TypedToolsMaxStringLength>16</TypedToolsMaxStringLength>
                <!-- The test's package lands in a private cache; everything else comes from the machine's. -->
                <RestorePackagesPath>{Path.Combine(_root, "packages")}</RestorePackagesPath>
                <RestoreFallbackFolders>{Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")}</RestoreFallbackFolders>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TypedTools" Version="{version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="{Metadata("HostingVersion")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using ModelContextProtocol.Server;
            using TypedTools;

            HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.AddMcpServer().WithStdioServerTransport().WithTypedTools();
            await builder.Build().RunAsync();

            [McpServerToolType]
            public static class ShoutTools
            {
                /// <summary>Repeats a text in capitals.</summary>
                [McpServerTool(Name = "shout"), ReadOnly]
                public static string Shout(string text, [Range(1, 5)] int times = 1) =>
                    string.Join(' ', Enumerable.Repeat(text.ToUpperInvariant(), times));
            }
            """);
        return consumer;
    }
}
