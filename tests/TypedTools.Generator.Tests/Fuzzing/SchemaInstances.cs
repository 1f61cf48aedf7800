using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TypedTools.Generator.Tests.Fuzzing;

/// <summary>
/// Builds a value that a JSON schema, as the generator writes them, accepts: types, <c>$ref</c>s into <c>$defs</c>,
/// <c>anyOf</c>, enums, formats, patterns (from a few candidates), bounds, lengths, item counts and dictionaries' entries
/// (<c>additionalProperties</c> with a schema). Every property is
/// given a value, optional ones too, so that the parser reads each. When the schema asks for something no candidate
/// meets (an author's pattern, unique items), there is no value and the caller checks nothing.
/// </summary>
public static class SchemaInstances
{
    private static readonly Dictionary<string, string> s_formats = new()
    {
        ["uuid"] = "0f8fad5b-d9cb-469f-a165-70867728950e",
        ["date-time"] = "2025-06-01T12:30:00+02:00",
        ["date"] = "2024-02-29",
        ["uri"] = "https://example.org/a?b=c",
    };

    // Strings tried against a pattern without a known format: a time, a duration, words, digits.
    private static readonly string[] s_candidates = ["23:59:59", "1.02:03:04", "abc", "a", "12", "aa", "x@example.org", "https://example.org/"];

    public static bool TryBuild(JsonElement schema, out JsonNode? value) => TryValue(schema, schema, 0, out value);

    private static bool TryValue(JsonElement schema, JsonElement root, int depth, out JsonNode? value)
    {
        value = null;
        if (depth > 6)
        {
            return false;
        }
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            string name = reference.GetString()!["#/$defs/".Length..].Replace("~1", "/").Replace("~0", "~");
            return TryValue(root.GetProperty("$defs").GetProperty(name), root, depth + 1, out value);
        }
        if (schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            foreach (JsonElement alternative in anyOf.EnumerateArray().OrderBy(a => IsNull(a) ? 1 : 0))
            {
                if (TryValue(alternative, root, depth, out value))
                {
                    return true;
                }
            }
            return false;
        }
        if (schema.TryGetProperty("const", out JsonElement constant))
        {
            value = JsonNode.Parse(constant.GetRawText());
            return true;
        }
        if (schema.TryGetProperty("enum", out JsonElement choices))
        {
            // An enum without members allows nothing: there is no value to build.
            JsonElement[] allowed = [.. choices.EnumerateArray().OrderBy(c => c.ValueKind == JsonValueKind.Null ? 1 : 0)];
            value = allowed.Length == 0 ? null : JsonNode.Parse(allowed[0].GetRawText());
            return allowed.Length > 0;
        }
        string? type = !schema.TryGetProperty("type", out JsonElement types) ? null
            : types.ValueKind == JsonValueKind.String ? types.GetString()
            : types.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") ?? "null";
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                if (schema.TryGetProperty("properties", out JsonElement properties))
                {
                    foreach (JsonProperty property in properties.EnumerateObject())
                    {
                        if (!TryValue(property.Value, root, depth + 1, out JsonNode? member))
                        {
                            return false;
                        }
                        result[property.Name] = member;
                    }
                }
                if (schema.TryGetProperty("additionalProperties", out JsonElement values) && values.ValueKind == JsonValueKind.Object)
                {
                    // A dictionary: as many entries as its bounds want, at least one when they allow it, so that its values are read.
                    // Its keys are any names, or an enum's names (propertyNames), as many as there are, or integers (a pattern:
                    // every integer type holds 0 to 127).
                    schema.TryGetProperty("propertyNames", out JsonElement keys);
                    string[]? names = keys.ValueKind == JsonValueKind.Object && keys.TryGetProperty("enum", out JsonElement allowed)
                        ? [.. allowed.EnumerateArray().Select(n => n.GetString()!)]
                        : keys.ValueKind == JsonValueKind.Object && keys.TryGetProperty("pattern", out _) ? ["0", "1", "127"] : null;
                    int entries = Math.Max(Integer(schema, "minProperties") ?? 0, Math.Min(1, Integer(schema, "maxProperties") ?? 1));
                    if (names != null && entries > names.Length)
                    {
                        return false;
                    }
                    for (int i = 0; i < entries; i++)
                    {
                        if (!TryValue(values, root, depth + 1, out JsonNode? entry))
                        {
                            return false;
                        }
                        result[names?[i] ?? "k" + i.ToString(CultureInfo.InvariantCulture)] = entry;
                    }
                }
                value = result;
                return true;
            case "array":
                int count = Math.Max(Integer(schema, "minItems") ?? 0, Math.Min(1, Integer(schema, "maxItems") ?? 1));
                if (count > 1 && schema.TryGetProperty("uniqueItems", out JsonElement unique) && unique.GetBoolean())
                {
                    return false;
                }
                var items = new JsonArray();
                for (int i = 0; i < count; i++)
                {
                    if (!TryValue(schema.GetProperty("items"), root, depth + 1, out JsonNode? item))
                    {
                        return false;
                    }
                    items.Add(item);
                }
                value = items;
                return true;
            case "string":
                int minLength = Integer(schema, "minLength") ?? 0, maxLength = Integer(schema, "maxLength") ?? int.MaxValue;
                string? pattern = schema.TryGetProperty("pattern", out JsonElement p) ? p.GetString() : null;
                IEnumerable<string> candidates = schema.TryGetProperty("format", out JsonElement format) && s_formats.TryGetValue(format.GetString()!, out string? formatted)
                    ? [formatted]
                    : [new string('a', Math.Max(minLength, 1)), .. s_candidates];
                string? text = candidates.FirstOrDefault(c =>
                    c.Length >= minLength && c.Length <= maxLength && (pattern is null || Regex.IsMatch(c, pattern, RegexOptions.CultureInvariant)));
                value = text is null ? null : JsonValue.Create(text);
                return text is not null;
            case "integer":
            case "number":
                bool integer = type == "integer";
                decimal? low = Number(schema, "minimum"), high = Number(schema, "maximum");
                decimal? lowExclusive = Number(schema, "exclusiveMinimum"), highExclusive = Number(schema, "exclusiveMaximum");
                decimal step = integer ? 1 : 0.5m;
                low = Max(low, lowExclusive + step);
                high = Min(high, highExclusive - step);
                decimal chosen = low is decimal l && l > 0 ? l : high is decimal h && h < 0 ? h : 0;
                if (chosen < low || chosen > high)
                {
                    return false;
                }
                value = JsonValue.Create(chosen);
                return true;
            case "boolean":
                value = JsonValue.Create(true);
                return true;
            case "null":
                return true;
            default:
                return false;
        }
    }

    private static bool IsNull(JsonElement schema) => schema.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    private static int? Integer(JsonElement schema, string name) => schema.TryGetProperty(name, out JsonElement v) ? v.GetInt32() : null;

    private static decimal? Number(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out JsonElement v) && decimal.TryParse(v.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) ? d
        : schema.TryGetProperty(name, out v) ? (v.GetDouble() < 0 ? decimal.MinValue : decimal.MaxValue)
        : null;

    private static decimal? Max(decimal? a, decimal? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static decimal? Min(decimal? a, decimal? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
