using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Packaging;

/// <summary>
/// The build fails on an unguarded destructive tool: a copy of the repository's sources with one such tool added
/// to <c>samples/Workspace.Server</c> is built as a developer would build it, and the build names the tool and the rules.
/// </summary>
public sealed class SampleBuildTests : IDisposable
{
    private readonly string _copy = Directory.CreateTempSubdirectory("typedtools-sample-").FullName;

    private static readonly string s_repository = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(
        BuildFacts.Get("TypedToolsProject"))!, "..", ".."));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_copy, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary directory
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    [Fact]
    public async Task Building_the_sample_with_an_unguarded_destructive_tool_fails_with_the_right_diagnostics()
    {
        foreach (string folder in new[] { "src", "analyzers", Path.Combine("samples", "Workspace.Server") })
        {
            CopyTree(Path.Combine(s_repository, folder), Path.Combine(_copy, folder));
        }
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            File.Copy(Path.Combine(s_repository, file), Path.Combine(_copy, file));
        }
        string sample = Path.Combine(_copy, "samples", "Workspace.Server");
        File.WriteAllText(Path.Combine(sample, "CleanupTools.cs"), """
            using ModelContextProtocol.Server;

            namespace Workspace.Server;

            [McpServerToolType]
            public static class CleanupTools
            {
                /// <summary>Removes a folder and everything in it.</summary>
                [McpServerTool(Name = "clean_folder", Destructive = false)]
                public static void CleanFolder(string folder) => Directory.Delete(folder, recursive: true);
            }
            """);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => Processes.RunAsync("dotnet",
            ["build", sample, "--nologo", "--disable-build-servers", "-p:EmitCompilerGeneratedFiles=false"], _copy, TestContext.Current.CancellationToken));

        Assert.Contains("CleanupTools.cs", failed.Message, StringComparison.Ordinal);
        Assert.Contains("error TT2003: The tool 'clean_folder' calls", failed.Message, StringComparison.Ordinal); // changes state, declared non-destructive
        Assert.Contains("error TT3001: The parameter 'folder'", failed.Message, StringComparison.Ordinal); // reaches the file system unchecked
        Assert.DoesNotContain("error CS", failed.Message, StringComparison.Ordinal); // it failed on the rules, not on the copy
    }
}
