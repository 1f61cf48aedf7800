using System.Text.Json;
using ModelContextProtocol.Protocol;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>The generated parsers, driven through a real client and server: what they accept and what they refuse.</summary>
public sealed class StrictParsingTests : ShapeToolsServerTests
{
    private const string ValidPrimitives = """
        {"s":"text","b":true,"i8":-128,"u8":255,"i16":-32768,"u16":65535,"i32":-2147483648,"u32":4294967295,
         "i64":-9223372036854775808,"u64":18446744073709551615,"f32":1.5,"f64":-2.25e-3,"dec":79228162514264337593543950335,
         "guid":"0f8fad5b-d9cb-469f-a165-70867728950e","at":"2025-06-01T12:30:00.1234567+02:00","day":"2024-02-29",
         "time":"23:59:59.5","span":"1.02:03:04.5","uri":"https://example.org/a?b=c","color":"Blue"}
        """;

    private async Task<CallToolResult> Primitives(string property, string json)
    {
        using JsonDocument valid = JsonDocument.Parse(ValidPrimitives);
        var args = valid.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        args[property] = JsonDocument.Parse(json).RootElement.Clone();
        return await Server.Client.CallToolAsync("primitives", args, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Every_shape_of_generated_arguments_parses_and_refuses_alike()
    {
        // None (a tuple of nothing), one value (the value itself), several (a named tuple), and names no tuple may use
        // (a struct of the tool's own): each reads its values and refuses what it does not declare.
        Assert.Equal(["one", "two"], (await Call("content", "{}")).Content.Select(c => ((TextContentBlock)c).Text));
        Assert.Equal("hi", Refusals.Text(await Call("described", """{"value":"hi"}""")));
        Assert.Equal("a|3|True", Refusals.Text(await Call("reserved_names", """{"Rest":"a","Item2":3,"ToString":true}""")));
        Assert.Equal("a|3|False", Refusals.Text(await Call("reserved_names", """{"Rest":"a","Item2":3}""")));

        CallToolResult none = await Call("content", """{"x":1}""");
        Refusals.AssertSingle(none, "argument.unknown_field", "x");
        Assert.Contains("Send no properties here.", Refusals.Text(none), StringComparison.Ordinal);
        CallToolResult one = await Call("described", """{"value":"hi","valu":1}""");
        Refusals.AssertSingle(one, "argument.unknown_field", "valu");
        Assert.Contains("Allowed properties: value.", Refusals.Text(one), StringComparison.Ordinal);
        CallToolResult reserved = await Call("reserved_names", """{"Rest":"a","rest":"b"}""");
        Assert.Equal([("argument.missing", "Item2"), ("argument.unknown_field", "rest")], Refusals.Errors(reserved).Order());
        Assert.Contains("Allowed properties: Rest, Item2, ToString.", Refusals.Text(reserved), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_primitive_round_trips_at_its_extremes()
    {
        CallToolResult result = await Call("primitives", ValidPrimitives);

        Refusals.AssertOk(result);
        JsonElement echo = result.StructuredContent!.Value;
        using JsonDocument sent = JsonDocument.Parse(ValidPrimitives);
        foreach (JsonProperty property in sent.RootElement.EnumerateObject())
        {
            string expected = property.Value.GetRawText();
            string actual = echo.GetProperty(property.Name).GetRawText();
            if (property.Name is "f64" or "dec" or "at" or "time")
            {
                continue; // compared by value below: number and time spellings may differ
            }
            Assert.Equal(expected, actual);
        }
        Assert.Equal(-2.25e-3, echo.GetProperty("f64").GetDouble());
        Assert.Equal(decimal.MaxValue, echo.GetProperty("dec").GetDecimal());
        Assert.Equal(DateTimeOffset.Parse("2025-06-01T12:30:00.1234567+02:00"), echo.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("23:59:59.5", echo.GetProperty("time").GetString());
    }

    [Theory]
    [InlineData("i32", "5.0", "5")]
    [InlineData("i32", "5e0", "5")]
    [InlineData("i32", "1.5e1", "15")]
    [InlineData("u64", "1.8446744073709551615e19", "18446744073709551615")]
    [InlineData("i8", "-0", "0")]
    [InlineData("guid", "\"0F8FAD5B-D9CB-469F-A165-70867728950E\"", "\"0f8fad5b-d9cb-469f-a165-70867728950e\"")]
    [InlineData("at", "\"2025-06-01T12:30:00Z\"", "\"2025-06-01T12:30:00Z\"")]
    [InlineData("span", "\"-00:00:01\"", "\"-00:00:01\"")]
    public async Task Integers_are_whole_numbers_in_any_spelling_and_texts_parse_exactly(string property, string sent, string echoed)
    {
        CallToolResult result = await Primitives(property, sent);

        Refusals.AssertOk(result);
        Assert.Equal(echoed, result.StructuredContent!.Value.GetProperty(property).GetRawText());
    }

    [Theory]
    [InlineData("i32", "\"5\"", "argument.type")]           // a number sent as a string
    [InlineData("b", "\"true\"", "argument.type")]
    [InlineData("b", "1", "argument.type")]
    [InlineData("s", "5", "argument.type")]
    [InlineData("s", "null", "argument.null")]
    [InlineData("i32", "null", "argument.null")]
    [InlineData("i32", "1.5", "argument.not_integer")]
    [InlineData("i32", "1e-400", "argument.not_integer")]
    [InlineData("i32", "2147483648", "argument.range")]
    [InlineData("u8", "-1", "argument.range")]
    [InlineData("u64", "18446744073709551616", "argument.range")]
    [InlineData("i64", "1e400", "argument.range")]
    [InlineData("f32", "3.5e38", "argument.range")]         // beyond float: refused, not infinity
    [InlineData("f64", "1e400", "argument.range")]
    [InlineData("dec", "1e30", "argument.range")]
    [InlineData("color", "\"Purple\"", "argument.enum")]
    [InlineData("color", "\"blue\"", "argument.enum")]       // names are case-sensitive
    [InlineData("color", "2", "argument.type")]              // never a number
    [InlineData("guid", "\"0f8fad5bd9cb469fa16570867728950e\"", "argument.format")]
    [InlineData("guid", "\"{0f8fad5b-d9cb-469f-a165-70867728950e}\"", "argument.format")]
    [InlineData("at", "\"2025-06-01T12:30:00\"", "argument.format")]  // no offset
    [InlineData("at", "\"2025-06-01 12:30:00Z\"", "argument.format")]
    [InlineData("at", "\"2025-02-30T12:30:00Z\"", "argument.format")]
    [InlineData("at", "\"2025-06-01T12:30:00+15:00\"", "argument.format")]
    [InlineData("day", "\"2023-02-29\"", "argument.format")]
    [InlineData("day", "\"2024-2-9\"", "argument.format")]
    [InlineData("time", "\"24:00:00\"", "argument.format")]
    [InlineData("span", "\"1:02:03\"", "argument.format")]
    [InlineData("uri", "\"/relative/path\"", "argument.format")]
    [InlineData("uri", "\"//evil.example/x\"", "argument.format")]   // .NET would read this as a file: URI
    [InlineData("uri", "\"https://exa mple.org\"", "argument.format")]
    [InlineData("uri", "\"https://\\u00e9xample.org\"", "argument.format")]
    [InlineData("s", "{}", "argument.type")]
    [InlineData("s", "[]", "argument.type")]
    public async Task Wrong_values_are_refused_with_their_code_and_field(string property, string sent, string code)
    {
        CallToolResult result = await Primitives(property, sent);

        Refusals.AssertSingle(result, code, property);
    }

    [Fact]
    public async Task All_problems_are_reported_at_once_with_their_paths()
    {
        CallToolResult result = await Call("shape", """
            {"shape":{"name":5,"color":"Pink","points":[{"x":1,"y":2},{"x":"3","y":4,"z":5}],"extra":true},"other":1}
            """);

        var errors = Refusals.Errors(result);
        Assert.Equal(
        [
            ("argument.type", "shape.name"),
            ("argument.enum", "shape.color"),
            ("argument.type", "shape.points[1].x"),
            ("argument.unknown_field", "shape.points[1].z"),
            ("argument.unknown_field", "shape.extra"),
            ("argument.unknown_field", "other"),
        ], errors);
        Assert.Contains("shape.points[1].x", Refusals.Text(result));
    }

    [Fact]
    public async Task Missing_required_values_are_reported_at_every_depth()
    {
        CallToolResult result = await Call("shape", """{"shape":{"color":"Red","points":[{"x":1}]}}""");

        Assert.Equal([("argument.missing", "shape.points[0].y"), ("argument.missing", "shape.name")], Refusals.Errors(result));
        Refusals.AssertSingle(await Call("shape", "{}"), "argument.missing", "shape");
    }

    [Fact]
    public async Task A_duplicate_nested_property_is_refused()
    {
        CallToolResult result = await Call("shape", """{"shape":{"name":"a","name":"b","color":"Red","points":[]}}""");

        Refusals.AssertSingle(result, "argument.duplicate_field", "shape.name");
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_refused()
    {
        // The test project sets TypedToolsMaxDepth to 8; each shape is one level and its points array another.
        string Nest(int depth) => depth == 0 ? "null" : $$"""{"name":"n","color":"Red","points":[],"child":{{Nest(depth - 1)}}}""";

        CallToolResult ok = await Call("shape", $$"""{"shape":{{Nest(7)}}}""");
        CallToolResult tooDeep = await Call("shape", $$"""{"shape":{{Nest(8)}}}""");

        Refusals.AssertOk(ok);
        var errors = Refusals.Errors(tooDeep);
        Assert.Equal("argument.too_deep", errors.Single().Code);
        Assert.Equal("shape" + string.Concat(Enumerable.Repeat(".child", 7)) + ".points", errors.Single().Field);
    }

    [Fact]
    public async Task Nested_records_arrays_enums_and_recursion_round_trip()
    {
        const string shape = """{"name":"outer","color":"Green","points":[{"x":1,"y":2},{"x":-3,"y":4}],"child":{"name":"inner","color":"Red","points":[],"child":null,"tags":["a","b"]},"tags":null}""";

        CallToolResult result = await Call("shape", $$"""{"shape":{{shape}}}""");

        Refusals.AssertOk(result);
        Assert.Equal(shape, result.StructuredContent!.Value.GetRawText());
        Assert.Equal(shape, Refusals.Text(result));
    }

    [Fact]
    public async Task A_settable_class_keeps_the_initial_values_of_absent_members()
    {
        CallToolResult absent = await Call("settings", """{"settings":{"title":"t"}}""");
        CallToolResult present = await Call("settings", """{"settings":{"title":"t","retries":0,"labels":[]}}""");

        Assert.Equal("""{"title":"t","retries":3,"labels":["default"]}""", absent.StructuredContent!.Value.GetRawText());
        Assert.Equal("""{"title":"t","retries":0,"labels":[]}""", present.StructuredContent!.Value.GetRawText());
        Refusals.AssertSingle(await Call("settings", """{"settings":{"retries":1}}"""), "argument.missing", "settings.title");
    }

    [Fact]
    public async Task A_derived_record_reads_and_writes_its_base_types_properties_too()
    {
        CallToolResult result = await Call("person", """{"person":{"id":"p-1","name":"Ana","note":"first"}}""");

        Refusals.AssertOk(result);
        // The derived type's own properties first, then the base type's (System.Text.Json's order).
        Assert.Equal("""{"name":"Ana","id":"p-1","note":"first"}""", result.StructuredContent!.Value.GetRawText());
        Assert.Equal("""{"name":"Ana","id":"p-1","note":""}""",
            (await Call("person", """{"person":{"id":"p-1","name":"Ana"}}""")).StructuredContent!.Value.GetRawText());
        Refusals.AssertSingle(await Call("person", """{"person":{"name":"Ana"}}"""), "argument.missing", "person.id");
    }

    [Theory]
    [InlineData("Low", "Low")]
    [InlineData("Minimum", "Low")]
    [InlineData("High", "High")]
    public async Task Enum_members_that_share_a_value_are_read_by_either_name_and_written_by_the_first(string sent, string written)
    {
        CallToolResult result = await Call("level", $$"""{"level":"{{sent}}"}""");

        Refusals.AssertOk(result);
        Assert.Equal($$"""{"result":"{{written}}"}""", result.StructuredContent!.Value.GetRawText());
    }

    [Theory]
    [InlineData("""{"s":null,"n":null,"c":null,"p":null,"list":null}""", "null|null|null|null|null")]
    [InlineData("""{"s":"a","n":1,"c":"Red","p":{"x":1,"y":2},"list":[1,null,3]}""", "a|1|Red|Point { X = 1, Y = 2 }|1,null,3")]
    public async Task Nullable_values_accept_null(string json, string expected)
    {
        CallToolResult result = await Call("nullables", json);

        Refusals.AssertOk(result);
        Assert.Equal(expected, Refusals.Text(result));
    }

    [Fact]
    public async Task Nullable_values_are_still_required_unless_they_have_a_default()
    {
        var errors = Refusals.Errors(await Call("nullables", """{"s":null}"""));

        Assert.Equal(["n", "c", "p", "list"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal("argument.missing", e.Code));
    }

    [Theory]
    [InlineData("""{"count":0,"code":"ab","word":"abc","items":[1]}""", "argument.range", "count")]
    [InlineData("""{"count":11,"code":"ab","word":"abc","items":[1]}""", "argument.range", "count")]
    [InlineData("""{"count":1,"code":"a","word":"abc","items":[1]}""", "argument.length", "code")]
    [InlineData("""{"count":1,"code":"abcdef","word":"abc","items":[1]}""", "argument.length", "code")]
    [InlineData("""{"count":1,"code":"ab","word":"abc1","items":[1]}""", "argument.pattern", "word")]
    [InlineData("""{"count":1,"code":"ab","word":"abc\n","items":[1]}""", "argument.pattern", "word")]
    [InlineData("""{"count":1,"code":"ab","word":"abc","items":[]}""", "argument.length", "items")]
    [InlineData("""{"count":1,"code":"ab","word":"abc","items":[1,2,3,4]}""", "argument.length", "items")]
    [InlineData("""{"count":1,"code":"ab","word":"abc","items":[1],"ratio":1.6}""", "argument.range", "ratio")]
    [InlineData("""{"count":1,"code":"ab","word":"abc","items":[1],"ratio":0.4}""", "argument.range", "ratio")]
    public async Task Data_annotations_are_enforced(string json, string code, string field)
    {
        Refusals.AssertSingle(await Call("validated", json), code, field);
    }

    [Fact]
    public async Task String_lengths_count_code_points_like_json_schema()
    {
        // Two emoji are two characters (four UTF-16 units): within [StringLength(5, MinimumLength = 2)].
        CallToolResult result = await Call("validated", """{"count":1,"code":"😀😀","word":"abc","items":[1]}""");

        Refusals.AssertOk(result);
    }

    [Fact]
    public async Task Absent_optional_parameters_keep_their_csharp_defaults()
    {
        Assert.Equal("3|x|Green|True|0.25|null", Refusals.Text(await Call("defaults", "{}")));
        Assert.Equal("5|y|Red|False|0.5|n", Refusals.Text(await Call("defaults", """{"count":5,"label":"y","color":"Red","flag":false,"ratio":0.5,"note":"n"}""")));
    }

    [Fact]
    public async Task Lists_and_jagged_arrays_parse()
    {
        CallToolResult result = await Call("lists", """{"names":["a","b"],"points":[{"x":1,"y":1}],"grid":[[1,2],[3],[]]}""");

        Assert.Equal("""{"result":[2,1,3]}""", result.StructuredContent!.Value.GetRawText());
    }
}
