using System.Text.Json;
using ModelContextProtocol.Server;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>ITypedTool.ValidateArguments: the same strict parse as a call, without running anything.</summary>
public sealed class ValidateArgumentsTests
{
    private static ITypedTool Tool(string name) =>
        (ITypedTool)Microsoft.Extensions.DependencyInjection.TypedToolsMcpServerBuilderExtensions.CreateTypedTools().Single(t => t.ProtocolTool.Name == name);

    private static Dictionary<string, JsonElement> Args(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    [Fact]
    public void Valid_arguments_have_no_errors_and_invalid_ones_have_every_error_with_its_path()
    {
        ITypedTool tool = Tool("validated");

        Assert.Empty(tool.ValidateArguments(Args("""{"count":5,"code":"abc","word":"abc","items":[1]}""")));
        var errors = tool.ValidateArguments(Args("""{"count":50,"code":"a","word":"ABC","items":[],"extra":true}"""));
        Assert.Equal(["argument.range count", "argument.length code", "argument.pattern word", "argument.length items", "argument.unknown_field extra"],
            errors.Select(e => e.Code + " " + e.Field));
    }

    [Fact]
    public void A_nested_property_name_that_is_not_UTF8_is_refused_as_unknown_without_throwing()
    {
        // Raw HTTP bodies reach a tool as bytes: a nested name of invalid UTF-8 once made the parser throw (fuzzing found it).
        byte[] json = [.. "{\"shape\":{\"name\":\"a\",\"color\":\"Red\",\"points\":[],\"x"u8, 0xB6, 0xB6, .. "\":1}}"u8];
        using JsonDocument document = JsonDocument.Parse(json);
        var errors = Tool("shape").ValidateArguments(new Dictionary<string, JsonElement> { ["shape"] = document.RootElement.GetProperty("shape").Clone() });
        var error = Assert.Single(errors);
        Assert.Equal("argument.unknown_field", error.Code);
        Assert.Contains("not valid Unicode", error.Field, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shape", """{"shape":{"name":"a","color":"Red","points":[],"\ud800":1}}""", "argument.unknown_field", "shape.(a name that is not valid Unicode)")]
    [InlineData("shape", """{"shape":{"name":"a","color":"\ud800","points":[]}}""", "argument.enum", "shape.color")]
    [InlineData("shape", """{"shape":{"name":"a","color":"R\udc00d","points":[]}}""", "argument.enum", "shape.color")]
    [InlineData("flags", """{"access":["Read","\ud800"],"grants":[]}""", "argument.enum", "access[1]")]
    [InlineData("enum_maps", """{"counts":{"\ud800":1}}""", "argument.format", "counts.(a name that is not valid Unicode)")]
    public void Half_a_surrogate_pair_where_a_name_is_matched_is_refused_with_its_path_without_throwing(string tool, string json, string code, string field)
    {
        // System.Text.Json's NameEquals and ValueEquals throw on an unpaired surrogate escape; the generated readers once
        // called them, so such a call was refused by the pipeline's catch-all (policy.check_failed, an exception logged per
        // call) instead of an argument error that says where the problem is.
        var error = Assert.Single(Tool(tool).ValidateArguments(Args(json)));
        Assert.Equal((code, field), (error.Code, error.Field));
    }

    [Theory]
    [InlineData("shape", """{"shape":{"n\u0061me":"a","color":"R\u0065d","points":[]}}""")]
    [InlineData("flags", """{"access":["R\u0065ad","\u0057rite"],"grants":[]}""")]
    [InlineData("enum_maps", """{"counts":{"Gr\u0065en":1,"\u0052ed":2}}""")]
    public void Escaped_names_and_enum_values_read_as_what_they_spell(string tool, string json)
    {
        Assert.Empty(Tool(tool).ValidateArguments(Args(json), out ReadOnlyMemory<byte> canonical));
        Assert.DoesNotContain((byte)'\\', canonical.ToArray()); // written back plainly
    }

    [Fact]
    public void Valid_arguments_come_back_in_canonical_form_which_parses_to_itself()
    {
        ITypedTool tool = Tool("defaults");
        Assert.Empty(tool.ValidateArguments(Args("""{"label":"y","count":7}"""), out ReadOnlyMemory<byte> canonical));
        string text = System.Text.Encoding.UTF8.GetString(canonical.Span);
        Assert.Equal("""{"count":7,"label":"y","color":"Green","flag":true,"ratio":0.25,"note":null}""", text);
        Assert.Empty(tool.ValidateArguments(Args(text), out ReadOnlyMemory<byte> again));
        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(again.Span));

        Assert.NotEmpty(tool.ValidateArguments(Args("""{"count":"7"}"""), out ReadOnlyMemory<byte> refused));
        Assert.True(refused.IsEmpty);
    }

    [Fact]
    public void A_GUID_with_an_escaped_lone_surrogate_is_a_format_error_and_an_escaped_letter_is_fine()
    {
        // Found by AFL++: JsonElement.TryGetGuid throws on the escape instead of returning false.
        ITypedTool tool = Tool("primitives");
        string Args(string guid) => $$"""{"s":"x","b":true,"i8":0,"u8":0,"i16":0,"u16":0,"i32":0,"u32":0,"i64":0,"u64":0,"f32":0,"f64":0,"dec":0,"guid":"{{guid}}","at":"2025-06-01T12:30:00Z","day":"2024-02-29","time":"23:59:59","span":"01:02:03","uri":"https://example.org/","color":"Red"}""";
        var error = Assert.Single(tool.ValidateArguments(ValidateArgumentsTests.Args(Args("0F8FAD5B-D9CB-469F-A16\\ud805-708677289"))));
        Assert.Equal(("argument.format", "guid"), (error.Code, error.Field));
        Assert.Empty(tool.ValidateArguments(ValidateArgumentsTests.Args(Args("0f8fad5b-d9cb-469f-a165-70867728950\\u0065"))));
    }
}
