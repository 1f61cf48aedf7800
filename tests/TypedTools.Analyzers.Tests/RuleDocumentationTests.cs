using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedTools.Analyzers.Tests;

/// <summary>Every rule has its page, its help link and its release-tracking entry; the README lists it.</summary>
public sealed class RuleDocumentationTests
{
    private static readonly string s_root = typeof(RuleDocumentationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static TheoryData<string> Rules()
    {
        var data = new TheoryData<string>();
        foreach (FieldInfo field in typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add(((DiagnosticDescriptor)field.GetValue(null)!).Id);
        }
        data.Add("TT9001");
        return data;
    }

    private static DiagnosticDescriptor? Descriptor(string id) => typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!).SingleOrDefault(d => d.Id == id);

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_is_documented_linked_tracked_and_listed(string id)
    {
        string page = Path.Combine(s_root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at docs/diagnostics/{id}.md");
        string text = File.ReadAllText(page);
        foreach (string section in new[] { "## Cause", "## Example", "## Suppressing" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
        if (Descriptor(id) is { } descriptor)
        {
            Assert.EndsWith($"/docs/diagnostics/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            string releases = File.ReadAllText(Path.Combine(s_root, "analyzers", "TypedTools.Analyzers", "AnalyzerReleases.Unshipped.md"));
            Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
        }
        Assert.Contains($"[{id}](docs/diagnostics/{id}.md)", File.ReadAllText(Path.Combine(s_root, "README.md")), StringComparison.Ordinal);
    }
}
