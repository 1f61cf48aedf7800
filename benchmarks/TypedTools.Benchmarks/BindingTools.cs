using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Server;
using TypedTools;

namespace TypedTools.Benchmarks;

// The representative signatures of the binding benchmarks; the same methods serve the SDK's reflection tools.

public enum Size
{
    Small,
    Medium,
    Large,
}

public sealed record Line(string Sku, [property: Range(1, 1000)] int Quantity, decimal Price);

public sealed record Order(string Id, IReadOnlyList<Line> Lines, string? Note = null);

public static class BindingTools
{
    [McpServerTool(Name = "three"), ReadOnly]
    public static string Three(string name, int count, bool flag) => name;

    [McpServerTool(Name = "optional"), ReadOnly]
    public static string Optional(string a, int? b = null, string? c = null, double d = 1.5, bool e = false, Size f = Size.Small, string[]? g = null) => a;

    [McpServerTool(Name = "nested"), ReadOnly]
    public static string Nested(Order order) => order.Id;

    /// <summary>PipelineBenchmarks' tool: every constraint kind the pipeline checks per call (a path, a domain, a range).</summary>
    [McpServerTool(Name = "checked"), ReadOnly]
    public static string Checked([AllowedPath("workspace")] string path, [AllowedDomain("docs.example.org")] Uri source, [Range(1, 100)] int level) =>
        Path.GetFileName(path);
}
