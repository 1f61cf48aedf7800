using System.Text.Json;
using ModelContextProtocol.Protocol;
using TypedTools.Results;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>
/// Dictionaries keyed by an enum (<c>Dictionary&lt;Color, int&gt;</c>): a JSON object whose property names are the
/// enum's member names, exactly (case-sensitive, never a number), each sent once; and keyed by an integer type
/// (<c>Dictionary&lt;int, string&gt;</c>): the numbers' one decimal spelling, in the type's range; through a real client
/// and server.
/// </summary>
public sealed class DictionaryKeyTests : ShapeToolsServerTests
{
    private const string Valid = """{"counts":{"Blue":2,"Red":1},"notes":{"on hold":["wait"],"Done":[]},"places":{"Green":{"x":1,"y":2}}}""";

    [Fact]
    public async Task Enum_keys_round_trip_by_their_JSON_names()
    {
        CallToolResult result = await Call("enum_maps", Valid);

        Refusals.AssertOk(result);
        JsonElement echoed = result.StructuredContent!.Value;
        Assert.Equal("""{"Blue":2,"Red":1}""", echoed.GetProperty("counts").GetRawText()); // a Dictionary keeps the order it was given
        Assert.Equal("""{"on hold":["wait"],"Done":[]}""", echoed.GetProperty("notes").GetRawText());
        Assert.Equal("""{"Green":{"x":1,"y":2}}""", echoed.GetProperty("places").GetRawText());
        // An escaped name is the name it spells.
        Refusals.AssertOk(await Call("enum_maps", """{"counts":{"\u0052ed":1}}"""));
    }

    [Theory]
    [InlineData("""{"counts":{"Pink":1}}""", "argument.enum", "counts[\"Pink\"]")]
    [InlineData("""{"counts":{"red":1}}""", "argument.enum", "counts[\"red\"]")]
    [InlineData("""{"counts":{"0":1}}""", "argument.enum", "counts[\"0\"]")] // the member's number is not its name
    [InlineData("""{"notes":{"InProgress":[]}}""", "argument.enum", "notes[\"InProgress\"]")] // its C# name is not its JSON name
    [InlineData("""{"counts":{"Red":1,"Red":2}}""", "argument.duplicate_field", "counts[\"Red\"]")]
    [InlineData("""{"counts":{"Red":"1"}}""", "argument.type", "counts[\"Red\"]")]
    [InlineData("""{"counts":{"Red":1,"Green":2,"Blue":3}}""", "argument.length", "counts")]
    [InlineData("""{"places":{"Green":{"x":1}}}""", "argument.missing", "places[\"Green\"].y")]
    [InlineData("""{"notes":{"on hold":[1]}}""", "argument.type", "notes[\"on hold\"][0]")]
    public Task A_bad_key_or_entry_is_refused_where_it_is(string change, string code, string field) =>
        AssertRefused("enum_maps", Valid, change, code, field);

    [Fact]
    public async Task The_schema_names_the_keys()
    {
        Tool tool = await Published("enum_maps");
        JsonElement input = tool.InputSchema.GetProperty("properties");
        JsonElement output = tool.OutputSchema!.Value.GetProperty("properties");

        Assert.Equal("""{"enum":["Red","Green","Blue"]}""", input.GetProperty("counts").GetProperty("propertyNames").GetRawText());
        Assert.Equal(2, input.GetProperty("counts").GetProperty("maxProperties").GetInt32());
        Assert.Equal("""{"enum":["in-progress","Done","on hold"]}""", input.GetProperty("notes").GetProperty("propertyNames").GetRawText());
        Assert.Equal("""{"enum":["Red","Green","Blue"]}""", output.GetProperty("places").GetProperty("propertyNames").GetRawText());
    }

    [Fact]
    public async Task A_result_keyed_by_a_value_no_member_has_is_withheld()
    {
        CallToolResult result = await Call("undefined_key", "{}");

        Refusals.AssertSingle(result, ToolErrorCodes.InvalidOutput, "");
    }

