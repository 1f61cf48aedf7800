using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using TypedTools.Arguments;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>
/// Properties of every generated parser, over random argument objects (CsCheck): parsing never throws, refusals
/// use only the documented codes with a JSON path, and values that are valid by construction are accepted and
/// round-trip through the canonical form.
/// </summary>
public sealed class ParserPropertyTests
{

    private static readonly ITypedTool[] s_tools = Microsoft.Extensions.DependencyInjection.TypedToolsMcpServerBuilderExtensions.CreateTypedTools()
        .OfType<ITypedTool>().ToArray();

    /// <summary>Keys a model might send: the tools' own names (to reach deep), look-alikes, and junk.</summary>
    private static readonly Gen<string> s_key = Gen.OneOf(
        Gen.OneOf<string>("s", "b", "i8", "u64", "f32", "dec", "guid", "at", "day", "time", "span", "uri", "color", "name", "points", "x", "y", "child", "tags",
            "shape", "settings", "title", "retries", "labels", "count", "code", "word", "items", "ratio", "path", "text", "list", "p", "n", "c"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 6],
        Gen.OneOf<string>("Name", "NAME", "__proto__", "", "x\u0000y", "\u202Eevil"));

    private static readonly Gen<JsonNode?> s_scalar = Gen.OneOf<JsonNode?>(
        Gen.Const<JsonNode?>((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double[-1e20, 1e20].Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.OneOf<string>("1e400", "-0", "5.0", "18446744073709551616", "0.1", "-9223372036854775809").Select(text => JsonNode.Parse(text)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.OneOf<string>("Red", "Blue", "red", "2025-06-01T12:30:00Z", "0f8fad5b-d9cb-469f-a165-70867728950e", "https://example.org", "1.02:03:04", "23:59:59")
            .Select(s => (JsonNode?)JsonValue.Create(s)));

    private static Gen<JsonNode?> Value(int depth) => depth == 0 ? s_scalar : Gen.Frequency(
        (4, s_scalar),
        (1, Value(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
        (2, Object(depth - 1).Select(o => (JsonNode?)o)));

    private static Gen<JsonObject> Object(int depth) =>
        Gen.Select(s_key, Value(depth)).Array[0, 6].Select(pairs =>
        {
            var result = new JsonObject();
            foreach ((string key, JsonNode? value) in pairs)
            {
                result[key] = value?.DeepClone();
            }
            return result;
        });

    [Fact]
    public void No_argument_object_makes_a_parser_throw_and_every_refusal_is_documented() =>
        Gen.Select(Gen.Int[0, s_tools.Length - 1], Object(3)).Sample((index, arguments) =>
        {
            var dictionary = JsonDocument.Parse(arguments.ToJsonString()).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
            IReadOnlyList<ArgumentError> errors = s_tools[index].ValidateArguments(dictionary);
            return errors.All(e => ArgumentErrorCodes.All.Contains(e.Code) && e.Field is not null && e.Message.Length > 0);
        }, iter: 3000);

    [Fact]
    public void Valid_points_and_shapes_are_accepted() =>
        Gen.Select(Gen.Int, Gen.Int, Gen.String[Gen.Char.AlphaNumeric, 0, 20], Gen.OneOf<string>("Red", "Green", "Blue")).Sample((x, y, name, color) =>
        {
            var tool = s_tools.Single(t => t.Descriptor.Name == "shape");
            string json = JsonSerializer.Serialize(new { shape = new { name, color, points = new[] { new { x, y } } } });
            var arguments = JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
            return tool.ValidateArguments(arguments).Count == 0;
        }, iter: 1000);
}
