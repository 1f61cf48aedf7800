using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using TypedTools.Results;

namespace TypedTools.Benchmarks;

/// <summary>
/// The secret redaction every tool result goes through: the default patterns source-generated (what TypedTools uses)
/// against the same patterns interpreted (what it used before), on a typical result without secrets and one with two.
/// </summary>
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    private static readonly string s_plain = string.Concat(Enumerable.Repeat(
        "Found 3 matches in src/Policy/Paths/PathGuard.cs: line 42 checks the root, line 57 resolves links, line 90 the access level. ", 16));

    private static readonly string s_withSecrets = s_plain + " token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB and AKIAABCDEFGHIJKLMNOP.";

    private readonly OutputOptions _generated = new();
    private readonly OutputOptions _interpreted = new();

    [Params("plain 2 KB", "2 KB with two secrets")]
    public string Text { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        // The same patterns, options and time limits, built at run time: the interpreter.
        var copies = _generated.SecretPatterns.Select(p => new Regex(p.ToString(), p.Options, p.MatchTimeout)).ToList();
        _interpreted.SecretPatterns.Clear();
        copies.ForEach(_interpreted.SecretPatterns.Add);
    }

    private string Input => Text.StartsWith("plain", StringComparison.Ordinal) ? s_plain : s_withSecrets;

    [Benchmark(Baseline = true)]
    public string Interpreted() => OutputSanitizer.Redact(Input, [], _interpreted, new SanitizeReport());

    [Benchmark]
    public string SourceGenerated() => OutputSanitizer.Redact(Input, [], _generated, new SanitizeReport());
}
