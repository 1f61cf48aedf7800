using TypedTools.Fuzz;
using TypedTools.Testing.Fuzzing;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Fuzzing;

/// <summary>
/// Replays the committed fuzzing corpus (tests/TypedTools.Fuzz/corpus: the seeds, what AFL++ runs kept for new
/// coverage, and every input that once crashed) through the same targets the fuzzer runs, uninstrumented.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Targets => ["parser", "path", "url"];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_input_keeps_its_invariants(string name)
    {
        string[] files = Directory.GetFiles(Path.Combine(BuildFacts.Get("FuzzCorpus"), name));
        Assert.True(files.Length >= 50, $"The {name} corpus has only {files.Length} inputs.");
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("crash-", StringComparison.Ordinal)); // the regressions are there

        IFuzzTarget target = Create(name);
        try
        {
            var failures = new List<string>();
            foreach (string file in files)
            {
                try
                {
                    target.Run(File.ReadAllBytes(file));
                }
                catch (Exception exception)
                {
                    failures.Add($"{Path.GetFileName(file)}: {exception.GetType().Name}: {exception.Message}");
                }
            }
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void The_targets_report_what_they_were_built_to_find()
    {
        // A target that never throws would make the corpus replay pass vacuously: each one must reject a broken invariant.
        var parser = new ParserTarget(FuzzTools.All);
        byte numbers = FirstByteOf(parser, "numbers");
        parser.Run([numbers, .. "{\"i8\":1}"u8]); // refused with documented codes: fine
        Assert.Null(ArgumentsObject.TryParse("[1]"u8));
        Assert.Null(ArgumentsObject.TryParse("{\"a\":1} {}"u8));

        Assert.NotNull(Testing.Models.UrlModel.Objection("https://docs.example.org@evil.com/", ["docs.example.org"], false, null, new Uri("https://evil.com/")));
        Assert.Null(Testing.Models.UrlModel.Objection("https://DOCS.example.org/x", ["docs.example.org"], false, null, new Uri("https://docs.example.org/x")));
        Assert.NotNull(Testing.Models.UrlModel.Objection("https://docs.example.org/", ["docs.example.org"], false, null, new Uri("https://evil.com/")));
    }

    [Fact]
    public void A_tool_added_to_the_parser_target_takes_inputs_from_no_tool_but_one_neighbour()
    {
        // A corpus input's first byte picks its tool; adding a tool must not send the rest of the corpus to other tools.
        ITypedTool[] all = [.. FuzzTools.All];
        var full = new ParserTarget(all);
        Assert.Equal(all.Select(t => t.Descriptor.Name).Order(StringComparer.Ordinal),
            Enumerable.Range(0, 256).Select(b => full.ToolFor((byte)b)!.Descriptor.Name).Distinct().Order(StringComparer.Ordinal));
        foreach (ITypedTool added in all)
        {
            var before = new ParserTarget(all.Where(t => t != added));
            List<string> lost = Enumerable.Range(0, 256).Where(b => full.ToolFor((byte)b) != added)
                .Select(b => before.ToolFor((byte)b)!.Descriptor.Name).Distinct().ToList();
            Assert.Equal(all.Length - 1, lost.Count);
            List<string> donors = Enumerable.Range(0, 256).Where(b => full.ToolFor((byte)b) == added)
                .Select(b => before.ToolFor((byte)b)!.Descriptor.Name).Distinct().ToList();
            Assert.Single(donors);
            Assert.All(Enumerable.Range(0, 256).Where(b => full.ToolFor((byte)b) != added), b => Assert.Same(before.ToolFor((byte)b), full.ToolFor((byte)b)));
        }

        // And the committed corpus reaches every tool.
        Dictionary<string, int> inputs = Directory.GetFiles(Path.Combine(BuildFacts.Get("FuzzCorpus"), "parser")).Select(File.ReadAllBytes)
            .Where(b => b.Length > 0).GroupBy(b => full.ToolFor(b[0])!.Descriptor.Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(all, t => Assert.True(inputs.GetValueOrDefault(t.Descriptor.Name) >= 5, $"{t.Descriptor.Name}: {inputs.GetValueOrDefault(t.Descriptor.Name)} inputs"));
    }

    private static byte FirstByteOf(ParserTarget target, string tool) =>
        (byte)Enumerable.Range(0, 256).First(b => target.ToolFor((byte)b)!.Descriptor.Name == tool);

    internal static IFuzzTarget Create(string name) => name switch
    {
        "parser" => new ParserTarget(FuzzTools.All),
        "path" => new PathTarget(),
        "url" => new UrlTarget(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
