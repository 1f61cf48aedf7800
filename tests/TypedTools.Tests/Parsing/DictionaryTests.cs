using System.Text.Json;
using ModelContextProtocol.Protocol;
using TypedTools.Results;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>
/// Dictionaries from string keys (<c>Dictionary</c>, <c>IDictionary</c>, <c>IReadOnlyDictionary</c>): a JSON object of
/// any property names, each value read as strictly as any other; and sets, arrays of unique items; through a real
/// client and server.
/// </summary>
public sealed class DictionaryTests : ShapeToolsServerTests
{
    private const string Valid = """{"labels":{"a.b":"x","":"y","é [0]":"z"},"points":{"p":{"x":1,"y":2},"q":null},"colors":{"c":"Red"},"counts":{"n":[1,2],"m":[]}}""";

    [Fact]
    public async Task Dictionaries_round_trip_with_their_keys_in_order()
    {
        CallToolResult result = await Call("maps", Valid);

        Refusals.AssertOk(result);
        Assert.Equal(
            """{"labels":{"a.b":"x","":"y","é [0]":"z"},"points":{"p":{"x":1,"y":2},"q":null},"colors":{"c":"Red"},"counts":{"n":[1,2],"m":[]}}""",
            JsonSerializer.Serialize(result.StructuredContent!.Value, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("""{"result":{"a":2,"b":0}}""", (await Call("map_sizes", """{"groups":{"a":["x","y"],"b":[]}}""")).StructuredContent!.Value.GetRawText());
    }

    [Fact]
    public async Task An_escaped_key_is_read_as_the_name_it_spells()
    {
        CallToolResult result = await Call("map_sizes", """{"groups":{"\u0061b":["x"]}}""");

        Assert.Equal("""{"result":{"ab":1}}""", result.StructuredContent!.Value.GetRawText());
    }

    [Theory]
    [InlineData("""{"labels":{"a.b":5}}""", "argument.type", "labels[\"a.b\"]")]
    [InlineData("""{"labels":{"k":null}}""", "argument.null", "labels[\"k\"]")]
    [InlineData("""{"labels":["x"]}""", "argument.type", "labels")]
    [InlineData("""{"points":{"p":{"x":"1","y":2}}}""", "argument.type", "points[\"p\"].x")]
    [InlineData("""{"points":{"p":{"x":1,"y":2,"z":3}}}""", "argument.unknown_field", "points[\"p\"].z")]
    [InlineData("""{"colors":{"c":"Pink"}}""", "argument.enum", "colors[\"c\"]")]
    [InlineData("""{"colors":{}}""", "argument.length", "colors")]
    [InlineData("""{"colors":{"a":"Red","b":"Red","c":"Red","d":"Red"}}""", "argument.length", "colors")]
    [InlineData("""{"counts":{"n":[1,"2"]}}""", "argument.type", "counts[\"n\"][1]")]
    [InlineData("""{"labels":{"say \"hi\"":1}}""", "argument.type", "labels[\"say \\\"hi\\\"\"]")]
    public Task A_bad_entry_is_refused_at_its_key(string change, string code, string field) =>
        AssertRefused("maps", Valid, change, code, field);

    [Fact]
    public async Task A_key_sent_twice_is_refused_not_silently_overwritten()
    {
        CallToolResult result = await Call("map_sizes", """{"groups":{"a":["x"],"b":[],"a":["y","z"]}}""");

        Refusals.AssertSingle(result, "argument.duplicate_field", "groups[\"a\"]");
    }

    [Fact]
    public void A_key_that_is_not_valid_unicode_is_refused()
    {
        // An MCP client cannot send it (its serializer refuses the lone surrogate); a raw request can.
        var tool = (ITypedTool)Microsoft.Extensions.DependencyInjection.TypedToolsMcpServerBuilderExtensions.CreateTypedTools().Single(t => t.ProtocolTool.Name == "map_sizes");
        using JsonDocument arguments = JsonDocument.Parse("""{"groups":{"\ud800":["x"],"ok":[]}}""");

        var error = Assert.Single(tool.ValidateArguments(arguments.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())));

        Assert.Equal("argument.format", error.Code);
    }

    [Fact]
    public async Task Every_bad_entry_is_reported_in_one_refusal()
    {
        CallToolResult result = await Call("map_sizes", """{"groups":{"a":"x","b":[1],"c":["ok"],"d":null}}""");

        Assert.Equal(
            [("argument.type", "groups[\"a\"]"), ("argument.type", "groups[\"b\"][0]"), ("argument.null", "groups[\"d\"]")],
            Refusals.Errors(result));
    }

    [Fact]
    public async Task The_schema_says_any_names_with_values_of_the_declared_type_and_the_count_bounds()
    {
        JsonElement properties = (await Published("maps")).InputSchema.GetProperty("properties");

        JsonElement colors = properties.GetProperty("colors");
        Assert.Equal("object", colors.GetProperty("type").GetString());
        Assert.Equal("""{"type":"string","enum":["Red","Green","Blue"]}""", colors.GetProperty("additionalProperties").GetRawText());
        Assert.Equal(1, colors.GetProperty("minProperties").GetInt32());
        Assert.Equal(3, colors.GetProperty("maxProperties").GetInt32());
        Assert.True(colors.GetProperty("propertyNames").GetProperty("maxLength").GetInt32() > 0);
        Assert.False(colors.TryGetProperty("properties", out _));
        Assert.Equal("""["object","null"]""", properties.GetProperty("counts").GetProperty("type").GetRawText());
    }

    [Fact]
    public async Task A_set_reads_distinct_items_and_refuses_a_repeated_one()
    {
        CallToolResult result = await Call("sets", """{"tags":["b","a"],"ids":[3,1],"colors":["Red"]}""");

        Assert.Equal("""{"tags":["b","a"],"ids":[3,1],"colors":["Red"]}""", result.StructuredContent!.Value.GetRawText());
        Refusals.AssertSingle(await Call("sets", """{"tags":["a","b","a"],"ids":[]}"""), "argument.duplicate_field", "tags[2]");
        // One number to JSON Schema's uniqueItems as to the set: 1 and 1.0.
        Refusals.AssertSingle(await Call("sets", """{"tags":[],"ids":[1,1.0]}"""), "argument.duplicate_field", "ids[1]");
        Refusals.AssertSingle(await Call("sets", """{"tags":[],"ids":[],"colors":["Red","Blue","Green"]}"""), "argument.length", "colors");
        Assert.True((await Published("sets")).InputSchema.GetProperty("properties").GetProperty("ids").GetProperty("uniqueItems").GetBoolean());
    }

    [Theory]
    [InlineData("""{"a":1,"b":2}""", null)]
    [InlineData("""{}""", "$: 0 properties is outside the allowed count")]
    [InlineData("""{"a":1,"b":2,"c":3}""", "$: 3 properties is outside the allowed count")]
    [InlineData("""{"a":1,"b":"2"}""", "$.b: expected \"integer\" but found string")]
    public void The_output_check_reads_a_dictionarys_values_and_count(string value, string? problem)
    {
        using JsonDocument schema = JsonDocument.Parse("""{"type":"object","additionalProperties":{"type":"integer"},"minProperties":1,"maxProperties":2}""");
        using JsonDocument json = JsonDocument.Parse(value);

        Assert.Equal(problem, OutputSchemaValidator.Problem(schema.RootElement, json.RootElement));
    }
}
