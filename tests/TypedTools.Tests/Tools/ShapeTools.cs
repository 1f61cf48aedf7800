using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedTools.Tests.Tools;

// Tools whose only purpose is to exercise every shape the generator supports. They echo what they parsed,
// so a test can check that a value survives the parser and the result writer unchanged.

public enum Color
{
    Red,
    Green,
    Blue,
}

public sealed record Point(int X, int Y);

/// <summary>A recursive shape: children nest as deep as a caller likes, which the depth limit bounds.</summary>
public sealed record Shape(string Name, Color Color, IReadOnlyList<Point> Points, Shape? Child = null, [MaxLength(3)] string[]? Tags = null);

/// <summary>A settable DTO class (not a record): optional members keep their initial values.</summary>
public sealed class Settings
{
    public required string Title { get; set; }
    public int Retries { get; set; } = 3;
    public List<string> Labels { get; set; } = ["default"];
}

/// <summary>An inherited shape: a base type's properties are read and written with the derived type's, as System.Text.Json does.</summary>
public record Entity(string Id)
{
    public string Note { get; set; } = "";
}

public sealed record Person(string Id, string Name) : Entity(Id);

/// <summary>Members that share a value: a reader takes either name; a writer writes the first.</summary>
public enum Level
{
    Low = 1,
    Minimum = 1,
    High,
}

/// <summary>Members with JSON names of their own ([JsonStringEnumMemberName], as System.Text.Json reads them).</summary>
public enum Stage
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("in-progress")]
    InProgress,
    Done,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("on hold")]
    OnHold,
}

/// <summary>A [Flags] enum: its JSON is an array of member names (a composite member and a zero member included).</summary>
[Flags]
public enum Access
{
    None = 0,
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
    Execute = 4,
}

public sealed record Grant(string Who, Access Access = Access.Read | Access.Execute);

public sealed record Primitives(string S, bool B, sbyte I8, byte U8, short I16, ushort U16, int I32, uint U32, long I64, ulong U64,
    float F32, double F64, decimal Dec, Guid Guid, DateTimeOffset At, DateOnly Day, TimeOnly Time, TimeSpan Span, Uri Uri, Color Color);

public sealed record Sets(HashSet<string> Tags, IReadOnlySet<int> Ids, ISet<Color>? Colors);

/// <summary>Immutable and read-only collections, as members of a result.</summary>
public sealed record Immutables(ImmutableArray<string> Tags, IImmutableList<Point> Points, ImmutableHashSet<int> Ids, FrozenSet<string> Names,
    ImmutableDictionary<string, int> Counts, FrozenDictionary<string, Color> Colors, ReadOnlyCollection<string> Lines,
    ReadOnlyDictionary<string, string> Labels, ImmutableArray<int>? Extra);

public sealed record EnumMaps(Dictionary<Color, int> Counts, IReadOnlyDictionary<Stage, string[]>? Notes, FrozenDictionary<Color, Point> Places);

public sealed record IntMaps(Dictionary<int, string> Lines, IReadOnlyDictionary<byte, Point>? Cells, FrozenDictionary<long, ulong> Big);

public sealed record Maps(Dictionary<string, string> Labels, IReadOnlyDictionary<string, Point?> Points, IDictionary<string, Color> Colors, Dictionary<string, int[]>? Counts);

public interface ICounter
{
    int Next();
}

public sealed class Counter : ICounter
{
    private int _value;

    public int Next() => Interlocked.Increment(ref _value);
}

public static class ShapeTools
{
    [McpServerTool(Name = "primitives"), ReadOnly]
    public static Primitives EchoPrimitives(string s, bool b, sbyte i8, byte u8, short i16, ushort u16, int i32, uint u32, long i64, ulong u64,
        float f32, double f64, decimal dec, Guid guid, DateTimeOffset at, DateOnly day, TimeOnly time, TimeSpan span, Uri uri, Color color) =>
        new(s, b, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, dec, guid, at, day, time, span, uri, color);

