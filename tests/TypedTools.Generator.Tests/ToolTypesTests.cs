using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>
/// The assembly's one reader and writer per JSON type (TypedTools.ToolTypes.g.cs): tools that share a type share its
/// helpers, types whose simple identifiers would collide stay apart, and arguments and results are written from their
/// own models.
/// </summary>
public sealed class ToolTypesTests
{
    private const string Source = """
        using ModelContextProtocol.Server;

        namespace Shapes
        {
            public sealed record Point(int X, int Y)
            {
                public int Sum => X + Y;
            }

            public static class PointTools
            {
                [McpServerTool] public static int Left(Point point) => point.X;
                [McpServerTool] public static int Right(Point point, Point[] more) => point.Y + more.Length;
                [McpServerTool] public static Point Echo(int x) => new(x, x);
            }
        }

        // Two types whose names differ only in where the underscore and the dot are.
        namespace A { public sealed record B_C(string Name); }
        namespace A_B { public sealed record C(int Count); }

        namespace Collide
        {
            public static class CollideTools
            {
                [McpServerTool] public static string First(A.B_C value) => value.Name;
                [McpServerTool] public static int Second(A_B.C value) => value.Count;
            }
        }
        """;

    private static (GeneratorDriver Driver, Compilation Output) Run()
    {
        var (driver, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(Source));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return (driver, output);
    }

    private static int Count(string text, string pattern) => Regex.Matches(text, Regex.Escape(pattern)).Count;

