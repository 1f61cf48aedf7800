using System.Collections.Frozen;
using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Server;
using TypedTools.Policy.Paths;

namespace TypedTools.Fuzz;

// Tools whose generated parsers the fuzzer attacks: between them, every value kind, nesting (records, a settable
// class, recursion, jagged arrays), dictionaries (string, enum and integer keys), sets, immutable collections, [Flags], nullables,
// defaults, secrets and every validation attribute the generator reads.
// Bodies never run (the target only parses).

/// <summary>A colour.</summary>
public enum Hue
{
    Red,
    Green,
    Blue,
}

/// <summary>Permissions, combined: an array of names in JSON.</summary>
[Flags]
public enum Rights
{
    None = 0,
    Read = 1,
    Write = 2,
    Admin = 4,
}

/// <summary>A point.</summary>
public sealed record Spot(int X, int Y);

/// <summary>A recursive record with a collection.</summary>
public sealed record Node(string Label, Hue Hue, IReadOnlyList<Spot> Spots, Node? Next = null, [MaxItems(3)] string[]? Tags = null);

/// <summary>A settable class with required and defaulted members.</summary>
public sealed class Preferences
{
    /// <summary>Required.</summary>
    public required string Title { get; set; }

    /// <summary>Defaulted.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>Defaulted collection.</summary>
    public List<string> Labels { get; set; } = ["default"];
}

/// <summary>The fuzzed tools.</summary>
public static class FuzzTools
{
    /// <summary>The generated tools of this assembly, for the parser target.</summary>
    public static IEnumerable<ITypedTool> All => Microsoft.Extensions.DependencyInjection.TypedToolsMcpServerBuilderExtensions.CreateTypedTools().OfType<ITypedTool>();

    [McpServerTool(Name = "numbers"), ReadOnly]
    public static string Numbers(sbyte i8, byte u8, short i16, ushort u16, int i32, uint u32, long i64, ulong u64, float f32, double f64, decimal dec) => "";

    [McpServerTool(Name = "texts"), ReadOnly]
    public static string Texts(string s, bool b, Guid guid, DateTimeOffset at, DateOnly day, TimeOnly time, TimeSpan span, Uri uri, Hue hue) => "";

    [McpServerTool(Name = "nullables"), ReadOnly]
    public static string Nullables(string? s, int? n, Hue? h, Spot? p, List<int?>? list, double? d = null) => "";

    [McpServerTool(Name = "node"), ReadOnly]
    public static string Nested(Node node) => "";

    [McpServerTool(Name = "options"), ReadOnly]
    public static string Settable(Preferences options) => "";

    [McpServerTool(Name = "collections"), ReadOnly]
    public static string Collections(List<string> names, IReadOnlyList<Spot> spots, int[][] grid, IEnumerable<Hue>? hues = null) => "";

    [McpServerTool(Name = "maps"), ReadOnly]
    public static string Maps(Dictionary<string, Spot?> spots, IReadOnlyDictionary<Hue, int[]> byHue, HashSet<string> tags, ISet<Hue>? hues = null,
        ImmutableArray<int>? extra = null, FrozenDictionary<Hue, string>? names = null, Rights rights = Rights.Read, [MaxItems(2)] IImmutableSet<long>? ids = null,
        IReadOnlyDictionary<short, bool>? lines = null, Dictionary<ulong, string>? big = null) => "";

    [McpServerTool(Name = "validated"), ReadOnly]
    public static string Validated(
        [Range(1, 10)] int count,
        [StringLength(5, MinimumLength = 2)] string code,
        [RegularExpression("[a-z]+")] string word,
        [MinItems(1), MaxItems(3)] int[] items,
        [Range(0.5, 1.5)] double ratio = 1.0,
        [Range(typeof(decimal), "-1.5", "2.25")] decimal amount = 0) => "";

    [McpServerTool(Name = "defaults"), ReadOnly]
    public static string Defaults(int count = 3, string label = "x", Hue hue = Hue.Green, bool flag = true, double ratio = 0.25, string? note = null) => "";

    [McpServerTool(Name = "paths", OpenWorld = false), Destructive("Writes a file")]
    public static string Paths([AllowedPath("ws")] string from, [AllowedPath("ws", Access = PathAccess.Write)] string to, [Secret] string token, [Destination] Uri? notify = null) => "";
}