    [McpServerTool(Name = "nullables"), ReadOnly]
    public static string Nullables(string? s, int? n, Color? c, Point? p, List<int?>? list) =>
        $"{s ?? "null"}|{n?.ToString() ?? "null"}|{c?.ToString() ?? "null"}|{p?.ToString() ?? "null"}|{(list is null ? "null" : string.Join(",", list.Select(x => x?.ToString() ?? "null")))}";

    [McpServerTool(Name = "shape"), ReadOnly]
    public static Shape EchoShape(Shape shape) => shape;

    [McpServerTool(Name = "settings"), ReadOnly]
    public static Settings EchoSettings(Settings settings) => settings;

    [McpServerTool(Name = "person"), ReadOnly]
    public static Person EchoPerson(Person person) => person;

    [McpServerTool(Name = "level"), ReadOnly]
    public static Level EchoLevel(Level level) => level;

    [McpServerTool(Name = "validated"), ReadOnly]
    public static string Validated(
        [Range(1, 10)] int count,
        [StringLength(5, MinimumLength = 2)] string code,
        [RegularExpression("[a-z]+")] string word,
        [MinLength(1), MaxLength(3)] int[] items,
        [Range(0.5, 1.5)] double ratio = 1.0) => $"{count}|{code}|{word}|{string.Join(",", items)}|{ratio}";

    /// <summary>Defaults of every literal kind.</summary>
    /// <param name="count">How many.</param>
    [McpServerTool(Name = "defaults"), ReadOnly]
    public static string Defaults(int count = 3, string label = "x", Color color = Color.Green, bool flag = true, double ratio = 0.25, string? note = null) =>
        $"{count}|{label}|{color}|{flag}|{ratio}|{note ?? "null"}";

    [McpServerTool(Name = "lists"), ReadOnly]
    public static int[] Lists(List<string> names, IReadOnlyList<Point> points, int[][] grid) =>
        [names.Count, points.Count, grid.Sum(row => row.Length)];

    /// <summary>Dictionaries: JSON objects of any property names, with values of any supported type, echoed as a record's members.</summary>
    [McpServerTool(Name = "maps"), ReadOnly]
    public static Maps EchoMaps(Dictionary<string, string> labels, IReadOnlyDictionary<string, Point?> points,
        [MinLength(1), MaxLength(3)] IDictionary<string, Color> colors, Dictionary<string, int[]>? counts = null) => new(labels, points, colors, counts);

    /// <summary>[Flags] values: combined from names, written back as the names of the members they hold.</summary>
    [McpServerTool(Name = "flags"), ReadOnly]
    public static Grant[] Flags(Access access, Grant[] grants, Access? extra = null, Access zero = Access.None) =>
        [new("self", access | (extra ?? Access.None) | zero), .. grants];

    /// <summary>An enum read and written by its members' JSON names.</summary>
    [McpServerTool(Name = "stage"), ReadOnly]
    public static Stage[] EchoStage(Stage stage, Stage[] more, Stage fallback = Stage.InProgress) => [stage, .. more, fallback];

    /// <summary>A [Flags] result with bits no member has, which no name can say.</summary>
    [McpServerTool(Name = "undefined_flags"), ReadOnly]
    public static Access UndefinedFlags() => (Access)(1 | 16);

    /// <summary>Sets: arrays whose items are unique (their equality is JSON's), echoed.</summary>
    [McpServerTool(Name = "sets"), ReadOnly]
    public static Sets EchoSets(HashSet<string> tags, IReadOnlySet<int> ids, [MaxItems(2)] ISet<Color>? colors = null) => new(tags, ids, colors);

    /// <summary>Immutable and read-only collections: read as arrays, sets and dictionaries are, then handed over as declared.</summary>
    [McpServerTool(Name = "immutables"), ReadOnly]
    public static Immutables EchoImmutables(ImmutableArray<string> tags, IImmutableList<Point> points, ImmutableHashSet<int> ids, FrozenSet<string> names,
        ImmutableDictionary<string, int> counts, FrozenDictionary<string, Color> colors, ReadOnlyCollection<string> lines,
        ReadOnlyDictionary<string, string> labels, [MaxItems(2)] ImmutableArray<int>? extra = null) =>
        new(tags, points, ids, names, counts, colors, lines, labels, extra);

