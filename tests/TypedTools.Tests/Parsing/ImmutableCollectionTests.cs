using System.Text.Json;
using ModelContextProtocol.Protocol;
using TypedTools.Results;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>
/// Immutable and read-only collections (<c>ImmutableArray</c>, <c>ImmutableList</c>, <c>ImmutableHashSet</c>,
/// <c>FrozenSet</c>, <c>ImmutableDictionary</c>, <c>FrozenDictionary</c>, <c>ReadOnlyCollection</c>,
/// <c>ReadOnlyDictionary</c> and their interfaces): read exactly as arrays, sets and dictionaries are, then handed over as
/// the declared type; through a real client and server.
/// </summary>
public sealed class ImmutableCollectionTests : ShapeToolsServerTests
{
    private const string Valid = """
        {"tags":["b","a","b"],"points":[{"x":1,"y":2}],"ids":[3,1,2],"names":["x","y"],"counts":{"one":1,"two":2},
         "colors":{"sky":"Blue"},"lines":["first","second"],"labels":{"k":"v"},"extra":[7]}
        """;

    [Fact]
    public async Task Every_kind_round_trips()
    {
        CallToolResult result = await Call("immutables", Valid);

        Refusals.AssertOk(result);
        JsonElement echoed = result.StructuredContent!.Value;
        // The ordered kinds keep the request's order; the hashed ones (sets, immutable and frozen dictionaries) keep their values.
        Assert.Equal("""["b","a","b"]""", echoed.GetProperty("tags").GetRawText());
        Assert.Equal("""[{"x":1,"y":2}]""", echoed.GetProperty("points").GetRawText());
        Assert.Equal("""["first","second"]""", echoed.GetProperty("lines").GetRawText());
        Assert.Equal("""{"k":"v"}""", echoed.GetProperty("labels").GetRawText());
        Assert.Equal("[7]", echoed.GetProperty("extra").GetRawText());
        Assert.Equal([1, 2, 3], echoed.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).Order());
        Assert.Equal(["x", "y"], echoed.GetProperty("names").EnumerateArray().Select(i => i.GetString()).Order());
        Assert.Equal(["one=1", "two=2"], echoed.GetProperty("counts").EnumerateObject().Select(p => p.Name + "=" + p.Value.GetRawText()).Order());
        Assert.Equal("""{"sky":"Blue"}""", echoed.GetProperty("colors").GetRawText());

        CallToolResult without = await Call("immutables", Valid.Replace(""","extra":[7]""", "", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, without.StructuredContent!.Value.GetProperty("extra").ValueKind);
        Refusals.AssertOk(await Call("immutables", Valid.Replace("[7]", "null", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("""{"tags":["a",1]}""", "argument.type", "tags[1]")]
    [InlineData("""{"tags":null}""", "argument.null", "tags")]
    [InlineData("""{"points":[{"x":"1","y":2}]}""", "argument.type", "points[0].x")]
    [InlineData("""{"ids":[1,2,1]}""", "argument.duplicate_field", "ids[2]")]
    [InlineData("""{"names":["x","x"]}""", "argument.duplicate_field", "names[1]")]
    [InlineData("""{"counts":{"one":"1"}}""", "argument.type", "counts[\"one\"]")]
    [InlineData("""{"colors":{"sky":"Pink"}}""", "argument.enum", "colors[\"sky\"]")]
    [InlineData("""{"lines":"first"}""", "argument.type", "lines")]
    [InlineData("""{"labels":{"k":null}}""", "argument.null", "labels[\"k\"]")]
    [InlineData("""{"extra":[1,2,3]}""", "argument.length", "extra")]
    [InlineData("""{"extra":["7"]}""", "argument.type", "extra[0]")]
    public Task A_bad_value_is_refused_where_it_is(string change, string code, string field) =>
        AssertRefused("immutables", Valid, change, code, field);

    [Fact]
    public async Task The_schema_is_the_one_of_the_kind_each_is_read_as()
    {
        JsonElement schema = (await Published("immutables")).InputSchema;
        JsonElement properties = schema.GetProperty("properties");

        Assert.Equal("""{"type":"array","items":{"type":"string","maxLength":1048576},"maxItems":10000}""", properties.GetProperty("tags").GetRawText());
        Assert.True(properties.GetProperty("ids").GetProperty("uniqueItems").GetBoolean());
        Assert.True(properties.GetProperty("names").GetProperty("uniqueItems").GetBoolean());
        Assert.False(properties.GetProperty("tags").TryGetProperty("uniqueItems", out _));
        Assert.Equal("object", properties.GetProperty("counts").GetProperty("type").GetString());
        Assert.Equal("""{"type":"integer","minimum":-2147483648,"maximum":2147483647}""", properties.GetProperty("counts").GetProperty("additionalProperties").GetRawText());
        Assert.Equal("""["array","null"]""", properties.GetProperty("extra").GetProperty("type").GetRawText());
        Assert.Equal(2, properties.GetProperty("extra").GetProperty("maxItems").GetInt32());
        Assert.Equal(["colors", "counts", "ids", "labels", "lines", "names", "points", "tags"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
    }

    [Fact]
    public async Task A_default_ImmutableArray_result_is_withheld()
    {
        CallToolResult result = await Call("default_immutable", "{}");

        Refusals.AssertSingle(result, ToolErrorCodes.InvalidOutput, "");
    }
}