    [Fact]
    public void Tools_taking_the_same_type_call_its_one_shared_reader()
    {
        var (driver, _) = Run();
        string types = GeneratorHarness.Generated(driver, "TypedTools.ToolTypes.g.cs");

        Assert.Equal(1, Count(types, "internal static bool Read_Shapes_Point("));
        Assert.Equal(1, Count(types, "internal static bool ReadArray_Shapes_Point_5_6_9v("));
        // One codec per parameter type (its reader, writer and description), which the tools name.
        Assert.Equal(1, Count(types, "ArgumentCodec<global::Shapes.Point> Codec_Shapes_Point = new(Read_Shapes_Point, Write_Shapes_Point, \"an object\");"));
        foreach (string tool in new[] { "Left", "Right" })
        {
            string file = GeneratorHarness.GeneratedTool(driver, "Shapes_PointTools", tool);
            Assert.Contains("global::TypedTools.Generated.ToolTypes.Codec_Shapes_Point)", file, StringComparison.Ordinal);
            Assert.DoesNotContain("static bool Read_", file, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Arguments_are_written_from_the_input_model_and_results_from_the_output_model()
    {
        var (driver, _) = Run();
        string types = GeneratorHarness.Generated(driver, "TypedTools.ToolTypes.g.cs");

        string argumentWriter = Body(types, "internal static void Write_Shapes_Point(");
        string resultWriter = Body(types, "internal static void WriteResult_Shapes_Point(");
        Assert.DoesNotContain("\"sum\"u8", argumentWriter, StringComparison.Ordinal);
        Assert.Contains("\"sum\"u8", resultWriter, StringComparison.Ordinal);
        Assert.Contains("internal static readonly global::TypedTools.Results.JsonValueWriter<global::Shapes.Point?> ResultWriter_Shapes_Point = WriteResult_Shapes_Point;",
            types, StringComparison.Ordinal);
        Assert.Contains("global::TypedTools.Results.ToolResults.Structured(result, global::TypedTools.Generated.ToolTypes.ResultWriter_Shapes_Point, wrapInResult: false)",
            GeneratorHarness.GeneratedTool(driver, "Shapes_PointTools", "Echo"), StringComparison.Ordinal);
    }

    [Fact]
    public void Types_whose_simple_identifiers_collide_get_helpers_of_their_own()
    {
        var (driver, _) = Run();
        string types = GeneratorHarness.Generated(driver, "TypedTools.ToolTypes.g.cs");

        Assert.Contains("internal static bool Read_A_B_0C(global::TypedTools.Arguments.ArgumentReader reader, global::System.Text.Json.JsonElement json, in global::TypedTools.Arguments.PathSegment at, out global::A.B_C value)", types, StringComparison.Ordinal);
        Assert.Contains("internal static bool Read_A_0B_C(global::TypedTools.Arguments.ArgumentReader reader, global::System.Text.Json.JsonElement json, in global::TypedTools.Arguments.PathSegment at, out global::A_B.C value)", types, StringComparison.Ordinal);
    }

    /// <summary>Classes the service-or-data test once took for services: all properties inherited, or built through a [JsonConstructor].</summary>
    [Theory]
    [InlineData("public class Paging { public int Page { get; set; } } public sealed class Query : Paging { }", "\"page\":{\"type\":\"integer\"")]
    [InlineData("public sealed class Query { [System.Text.Json.Serialization.JsonConstructor] public Query(string text) { Text = text; } public string Text { get; } }",
        "\"text\":{\"type\":\"string\"")]
    public void A_class_that_says_how_to_build_it_from_JSON_is_data_not_a_service(string declarations, string member)
    {
        var (driver, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile($$"""
            using ModelContextProtocol.Server;
            {{declarations}}
            public static class Search { [McpServerTool] public static int Find(Query query) => 0; }
            """));

        Assert.Empty(diagnostics);
        Assert.Contains("\"properties\":{\"query\":{\"type\":\"object\",\"properties\":{" + member, GeneratorHarness.GeneratedTool(driver, "Search", "Find"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_assembly_whose_tools_take_only_primitives_gets_no_tool_types_file()
    {
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using ModelContextProtocol.Server;
            public static class Plain { [McpServerTool] public static int Add(int a, int b) => a + b; }
            """));

        Assert.DoesNotContain(driver.GetRunResult().Results.Single().GeneratedSources, s => s.HintName == "TypedTools.ToolTypes.g.cs");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_result_shape_compiles_without_warnings_with_and_without_the_nullability_check(bool checkNullability)
    {
        const string shapes = """
            using System.Collections.Frozen;
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using System.Collections.ObjectModel;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;

            namespace Results
            {
                public enum Color { Red, Green }
                public sealed record Point(int X, int Y);
                public readonly record struct Vec(double X, double Y);

                public static class ResultTools
                {
                    [McpServerTool] public static Point Point(Point p) => p;
                    [McpServerTool] public static Point? MaybePoint(bool none) => none ? null : new Point(1, 2);
                    [McpServerTool] public static Vec Vec(Vec v) => v;
                    [McpServerTool] public static Vec? MaybeVec(bool none) => none ? null : new Vec(1, 2);
                    [McpServerTool] public static Color Color(Color c) => c;
                    [McpServerTool] public static Color? MaybeColor(bool none) => none ? null : Results.Color.Red;
                    [McpServerTool] public static int[]? Numbers(bool none) => none ? null : [1, 2];
                    [McpServerTool] public static List<Point> Points(Point[] points) => [.. points];
                    [McpServerTool] public static Task<Vec?> LaterVec(bool none) => Task.FromResult<Vec?>(none ? null : new Vec(1, 2));
                    [McpServerTool] public static ValueTask<Color[]> LaterColors(Color[] colors) => new(colors);
                    [McpServerTool] public static Task<Point?> LaterPoint(bool none) => Task.FromResult<Point?>(none ? null : new Point(1, 2));
                    // Dictionaries, and values whose type arguments are annotated (read into that very type).
                    [McpServerTool] public static IReadOnlyDictionary<string, Point?> Map(Dictionary<string, Point?> points, IDictionary<string, int[]>? counts = null) => points;
                    [McpServerTool] public static Dictionary<string, Vec>? MaybeMap(bool none) => none ? null : new() { ["a"] = new Vec(1, 2) };
                    [McpServerTool] public static IReadOnlyList<Point?> Holes(IReadOnlyList<Point?> points, string?[]?[] words, List<int?[]> grid) => points;
                    // An array's length goes before the element's own brackets, not into a type argument's (found by the declaration fuzzer).
                    [McpServerTool] public static int Boxes(Box<byte[]>[][] boxes, Box<int[]>[] flat) => boxes.Length;
                    // [Flags]: arrays of names; a signed underlying type, a combined default, a nullable and a result.
                    [McpServerTool] public static Perms Flags(Perms perms, Perms? maybe = null, Perms both = Perms.Read | Perms.Sign, Perms[]? many = null) => perms;
                    // Immutable and read-only collections: an ImmutableArray is a struct (and may be a Nullable), the rest classes or interfaces.
                    [McpServerTool] public static ImmutableArray<Point?> Frozen(ImmutableArray<string?[]> words, ImmutableArray<int>? maybe, IImmutableList<Vec?> vecs,
                        ImmutableHashSet<int> ids, FrozenSet<string>? names, IImmutableSet<Color> colors, ImmutableDictionary<string, Point?> map,
                        IImmutableDictionary<string, ImmutableArray<int>> nested, FrozenDictionary<string, Vec>? frozen, ReadOnlyCollection<Box<int[]>> boxes,
                        ReadOnlyDictionary<string, string?> labels, [TypedTools.Destination] ImmutableArray<string>? to = null) => [];
                    [McpServerTool] public static ImmutableArray<Vec>? MaybeFrozen(bool none) => none ? null : [new Vec(1, 2)];
                    [McpServerTool] public static Bag Bag(Bag bag) => bag;
                    [McpServerTool] public static FrozenDictionary<string, ImmutableArray<Color>> FrozenMap(bool none) => FrozenDictionary<string, ImmutableArray<Color>>.Empty;
                    // Dictionaries keyed by an enum (its member names), values of every sort, as parameters and results.
                    [McpServerTool] public static IReadOnlyDictionary<Color, Vec?> EnumKeys(Dictionary<Color, Point?> points, IDictionary<Color, int[]>? counts = null,
                        FrozenDictionary<Color, ImmutableArray<Color>>? frozen = null, IImmutableDictionary<Color, Dictionary<Color, string?>>? nested = null,
                        [TypedTools.Destination] Dictionary<Color, string>? routes = null, [TypedTools.Destination] FrozenDictionary<long, string>? byId = null) => new Dictionary<Color, Vec?>();
                    // A CallToolResult that names its structured content's type, and a return type named again (the SDK's OutputSchemaType).
                    [McpServerTool(OutputSchemaType = typeof(Vec))] public static ModelContextProtocol.Protocol.CallToolResult OwnResult(bool none) => new();
                    [McpServerTool(OutputSchemaType = typeof(Point))] public static Task<Point> SameSchema(bool none) => Task.FromResult(new Point(1, 2));
                    // ... and by every integer type (their decimal spellings).
                    [McpServerTool] public static IReadOnlyDictionary<ulong, int> IntegerKeys(Dictionary<sbyte, Point?> a, IDictionary<byte, int[]> b, IReadOnlyDictionary<short, Vec> c,
                        Dictionary<ushort, Color> d, FrozenDictionary<int, string?> e, ImmutableDictionary<uint, long> f, Dictionary<long, Dictionary<ulong, bool>>? g = null) => new Dictionary<ulong, int>();
                }

                [System.Flags] public enum Perms : sbyte { None = 0, Read = 1, Write = 2, Sign = -128 }

                public sealed record Box<T>(T Value);

                // Optional ImmutableArray members that hold an array when left out (or may be null), and a required one.
                public sealed class Bag
                {
                    public ImmutableArray<string> Tags { get; set; } = [];
                    public ImmutableArray<int>? Ids { get; set; }
                    public required ImmutableArray<Point> Points { get; set; }
                }
            }
            """;
        var properties = new Dictionary<string, string> { ["TypedToolsCheckGeneratedNullability"] = checkNullability ? "true" : "false" };

        var (driver, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(shapes), GeneratorHarness.CreateDriver(properties));

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string types = GeneratorHarness.Generated(driver, "TypedTools.ToolTypes.g.cs");
        Assert.Contains("JsonValueWriter<global::Results.Vec> ResultWriter_Results_Vec = WriteResult_Results_Vec;", types, StringComparison.Ordinal);
        Assert.Contains("JsonValueWriter<global::Results.Point?> ResultWriter_Results_Point = WriteResult_Results_Point;", types, StringComparison.Ordinal);
        // A nullable struct result keeps a writer of its own tool (the shared one takes the value type).
        Assert.Contains("MaybeVec_writeResult = static", GeneratorHarness.GeneratedTool(driver, "Results_ResultTools", "MaybeVec"), StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_take_the_lightest_shape_their_names_allow_and_a_plain_tool_declares_no_static_state()
    {
        const string shapes = """
            using ModelContextProtocol.Server;
            using TypedTools;

            namespace Args
            {
                public static class ArgTools
                {
                    [McpServerTool] public static string Fetch([AllowedDomain("docs.example.org")] System.Uri url) => url.Host;
                    [McpServerTool] public static string None() => "";
                    [McpServerTool] public static string One(string text) => text;
                    [McpServerTool] public static string Two(string text, int count = 1) => text + count;
                    [McpServerTool] public static string Tuple9(int a, int b, int c, int d, int e, int f, int g, int h, int i) => "";
                    // Each parameter's default is the binder's fallback argument: every literal kind must let the binder's
                    // type argument be inferred from the parameter's type.
                    [McpServerTool] public static string Defaults(byte u8 = 5, sbyte i8 = -1, short i16 = 2, ushort u16 = 3, uint u32 = 4,
                        long i64 = 5, ulong u64 = ulong.MaxValue, float f32 = 1.5f, double f64 = 1, decimal dec = 2.5m,
                        System.DateTimeOffset at = default, System.TimeSpan span = default, string text = "t", bool flag = true) => text;
                    [McpServerTool] public static string Reserved(string Rest, int Item1, bool CompareTo, string Deconstruct) => Rest;
                    [McpServerTool] public static string Hiding(string ToString, string Equals, string GetHashCode, string GetType,
                        string MemberwiseClone, string ReferenceEquals, string Finalize) => ToString;
                }
            }
            """;

        var (driver, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(shapes));

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string Base(string tool) => Regex.Match(GeneratorHarness.GeneratedTool(driver, "Args_ArgTools", tool), @"GeneratedTool<(.*)> \w+\(\) => new\(").Groups[1].Value;
        Assert.Equal("global::System.ValueTuple", Base("None"));
        Assert.Equal("string", Base("One"));
        Assert.Equal("(string @text, int @count)", Base("Two"));
        Assert.StartsWith("(int @a, ", Base("Tuple9"), StringComparison.Ordinal);
        Assert.Equal("Reserved_Arguments", Base("Reserved"));
        Assert.Equal("Hiding_Arguments", Base("Hiding"));
        Assert.Contains("public new string @GetType;", GeneratorHarness.GeneratedTool(driver, "Args_ArgTools", "Hiding"), StringComparison.Ordinal);
        // A number's default is cast to its parameter's type, a negative one in parentheses.
        Assert.Contains("(sbyte)(-1), global::TypedTools.Arguments.ArgumentCodecs.SByte)", GeneratorHarness.GeneratedTool(driver, "Args_ArgTools", "Defaults"), StringComparison.Ordinal);
        // The definition and the policy facts (domain rules too) go to the tool's constructor: no static field, so the shared class
        // has no static constructor; and no class of the tool's own, only its members in the shared one, declared once in
        // the type's one file.
        string two = GeneratorHarness.GeneratedTool(driver, "Args_ArgTools", "Two");
        Assert.DoesNotContain("static readonly", two, StringComparison.Ordinal);
        Assert.Empty(Regex.Matches(two, @"\b(class|struct|record)\s+\w+"));
        Assert.Single(Regex.Matches(GeneratorHarness.Generated(driver, "Args_ArgTools_Tools.g.cs"), @"\bclass Args_ArgTools_Tools\b"));
        Assert.Contains("internal static global::TypedTools.GeneratedTool<(string @text, int @count)> Two_Tool() => new(", two, StringComparison.Ordinal);
        // The parameters are described once (parse, constraints and canonical writing are the base class's passes over it):
        // one binder call per parameter, no parser or writer of the tool's own.
        Assert.Contains("b.String(ref arguments.@text, \"text\", global::TypedTools.Arguments.ArgumentFlags.Required, default!, 0, 1048576);", two, StringComparison.Ordinal);
        Assert.Contains("b.Value(ref arguments.@count, \"count\", global::TypedTools.Arguments.ArgumentFlags.None, (int)(1), global::TypedTools.Arguments.ArgumentCodecs.Int32);", two, StringComparison.Ordinal);
        Assert.DoesNotContain("TryParseArguments", two, StringComparison.Ordinal);
        Assert.DoesNotContain("WriteArguments", two, StringComparison.Ordinal);
        string fetch = GeneratorHarness.GeneratedTool(driver, "Args_ArgTools", "Fetch");
        Assert.DoesNotContain("static readonly", fetch, StringComparison.Ordinal);
        Assert.Contains("b.Url(ref arguments, \"url\", 0);", fetch, StringComparison.Ordinal);
    }

    /// <summary>The text of the member that starts with <paramref name="signature"/>, up to the next member.</summary>
    private static string Body(string text, string signature)
    {
        int start = text.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(start >= 0, signature);
        int end = text.IndexOf("\n        }\n", start, StringComparison.Ordinal);
        return text[start..end];
    }
}
