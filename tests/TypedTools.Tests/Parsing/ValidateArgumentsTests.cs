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
}
