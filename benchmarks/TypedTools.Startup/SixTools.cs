using System.ComponentModel;
using ModelContextProtocol.Server;

namespace TypedTools.Startup;

/// <summary>Six tools of the same shape as the 200 (a small server).</summary>
[McpServerToolType]
public sealed class SixTools // not static: the SDK's AOT-friendly WithTools<T>() takes it as a type argument
{
    [McpServerTool(Name = "six_0"), ReadOnly, Description("Echoes the text.")]
    public static string Six0([Description("The text.")] string text, int count = 1) => Repeat(text, count);

    [McpServerTool(Name = "six_1"), ReadOnly, Description("Echoes the text.")]
    public static string Six1([Description("The text.")] string text, int count = 1) => Repeat(text, count);

    [McpServerTool(Name = "six_2"), ReadOnly, Description("Echoes the text.")]
    public static string Six2([Description("The text.")] string text, int count = 1) => Repeat(text, count);

    [McpServerTool(Name = "six_3"), ReadOnly, Description("Echoes the text.")]
    public static string Six3([Description("The text.")] string text, int count = 1) => Repeat(text, count);

    [McpServerTool(Name = "six_4"), ReadOnly, Description("Echoes the text.")]
    public static string Six4([Description("The text.")] string text, int count = 1) => Repeat(text, count);

    [McpServerTool(Name = "six_5"), ReadOnly, Description("Echoes the text.")]
    public static string Six5([Description("The text.")] string text, int count = 1) => Repeat(text, count);

    private static string Repeat(string text, int count) => count == 1 ? text : string.Concat(Enumerable.Repeat(text, count));
}
