using System.Text.Json;
using System.Text.Json.Nodes;
using TypedTools.Arguments;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>
/// The duplicate-key check on the raw request: it reads the parsed form of the request's <c>arguments</c> node where it
/// can (no copy) and writes the node out where it cannot, and both must report the same names.
/// </summary>
public sealed class RawArgumentsTests
{
    [Fact]
    public void This_runtime_lets_the_check_read_a_parsed_node_without_copying_it()
    {
        // If a System.Text.Json update renames the node's field, the check still works (through the copy) but every
        // call pays for it again: this test is where that shows.
        Assert.True(RawArguments.ReadsParsedNodes);
    }

    [Theory]
    [InlineData("""{"a":1,"b":2}""", new string[0])]
    [InlineData("""{"a":1,"a":2}""", new[] { "a" })]
    [InlineData("""{"a":1,"b":{"a":1,"a":2},"a":3,"c":[1,2],"b":null,"a":4}""", new[] { "a", "b" })]
    [InlineData("""{"p\u0061th":"x","path":"y"}""", new[] { "path" })]
    [InlineData("""{"é":1,"\u00e9":2,"e":3}""", new[] { "é" })]
    public void Repeated_names_are_reported_once_each_in_the_order_they_repeat(string rawArguments, string[] expected)
    {
        JsonNode requestParams = JsonNode.Parse($$"""{"name":"t","arguments":{{rawArguments}}}""")!;
        // What the SDK hands the tool: a dictionary in which the last value of a repeated name won.
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in JsonDocument.Parse(rawArguments).RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        Assert.Equal(expected, Duplicates(requestParams, arguments));
        // The slower path (where the parsed form is out of reach) reads back the same JSON, duplicates included.
        using JsonDocument copy = RawArguments.Copy(requestParams["arguments"]!.AsObject());
        Assert.Equal(JsonDocument.Parse(rawArguments).RootElement.EnumerateObject().Select(p => p.Name), copy.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_node_that_was_changed_is_read_through_the_copy_with_the_same_answer()
    {
        // Materialising the node's properties (here by counting them) drops the parsed form; the copy then serves.
        JsonNode requestParams = JsonNode.Parse("""{"name":"t","arguments":{"a":1,"b":2}}""")!;
        Assert.Equal(2, requestParams["arguments"]!.AsObject().Count);
        var arguments = new Dictionary<string, JsonElement> { ["a"] = JsonDocument.Parse("1").RootElement, ["b"] = JsonDocument.Parse("2").RootElement };

        Assert.Empty(Duplicates(requestParams, arguments));
        // Fewer distinct arguments than the node holds: the copy's count finds the difference.
        arguments.Remove("b");
        Assert.Empty(Duplicates(requestParams, arguments)); // two distinct names, no name repeated: nothing to report
    }

    private static string?[] Duplicates(JsonNode requestParams, IDictionary<string, JsonElement> arguments)
    {
        ArgumentReader reader = ArgumentReader.Rent(32);
        try
        {
            RawArguments.ReportDuplicates(requestParams, arguments, reader);
            ArgumentError[] errors = reader.GetErrors();
            Assert.All(errors, e => Assert.Equal(ArgumentErrorCodes.DuplicateField, e.Code));
            return [.. errors.Select(e => e.Field)];
        }
        finally
        {
            reader.Return();
        }
    }
}
