using System.Text;
using System.Text.Json;
using CsCheck;
using TypedTools.Generator.Helpers;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>
/// The generator's check of an [McpMeta] JsonValue against System.Text.Json, which parses it when the server starts
/// and writes it on every tools/list: the generator must accept what that accepts and can write, refuse the rest, and
/// keep the value it accepted.
/// </summary>
public sealed class JsonSyntaxTests
{
    [Theory]
    [InlineData(" { \"a\" : [ 1 , -0.5e+3 , true , null ] ,\n\t\"b\" : \"x y\\n\\u00e9\" } ", "{\"a\":[1,-0.5e+3,true,null],\"b\":\"x y\\n\\u00e9\"}")]
    [InlineData("\"\\ud83d\\ude00 \ud83d\ude00\"", "\"\\ud83d\\ude00 \ud83d\ude00\"")]
    [InlineData("[ ]", "[]")]
    [InlineData(" 0 ", "0")]
    [InlineData("{\"a\":{\"b\":1},\"c\":{\"b\":2}}", "{\"a\":{\"b\":1},\"c\":{\"b\":2}}")]
    public void A_value_is_kept_as_written_without_the_whitespace_between_its_tokens(string text, string expected)
    {
        Assert.Equal(expected, JsonSyntax.Minify(text, out string? error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Nesting_stops_where_System_Text_Json_stops(int depth, bool accepted)
    {
        string text = new string('[', depth - 1) + "{\"a\":1}" + new string(']', depth - 1);
        Assert.Equal(accepted, SystemTextJsonAccepts(text));
        Assert.Equal(accepted, JsonSyntax.Minify(text, out _) != null);
    }

    [Fact]
    public void It_accepts_exactly_what_System_Text_Json_parses_and_can_write()
    {
        int accepted = 0, refused = 0;
        Gen.Int.Sample(seed =>
        {
            string text = Mutated(new Random(seed));
            string? minified = JsonSyntax.Minify(text, out string? error);
            bool expected = SystemTextJsonAccepts(text);
            Assert.True(expected == (minified != null), $"{Escape(text)}: System.Text.Json {(expected ? "accepts" : "refuses")} it, the generator says {error ?? "yes"}");
            if (minified == null)
            {
                refused++;
                return;
            }
            accepted++;
            using JsonDocument original = JsonDocument.Parse(text), kept = JsonDocument.Parse(minified);
            Assert.True(JsonElement.DeepEquals(original.RootElement, kept.RootElement), Escape(text));
            Assert.Equal(minified, JsonSyntax.Minify(minified, out _));
        }, iter: 30_000);
        // Both sides of the line were reached often (the mutations make about half of the texts invalid).
        Assert.True(accepted > 3_000 && refused > 3_000, $"{accepted} accepted, {refused} refused");
    }

    /// <summary>Parsed as the server does (JsonNode.Parse's defaults), each name once per object, every string readable (no half surrogate pairs).</summary>
    private static bool SystemTextJsonAccepts(string text)
    {
        // A lone surrogate in the C# string itself cannot become UTF-8 (the generated literal would not compile).
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(Encoding.UTF8.GetBytes(text), new JsonDocumentOptions { AllowDuplicateProperties = false });
            ReadEveryString(document.RootElement);
            return true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void ReadEveryString(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    ReadEveryString(item);
                }
                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    _ = property.Name;
                    ReadEveryString(property.Value);
                }
                break;
        }
    }

    /// <summary>A JSON value with random whitespace, strings (escapes, surrogates), names (often repeated) and number spellings, then up to two edits.</summary>
    private static string Mutated(Random random)
    {
        var text = new StringBuilder();
        Value(random, text, 0);
        int edits = random.Next(3);
        for (int i = 0; i < edits && text.Length > 0; i++)
        {
            int at = random.Next(text.Length);
            string piece = s_pieces[random.Next(s_pieces.Length)];
            switch (random.Next(3))
            {
                case 0: text.Remove(at, 1); break;
                case 1: text.Insert(at, piece); break;
                default: text.Remove(at, 1).Insert(at, piece); break;
            }
        }
        return text.ToString();
    }

    private static readonly string[] s_pieces =
        ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "0", "1", "-", ".", "e", "+", " ", "\n", "\t", "\u0001", "t", "null", "\ud800", "\udc00", "\\ud800", "\uFEFF", "/", "//"];

    private static readonly string[] s_numbers = ["0", "-0", "7", "-12", "3.25", "1e9", "-2.5E-3", "0.0", "1E+2", "01", "1.", ".5", "+1", "-", "1e", "0x1", "00"];

    private static readonly string[] s_names = ["a", "b", "\\u0061", "c d", "", "\\n"];

    private static void Value(Random random, StringBuilder text, int depth)
    {
        Space(random, text);
        switch (random.Next(depth > 3 ? 4 : 7))
        {
            case 0: text.Append(s_numbers[random.Next(s_numbers.Length)]); break;
            case 1: String(random, text); break;
            case 2: text.Append(random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" }); break;
            case 3: text.Append(s_numbers[random.Next(4)]); break;
            case 4 or 5:
                text.Append('{');
                int members = random.Next(4);
                for (int i = 0; i < members; i++)
                {
                    if (i > 0) text.Append(',');
                    Space(random, text);
                    text.Append('"').Append(s_names[random.Next(s_names.Length)]).Append('"');
                    Space(random, text);
                    text.Append(':');
                    Value(random, text, depth + 1);
                }
                Space(random, text);
                text.Append('}');
                break;
            default:
                text.Append('[');
                int items = random.Next(4);
                for (int i = 0; i < items; i++)
                {
                    if (i > 0) text.Append(',');
                    Value(random, text, depth + 1);
                }
                Space(random, text);
                text.Append(']');
                break;
        }
        Space(random, text);
    }

    private static void String(Random random, StringBuilder text)
    {
        text.Append('"');
        int length = random.Next(5);
        for (int i = 0; i < length; i++)
        {
            switch (random.Next(8))
            {
                case 0: text.Append("\\u").Append(random.Next(4) switch { 0 => "d83d", 1 => "de00", 2 => "00E9", _ => random.Next(0x10000).ToString("x4") }); break;
                case 1: text.Append(new[] { "\\n", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\t" }[random.Next(8)]); break;
                case 2: text.Append("\ud83d\ude00"); break;
                case 3: text.Append('é'); break;
                default: text.Append((char)random.Next('a', 'z' + 1)); break;
            }
        }
        text.Append('"');
    }

    private static void Space(Random random, StringBuilder text)
    {
        if (random.Next(3) == 0)
        {
            text.Append(" \t\n\r"[random.Next(4)]);
        }
    }

    private static string Escape(string text) => JsonSerializer.Serialize(text);
}
