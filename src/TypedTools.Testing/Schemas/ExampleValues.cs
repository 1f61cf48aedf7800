using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TypedTools.Testing.Schemas;

/// <summary>
/// Builds a value that conforms to a JSON Schema of the kind TypedTools generates (objects with required properties,
/// <c>$ref</c>/<c>$defs</c>, <c>anyOf</c> with null, type arrays, enums, numeric bounds, string lengths, formats and
/// anchored patterns, item counts): the smallest plausible value, every required property present and optional
/// ones left out. Returns null when no candidate satisfies a string's pattern (then a tool author supplies an example).
/// </summary>
public static class ExampleValues
{
    private static readonly string[] s_strings =
    [
        "abc", "a", "ab", "x", "hello", "A", "1", "example", "notes.txt",
        "2025-01-01T00:00:00Z", "2025-01-01", "12:00:00", "1.02:03:04", "00:00:01", "https://example.org/",
        "0f8fad5b-d9cb-469f-a165-70867728950e", "someone@example.org", "#general", "ABC", "abc123", "a-b", "a_b",
    ];

    /// <summary>A valid value for <paramref name="schema"/> (the tool's whole input schema, whose <c>$defs</c> resolve references).</summary>
    public static JsonNode? For(JsonElement schema) => new Builder(schema).Value(schema, depth: 0, out bool ok) is var value && ok ? value : null;

    private sealed class Builder(JsonElement root)
    {
        public JsonNode? Value(JsonElement schema, int depth, out bool ok)
        {
            ok = true;
            if (depth > 32)
            {
                ok = false;
                return null;
            }
            if (schema.TryGetProperty("$ref", out JsonElement reference))
            {
                return Value(SchemaReferences.Resolve(root, reference.GetString()!), depth + 1, out ok);
            }
            if (schema.TryGetProperty("anyOf", out JsonElement anyOf) || schema.TryGetProperty("oneOf", out anyOf))
            {
                // A non-null branch first (a nullable reference is "anyOf [ref, null]"), null only when nothing else works.
                foreach (JsonElement branch in anyOf.EnumerateArray().OrderBy(b => IsNull(b) ? 1 : 0))
                {
                    JsonNode? value = Value(branch, depth + 1, out ok);
                    if (ok)
                    {
                        return value;
                    }
                }
                return null;
            }
            if (schema.TryGetProperty("enum", out JsonElement values))
            {
                return JsonNode.Parse(values.EnumerateArray().First().GetRawText());
            }
            if (schema.TryGetProperty("const", out JsonElement constant))
            {
                return JsonNode.Parse(constant.GetRawText());
            }
            string type = Type(schema);
            switch (type)
            {
                case "object":
                    var result = new JsonObject();
                    JsonElement properties = schema.TryGetProperty("properties", out JsonElement p) ? p : default;
                    if (schema.TryGetProperty("required", out JsonElement required))
                    {
                        foreach (JsonElement name in required.EnumerateArray())
                        {
                            string key = name.GetString()!;
                            JsonNode? member = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(key, out JsonElement memberSchema)
                                ? Value(memberSchema, depth + 1, out ok) : null;
                            if (!ok)
                            {
                                return null;
                            }
                            result[key] = member;
                        }
                    }
                    return result;
                case "array":
                    int count = schema.TryGetProperty("minItems", out JsonElement minItems) ? minItems.GetInt32() : 0;
                    var array = new JsonArray();
                    for (int i = 0; i < count; i++)
                    {
                        JsonNode? item = schema.TryGetProperty("items", out JsonElement items) ? Value(items, depth + 1, out ok) : null;
                        if (!ok)
                        {
                            return null;
                        }
                        array.Add(item);
                    }
                    return array;
                case "integer":
                case "number":
                    return Number(schema, type == "integer");
                case "boolean":
                    return JsonValue.Create(true);
                case "null":
                    return null;
                case "string":
                    string? text = Text(schema);
                    ok = text is not null;
                    return text is null ? null : JsonValue.Create(text);
                default:
                    return new JsonObject(); // no type: anything goes
            }
        }

        private static bool IsNull(JsonElement schema) => Type(schema) == "null";

        private static string Type(JsonElement schema) => !schema.TryGetProperty("type", out JsonElement type) ? ""
            : type.ValueKind == JsonValueKind.String ? type.GetString()!
            : type.EnumerateArray().Select(t => t.GetString()!).OrderBy(t => t == "null" ? 1 : 0).First();

        private static JsonNode Number(JsonElement schema, bool integer)
        {
            decimal low = Bound(schema, "minimum") ?? decimal.MinValue;
            decimal high = Bound(schema, "maximum") ?? decimal.MaxValue;
            decimal value = Math.Clamp(1m, low, high);
            if (integer && value != decimal.Truncate(value))
            {
                value = decimal.Ceiling(value);
            }
            return JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;
        }

        private static decimal? Bound(JsonElement schema, string name) =>
            schema.TryGetProperty(name, out JsonElement bound) && decimal.TryParse(bound.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value)
                ? value : null;

        private static string? Text(JsonElement schema)
        {
            int min = schema.TryGetProperty("minLength", out JsonElement minLength) ? minLength.GetInt32() : 0;
            int max = schema.TryGetProperty("maxLength", out JsonElement maxLength) ? maxLength.GetInt32() : int.MaxValue;
            Regex? pattern = schema.TryGetProperty("pattern", out JsonElement p) ? new Regex(p.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)) : null;
            string? format = schema.TryGetProperty("format", out JsonElement f) ? f.GetString() : null;
            IEnumerable<string> candidates = format switch
            {
                "uuid" => ["0f8fad5b-d9cb-469f-a165-70867728950e"],
                "date-time" => ["2025-01-01T00:00:00Z"],
                "date" => ["2025-01-01"],
                "uri" => ["https://example.org/"],
                "email" => ["someone@example.org"],
                _ => s_strings.Concat([new string('a', Math.Max(min, 1)), new string('1', Math.Max(min, 1))]),
            };
            return candidates.FirstOrDefault(c => c.Length >= min && c.Length <= max && (pattern is null || pattern.IsMatch(c)));
        }
    }
}
