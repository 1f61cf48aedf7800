using TypedTools.CodeFixes;
using Xunit;

namespace TypedTools.Analyzers.Tests;

public sealed class UntypedParameterTests
{
    private static Task Diagnostics(string source) => Verify<UntypedParameterAnalyzer, UseInferredTypeFix>.Diagnostics(source);

    private static Task Fix(string source, string fixedSource) => Verify<UntypedParameterAnalyzer, UseInferredTypeFix>.Fix(source, fixedSource);

    [Fact]
    public Task Untyped_parameters_warn() => Diagnostics("""
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Nodes;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Everything(object {|TT1003:a|}, dynamic {|TT1003:b|}, JsonElement {|TT1003:c|}, JsonNode {|TT1003:d|},
                Dictionary<string, object> {|TT1003:e|}, IReadOnlyDictionary<string, JsonElement> {|TT1003:f|}, JsonElement? {|TT1003:g|}, JsonObject {|TT1003:h|}) => "";
        }
        """);

    [Fact]
    public Task Typed_parameters_services_and_non_tools_do_not_warn() => Diagnostics("""
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Threading;

        public sealed record Query(string Text, int Limit);

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Typed(string text, int count, Query query, List<string> tags, Dictionary<string, int> weights,
                IServiceProvider services, CancellationToken cancellationToken) => "";

            public static string NotATool(object anything, JsonElement json) => "";
        }
        """);

    [Fact]
    public Task The_fix_takes_the_type_a_json_element_is_read_as() => Fix("""
        using System.Text.Json;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Greet(JsonElement {|TT1003:name|}, JsonElement {|TT1003:times|})
            {
                string text = "Hello " + name.GetString();
                return string.Concat(System.Linq.Enumerable.Repeat(text, times.GetInt32()));
            }
        }
        """, """
        using System.Text.Json;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Greet(string name, int times)
            {
                string text = "Hello " + name;
                return string.Concat(System.Linq.Enumerable.Repeat(text, times));
            }
        }
        """);

    [Fact]
    public Task The_fix_takes_the_type_an_object_is_cast_or_converted_to() => Fix("""
        using System.Text.Json.Nodes;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static int Sum(object {|TT1003:a|}, object {|TT1003:b|}, JsonNode {|TT1003:c|}) => (int)a + Convert.ToInt32(b) + c.GetValue<int>() + ((int)a) * 2;
        }
        """, """
        using System.Text.Json.Nodes;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static int Sum(int a, int b, int c) => a + b + c + (a) * 2;
        }
        """);

    [Fact]
    public Task No_fix_when_the_uses_disagree_or_do_more_than_read_one_type() =>
        Verify<UntypedParameterAnalyzer, UseInferredTypeFix>.NoFix("""
        using System.Text.Json;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static string Mixed(JsonElement {|TT1003:value|}) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetInt32().ToString();

            [McpServerTool, ReadOnly]
            public static string Disagree(object {|TT1003:value|}) => value is string s ? s : ((int)value).ToString();
        }
        """);
}