    /// <summary>Dictionaries keyed by an enum: their property names are the members' JSON names.</summary>
    [McpServerTool(Name = "enum_maps"), ReadOnly]
    public static EnumMaps EchoEnumMaps([MaxLength(2)] Dictionary<Color, int> counts, IReadOnlyDictionary<Stage, string[]>? notes = null,
        FrozenDictionary<Color, Point>? places = null) => new(counts, notes, places ?? FrozenDictionary<Color, Point>.Empty);

    /// <summary>Dictionaries keyed by integers: their property names are the numbers' decimal spellings, in the key type's range.</summary>
    [McpServerTool(Name = "int_maps"), ReadOnly]
    public static IntMaps EchoIntMaps(Dictionary<int, string> lines, IReadOnlyDictionary<byte, Point>? cells = null, FrozenDictionary<long, ulong>? big = null) =>
        new(lines, cells, big ?? FrozenDictionary<long, ulong>.Empty);

    /// <summary>A tool that builds its CallToolResult itself and names the type its structured content keeps: published, and checked.</summary>
    [McpServerTool(Name = "own_result", OutputSchemaType = typeof(Point)), ReadOnly]
    public static CallToolResult OwnResult(string structured) => new()
    {
        Content = [new TextContentBlock { Text = structured }],
        StructuredContent = System.Text.Json.JsonDocument.Parse(structured).RootElement.Clone(),
    };

    /// <summary>A result keyed by a value no member of the enum has: no name says it, so the result is withheld.</summary>
    [McpServerTool(Name = "undefined_key"), ReadOnly]
    public static Dictionary<Color, int> UndefinedKey() => new() { [Color.Red] = 1, [(Color)7] = 2 };

    /// <summary>A default ImmutableArray holds no array: written as null, which its schema does not allow, so it is withheld.</summary>
    [McpServerTool(Name = "default_immutable"), ReadOnly]
    public static ImmutableArray<string> DefaultImmutable() => default;

    /// <summary>A dictionary as the whole result (wrapped in <c>result</c>, like any value that is not a record).</summary>
    [McpServerTool(Name = "map_sizes"), ReadOnly]
    public static IReadOnlyDictionary<string, int> MapSizes(Dictionary<string, string[]> groups) => groups.ToDictionary(g => g.Key, g => g.Value.Length);

    [McpServerTool, Idempotent]
    public static Task NothingAsync() => Task.CompletedTask;

    [McpServerTool]
    public static Task<int> GetHTTPStatusAsync() => Task.FromResult(200);

    // Parameter names that cannot name a tuple element: the generated tool keeps an arguments struct of its own.
    [McpServerTool(Name = "reserved_names"), ReadOnly]
    public static string ReservedNames(string Rest, int Item2, bool ToString = false) => $"{Rest}|{Item2}|{ToString}";

    [McpServerTool(Name = "throws"), ReadOnly]
    public static string Throws() => throw new InvalidOperationException("secret internal detail");

    [McpServerTool(Name = "mcp_error"), ReadOnly]
    public static string McpError() => throw new McpException("The file is locked; try again in a minute.");

    [McpServerTool(Name = "content"), ReadOnly]
    public static IEnumerable<ContentBlock> Content() => [new TextContentBlock { Text = "one" }, new TextContentBlock { Text = "two" }];

    [McpServerTool(Name = "described"), ReadOnly, Description("From the attribute.")]
    public static string Described([Description("A described value.")] string value) => value;

    [McpServerTool(Name = "count"), Destructive("Advances the shared counter")]
    public static int Count(ICounter counter, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        request.Params!.Name == "count" && !cancellationToken.IsCancellationRequested ? counter.Next() : -1;
}

/// <summary>An instance tool type: created per call with its constructor's services, then disposed.</summary>
public sealed class InstanceTools(ICounter counter) : IDisposable
{
    public static int Disposed;

    [McpServerTool(Name = "instance_count", OpenWorld = false), ReadOnly]
    public int InstanceCount() => counter.Next();

    public void Dispose() => Interlocked.Increment(ref Disposed);
}
