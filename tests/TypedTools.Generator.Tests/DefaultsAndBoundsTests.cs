using System.Text.Json;
using Microsoft.CodeAnalysis;
using ModelContextProtocol.Server;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>
/// Defaults and declared bounds, as the declaration fuzzer found them wanting: a reference parameter whose default is
/// null, and an auto-property left without an initializer (or with one that spells null: `= null!`, `= default!`), take null; a [Range] wider than its type is clamped to what the type holds (a negative bound on an unsigned
/// type did not compile; a bound beyond long's range overflowed its literal).
/// </summary>
public sealed class DefaultsAndBoundsTests
{
    private const string Source = """
        #nullable enable
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using ModelContextProtocol.Server;

        public sealed record Rec(int A)
        {
            public IReadOnlyList<ulong> Write { get; init; }
            public List<int> Kept { get; set; } = new();
            public string Forced { get; set; } = null!; // starts null all the same: `!` only silences the warning
            public int[] Spelled { get; init; } = (default)!;
        }

        public static class Tools
        {
            [McpServerTool(Name = "nulls")]
            public static int Nulls(List<System.Guid> ids = null!, string text = null!) => ids?.Count ?? -1;

            [McpServerTool(Name = "largest")]
            public static float Largest(float f = float.MaxValue) => f;

            [McpServerTool(Name = "record")]
            public static int Record(Rec r) => r.A;

            [McpServerTool(Name = "bounds")]
            public static int Bounds([Range(-1.5, 2.5)] ulong small, [Range(0, 1e30)] long large, [Range(double.NegativeInfinity, 0)] double negative) => 0;
        }
        """;

    private static readonly Dictionary<string, ITypedTool> s_tools = Load();

    private static Dictionary<string, ITypedTool> Load()
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(Source));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return GeneratorHarness.LoadTools(output).ToDictionary(t => t.ProtocolTool.Name, t => (ITypedTool)t);
    }

    private static JsonElement Property(string tool, string name) =>
        ((McpServerTool)s_tools[tool]).ProtocolTool.InputSchema.GetProperty("properties").GetProperty(name);

    private static IReadOnlyList<TypedTools.Arguments.ArgumentError> Validate(string tool, string json, out string canonical)
    {
        var errors = s_tools[tool].ValidateArguments(GeneratorHarness.Arguments(json), out ReadOnlyMemory<byte> bytes);
        canonical = System.Text.Encoding.UTF8.GetString(bytes.Span);
        return errors;
    }

    [Fact]
    public void A_reference_parameter_whose_default_is_null_takes_null_and_its_canonical_form_reads_back()
    {
        Assert.Equal("""["array","null"]""", Property("nulls", "ids").GetProperty("type").GetRawText());
        Assert.Equal("""["string","null"]""", Property("nulls", "text").GetProperty("type").GetRawText());
        Assert.Empty(Validate("nulls", """{"ids":null,"text":null}""", out _));

        // Left out, the default (null) is what the canonical form writes; it must be accepted again.
        Assert.Empty(Validate("nulls", "{}", out string canonical));
        Assert.Equal("""{"ids":null,"text":null}""", canonical);
        Assert.Empty(Validate("nulls", canonical, out string again));
        Assert.Equal(canonical, again);
    }

    [Fact]
    public void A_property_left_without_an_initializer_takes_null_and_its_canonical_form_reads_back()
    {
        JsonElement members = Property("record", "r").GetProperty("properties");
        Assert.Equal("""["array","null"]""", members.GetProperty("write").GetProperty("type").GetRawText());
        Assert.Equal("\"array\"", members.GetProperty("kept").GetProperty("type").GetRawText());
        Assert.Equal("""["string","null"]""", members.GetProperty("forced").GetProperty("type").GetRawText());
        Assert.Equal("""["array","null"]""", members.GetProperty("spelled").GetProperty("type").GetRawText());

        Assert.Empty(Validate("record", """{"r":{"a":1}}""", out string canonical));
        Assert.Equal("""{"r":{"a":1,"write":null,"kept":[],"forced":null,"spelled":null}}""", canonical);
        Assert.Empty(Validate("record", canonical, out string again));
        Assert.Equal(canonical, again);
        Assert.Contains(Validate("record", """{"r":{"a":1,"kept":null}}""", out _), e => e.Field == "r.kept");
    }

    /// <summary>float.MaxValue is written as its shortest text, 3.4028235E+38, a little above its exact value as a double.</summary>
    [Fact]
    public void The_largest_float_is_written_as_a_value_that_reads_back()
    {
        Assert.Equal("3.4028235E+38", Property("largest", "f").GetProperty("maximum").GetRawText());
        Assert.Empty(Validate("largest", "{}", out string canonical));
        Assert.Equal("""{"f":3.4028235E+38}""", canonical);
        Assert.Empty(Validate("largest", canonical, out string again));
        Assert.Equal(canonical, again);
        Assert.Contains(Validate("largest", """{"f":3.4028236E+38}""", out _), e => e.Field == "f");
    }

    [Fact]
    public void A_range_wider_than_its_type_is_clamped_to_what_the_type_holds()
    {
        Assert.Equal(0, Property("bounds", "small").GetProperty("minimum").GetInt32());
        Assert.Equal(2, Property("bounds", "small").GetProperty("maximum").GetInt32());
        Assert.Equal(long.MaxValue, Property("bounds", "large").GetProperty("maximum").GetInt64());
        Assert.Equal(0, Property("bounds", "negative").GetProperty("maximum").GetDouble());

        Assert.Empty(Validate("bounds", """{"small":2,"large":9223372036854775807,"negative":-1e300}""", out _));
        Assert.Contains(Validate("bounds", """{"small":3,"large":0,"negative":0}""", out _), e => e.Field == "small");
        Assert.Contains(Validate("bounds", """{"small":0,"large":0,"negative":0.5}""", out _), e => e.Field == "negative");
    }
}
