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
        Assert.Contains("not valid UTF-8", error.Field, StringComparison.Ordinal);
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
}