    [Theory]
    [InlineData("""{"Red":1,"sky blue":2}""", null)]
    [InlineData("""{"Red":1,"red":2}""", "$: the key 'red' is not one of the allowed names")]
    [InlineData("""{"7":1}""", "$: the key '7' is not one of the allowed names")]
    public void The_output_check_reads_the_names_of_enum_keys(string value, string? problem)
    {
        using JsonDocument schema = JsonDocument.Parse("""{"type":"object","additionalProperties":{"type":"integer"},"propertyNames":{"enum":["Red","sky blue"]}}""");
        using JsonDocument json = JsonDocument.Parse(value);

        Assert.Equal(problem, OutputSchemaValidator.Problem(schema.RootElement, json.RootElement));
    }

    private const string Lines = """{"lines":{"10":"ten","-1":"minus one","0":"zero"},"cells":{"255":{"x":1,"y":2}},"big":{"-9223372036854775808":18446744073709551615}}""";

    [Fact]
    public async Task Integer_keys_round_trip_by_their_decimal_spellings()
    {
        CallToolResult result = await Call("int_maps", Lines);

        Refusals.AssertOk(result);
        JsonElement echoed = result.StructuredContent!.Value;
        Assert.Equal("""{"10":"ten","-1":"minus one","0":"zero"}""", echoed.GetProperty("lines").GetRawText());
        Assert.Equal("""{"255":{"x":1,"y":2}}""", echoed.GetProperty("cells").GetRawText());
        Assert.Equal("""{"-9223372036854775808":18446744073709551615}""", echoed.GetProperty("big").GetRawText());
    }

    [Theory]
    [InlineData("""{"lines":{"01":"x"}}""", "argument.format", "lines[\"01\"]")]
    [InlineData("""{"lines":{"-0":"x"}}""", "argument.format", "lines[\"-0\"]")]
    [InlineData("""{"lines":{"+1":"x"}}""", "argument.format", "lines[\"+1\"]")]
    [InlineData("""{"lines":{"1.0":"x"}}""", "argument.format", "lines[\"1.0\"]")]
    [InlineData("""{"lines":{"1e2":"x"}}""", "argument.format", "lines[\"1e2\"]")]
    [InlineData("""{"lines":{" 1":"x"}}""", "argument.format", "lines[\" 1\"]")]
    [InlineData("""{"lines":{"":"x"}}""", "argument.format", "lines[\"\"]")]
    [InlineData("""{"lines":{"2147483648":"x"}}""", "argument.range", "lines[\"2147483648\"]")]
    [InlineData("""{"cells":{"256":{"x":1,"y":2}}}""", "argument.range", "cells[\"256\"]")]
    [InlineData("""{"cells":{"-1":{"x":1,"y":2}}}""", "argument.range", "cells[\"-1\"]")]
    [InlineData("""{"big":{"9223372036854775808":1}}""", "argument.range", "big[\"9223372036854775808\"]")]
    [InlineData("""{"big":{"99999999999999999999999":1}}""", "argument.format", "big[\"99999999999999999999999\"]")]
    [InlineData("""{"lines":{"7":"a","7":"b"}}""", "argument.duplicate_field", "lines[\"7\"]")]
    [InlineData("""{"lines":{"7":1}}""", "argument.type", "lines[\"7\"]")]
    public Task A_key_that_is_not_the_one_spelling_of_a_number_in_range_is_refused(string change, string code, string field) =>
        AssertRefused("int_maps", Lines, change, code, field);

    [Fact]
    public async Task The_schema_spells_the_keys_range_as_a_pattern()
    {
        Tool tool = await Published("int_maps");
        string pattern = tool.InputSchema.GetProperty("properties").GetProperty("cells").GetProperty("propertyNames").GetProperty("pattern").GetString()!;

        Assert.Equal(pattern, tool.OutputSchema!.Value.GetProperty("properties").GetProperty("cells").GetProperty("propertyNames").GetProperty("pattern").GetString());
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        Assert.All(Enumerable.Range(-300, 600), n => Assert.Equal(n is >= 0 and <= 255, regex.IsMatch(n.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}
