using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>The pipeline caches: edits that do not change a tool re-emit nothing, and no step output holds symbols.</summary>
public sealed class IncrementalTests
{
    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);

    /// <summary>Runs the generator on the workspace source, edits the source, and runs it again on the same driver.</summary>
    private static GeneratorDriver RerunAfterEdit(string from, string to)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Sources.Workspace);
        var (driver, _, _) = GeneratorHarness.Run(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        string edited = Sources.Workspace.Replace(from, to);
        Assert.NotEqual(Sources.Workspace, edited);
        return GeneratorHarness.Run(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(edited))), driver).Driver;
    }

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_output_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Sources.Workspace);
        var (driver, _, _) = GeneratorHarness.Run(compilation);

        var (rerun, _, _) = GeneratorHarness.Run(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Sources.Unrelated, GeneratorHarness.ParseOptions, cancellationToken: TestContext.Current.CancellationToken)), driver);

        Assert.All(Reasons(rerun, GeneratorSteps.Tools), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(OutputReasons(rerun), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Editing_a_tool_method_body_re_emits_nothing()
    {
        GeneratorDriver rerun = RerunAfterEdit("1 + (message.Cc?.Count ?? 0)", "2 + (message.Cc?.Count ?? 0)");

        Assert.All(Reasons(rerun, GeneratorSteps.ParsedTools), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(OutputReasons(rerun), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Changing_a_tool_re_emits_that_tool_but_not_the_registry()
    {
        GeneratorDriver rerun = RerunAfterEdit("Reads a UTF-8 text file", "Reads a text file");

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(rerun, GeneratorSteps.Tools));
        // Its type's file is written again (one file per type); the other types' files are not.
        IncrementalStepRunReason[] files = [.. Reasons(rerun, GeneratorSteps.ToolFiles)];
        Assert.True(files.Length > 1, $"expected a file per type, got {files.Length}");
        Assert.Single(files, r => r == IncrementalStepRunReason.Modified);
        Assert.All(files.Where(r => r != IncrementalStepRunReason.Modified), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(rerun, GeneratorSteps.Registry), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        // A description is not policy: the manifest's entries are unchanged too, and so are the tools' types.
        Assert.All(Reasons(rerun, GeneratorSteps.Manifest), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(rerun, GeneratorSteps.ToolTypes), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Contains("Reads a text file", GeneratorHarness.GeneratedTool(rerun, "Sample_FileTools", "ReadFile"));
    }

    [Fact]
    public void Changing_a_tools_policy_re_emits_the_manifest()
    {
        GeneratorDriver rerun = RerunAfterEdit("[AllowedPath(\"workspace\")] string path", "[AllowedPath(\"home\")] string path");

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(rerun, GeneratorSteps.Manifest));
        Assert.Contains("\\\"root\\\":\\\"home\\\"", GeneratorHarness.Generated(rerun, "TypedTools.Manifest.g.cs"));
    }

    [Fact]
    public void Changing_a_shared_type_re_emits_the_tool_types()
    {
        GeneratorDriver rerun = RerunAfterEdit("[StringLength(200)] string Subject", "[StringLength(300)] string Subject");

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(rerun, GeneratorSteps.ToolTypes));
        Assert.Contains("reader.CheckLength(v1, \"subject\", 0, 300)", GeneratorHarness.Generated(rerun, "TypedTools.ToolTypes.g.cs"));
        Assert.All(Reasons(rerun, GeneratorSteps.Registry), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void No_step_output_holds_symbols_syntax_or_compilations()
    {
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.Compile(Sources.Workspace));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var step in result.TrackedSteps.Where(s => s.Key is GeneratorSteps.ParsedTools or GeneratorSteps.Tools or GeneratorSteps.ToolFiles or GeneratorSteps.ToolTypes or GeneratorSteps.Registry or GeneratorSteps.Manifest or GeneratorSteps.Options))
        {
            Assert.NotEmpty(step.Value);
            foreach (IncrementalGeneratorRunStep run in step.Value)
            {
                foreach ((object value, IncrementalStepRunReason _) in run.Outputs)
                {
                    Walk(value, step.Key, visited);
                }
            }
        }
    }

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }
        Assert.False(value is ISymbol or SyntaxNode or SemanticModel or Compilation or Location or SyntaxTree,
            $"{path} holds a {value.GetType().Name}, which would defeat caching");
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{i++}]", visited);
            }
            return;
        }
        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Walk(property.GetValue(value), path + "." + property.Name, visited);
            }
        }
    }
}
