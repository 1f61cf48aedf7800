using System.Text.Json;
using ModelContextProtocol.Protocol;
using TypedTools.Results;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>
/// <c>[Flags]</c> enums, through a real client and server: an array of member names in, their values combined; the
/// names of the members a value holds out; everything else refused or withheld. And members' own JSON names.
/// </summary>
public sealed class FlagsEnumTests : ShapeToolsServerTests
{
    [Theory]
    [InlineData("[]", "[]")]
    [InlineData("""["None"]""", "[]")]
    [InlineData("""["Read"]""", """["Read"]""")]
    [InlineData("""["Write","Read"]""", """["Read","Write"]""")]
    [InlineData("""["ReadWrite","Execute"]""", """["Read","Write","Execute"]""")]
    [InlineData("""["ReadWrite","Read"]""", """["Read","Write"]""")]
    public async Task Names_combine_and_the_value_is_written_as_the_members_it_holds(string sent, string written)
    {
        CallToolResult result = await Call("flags", $$"""{"access":{{sent}},"grants":[]}""");

        Refusals.AssertOk(result);
        Assert.Equal($$"""{"result":[{"who":"self","access":{{written}}}]}""", result.StructuredContent!.Value.GetRawText());
    }

    [Fact]
    public async Task A_combined_default_is_used_and_published_as_names()
    {
        CallToolResult result = await Call("flags", """{"access":[],"grants":[{"who":"ana"}],"extra":["Write"]}""");

        Assert.Equal("""{"result":[{"who":"self","access":["Write"]},{"who":"ana","access":["Read","Execute"]}]}""", result.StructuredContent!.Value.GetRawText());
        JsonElement schema = (await Published("flags")).InputSchema;
        JsonElement access = schema.GetProperty("properties").GetProperty("access");
        Assert.Equal("""{"type":"array","items":{"type":"string","enum":["None","Read","Write","ReadWrite","Execute"]},"uniqueItems":true,"maxItems":5}""", access.GetRawText());
        Assert.Equal("[]", schema.GetProperty("properties").GetProperty("zero").GetProperty("default").GetRawText());
        Assert.Contains("\"default\":[\"Read\",\"Execute\"]", schema.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Read\"", "argument.type", "access")]
    [InlineData("3", "argument.type", "access")]
    [InlineData("""["Read",1]""", "argument.type", "access[1]")]
    [InlineData("""["Read","read"]""", "argument.enum", "access[1]")]
    [InlineData("""["Read","Write","Read"]""", "argument.duplicate_field", "access[2]")]
    [InlineData("""["Read",null]""", "argument.null", "access[1]")]
    [InlineData("null", "argument.null", "access")]
    public async Task Anything_but_distinct_member_names_is_refused(string sent, string code, string field)
    {
        Refusals.AssertSingle(await Call("flags", $$"""{"access":{{sent}},"grants":[]}"""), code, field);
    }

    [Fact]
    public async Task Members_are_read_and_written_by_their_JSON_names()
    {
        CallToolResult result = await Call("stage", """{"stage":"on hold","more":["Done"]}""");

        Assert.Equal("""{"result":["on hold","Done","in-progress"]}""", result.StructuredContent!.Value.GetRawText());
        Refusals.AssertSingle(await Call("stage", """{"stage":"OnHold","more":[]}"""), "argument.enum", "stage");
        JsonElement properties = (await Published("stage")).InputSchema.GetProperty("properties");
        Assert.Equal("""["in-progress","Done","on hold"]""", properties.GetProperty("stage").GetProperty("enum").GetRawText());
        Assert.Equal("\"in-progress\"", properties.GetProperty("fallback").GetProperty("default").GetRawText());
    }

    [Fact]
    public async Task A_result_with_bits_no_member_holds_is_withheld()
    {
        CallToolResult result = await Call("undefined_flags", "{}");

        Refusals.AssertSingle(result, ToolErrorCodes.InvalidOutput, "");
        // The value (17: Read plus an undefined 16) must not leak; the refusal's random request id may hold any digits.
        string requestId = Refusals.Error(result).GetProperty("requestId").GetString()!;
        string text = Refusals.Text(result).Replace(requestId, "", StringComparison.Ordinal);
        Assert.DoesNotContain("16", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Read", text, StringComparison.Ordinal);
    }
}
