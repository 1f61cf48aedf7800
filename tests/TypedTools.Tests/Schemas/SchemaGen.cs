using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using TypedTools.Testing.Schemas;

namespace TypedTools.Tests.Schemas;

/// <summary>
/// Random argument objects for a generated input schema (CsCheck): values drawn inside the schema (every required
/// property, optional ones at random, numbers within their bounds, strings of every declared format, arrays and
/// dictionaries within their counts, recursion through <c>$ref</c> until it must stop), and near misses made from them by one random
/// mutation (a leaf of another kind, a bound crossed, a property removed or unknown, an enum value off the list).
/// Integers stay within JavaScript's safe range, ±(2^53 - 1): a JavaScript validator cannot tell integers apart beyond
/// it (2^53 + 1, a near miss, reads as 2^53, so a set holding both looked like a repeat to Ajv); the C# tests cover the
/// 64-bit edges.
/// </summary>
public static class SchemaGen
{
    private const double MaxSafeInteger = 9_007_199_254_740_991d;

    private static readonly string[] s_anyKind = ["null", "true", "0", "-1", "1.5", "\"\"", "\"x\"", "\"5\"", "\"true\"", "[]", "[1]", "{}", "{\"a\":1}", "1e400", "9007199254740993"];

    /// <summary>Values the schema should accept.</summary>
    public static Gen<JsonNode?> Valid(JsonElement root) => Value(root, root, 0);

    /// <summary>Valid values, and near misses of them, about half each.</summary>
    public static Gen<JsonNode?> Any(JsonElement root) => Gen.Frequency((1, Valid(root)), (1, Valid(root).SelectMany(Mutate)));

    private static Gen<JsonNode?> Value(JsonElement root, JsonElement schema, int depth)
    {
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            return Value(root, SchemaReferences.Resolve(root, reference.GetString()!), depth + 1);
        }
        if (schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            JsonElement[] branches = [.. anyOf.EnumerateArray()];
            JsonElement[] nulls = [.. branches.Where(IsNull)];
            // Deep down, recursion must end: take the null branch where there is one.
            return depth > 4 && nulls.Length > 0 ? Gen.Const<JsonNode?>((JsonNode?)null) : Gen.OneOf(branches.Select(b => Value(root, b, depth + 1)).ToArray());
        }
        if (schema.TryGetProperty("enum", out JsonElement values))
        {
            return Gen.OneOf(values.EnumerateArray().Select(v => v.GetRawText()).ToArray()).Select(text => JsonNode.Parse(text));
        }
        string[] types = schema.TryGetProperty("type", out JsonElement type)
            ? type.ValueKind == JsonValueKind.String ? [type.GetString()!] : [.. type.EnumerateArray().Select(t => t.GetString()!)]
            : ["object"];
        if (depth > 4 && types.Contains("null"))
        {
            return Gen.Const<JsonNode?>((JsonNode?)null);
        }
        return Gen.OneOf(types.Select(t => Typed(root, schema, t, depth)).ToArray());
    }

    private static Gen<JsonNode?> Typed(JsonElement root, JsonElement schema, string type, int depth) => type switch
    {
        "null" => Gen.Const<JsonNode?>((JsonNode?)null),
        "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        "integer" => Integer(schema),
        "number" => Gen.OneOf(Integer(schema), Number(schema)),
        "string" => Text(schema),
        "array" => Array(root, schema, depth),
        _ => Object(root, schema, depth),
    };

    private static Gen<JsonNode?> Integer(JsonElement schema)
    {
        double low = Math.Ceiling(Math.Max(Bound(schema, "minimum") ?? -MaxSafeInteger, -MaxSafeInteger));
        double high = Math.Floor(Math.Min(Bound(schema, "maximum") ?? MaxSafeInteger, MaxSafeInteger));
        Gen<long> inside = Gen.Long[(long)low, (long)high];
        return Gen.Frequency((3, inside), (1, Gen.OneOf((long)low, (long)high, Math.Clamp(0L, (long)low, (long)high))))
            .Select(l => (JsonNode?)JsonValue.Create(l));
    }

    private static Gen<JsonNode?> Number(JsonElement schema)
    {
        double low = Math.Max(Bound(schema, "minimum") ?? -1e15, -1e15);
        double high = Math.Min(Bound(schema, "maximum") ?? 1e15, 1e15);
        return Gen.Double[low, high].Select(d => (JsonNode?)JsonNode.Parse(d.ToString("R", CultureInfo.InvariantCulture)));
    }

    private static Gen<JsonNode?> Text(JsonElement schema)
    {
        string? format = schema.TryGetProperty("format", out JsonElement f) ? f.GetString() : null;
        string? pattern = schema.TryGetProperty("pattern", out JsonElement p) ? p.GetString() : null;
        int min = schema.TryGetProperty("minLength", out JsonElement minLength) ? minLength.GetInt32() : 0;
        int max = Math.Min(schema.TryGetProperty("maxLength", out JsonElement maxLength) ? maxLength.GetInt32() : 40, 40);
        Gen<string> text = format switch
        {
            "uuid" => Gen.Guid.Select(g => g.ToString()),
            "date-time" => Gen.Select(Gen.Int[1, 9999], Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[0, 23], Gen.Int[0, 59], Gen.Int[0, 59], Gen.Int[-14, 14])
                .Select((y, mo, d, h, mi, s, offset) => new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromHours(offset)).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)),
            "date" => Gen.Select(Gen.Int[1, 9999], Gen.Int[1, 12], Gen.Int[1, 28]).Select((y, m, d) => $"{y:0000}-{m:00}-{d:00}"),
            "uri" => Gen.String[Gen.Char.AlphaNumeric, 0, 10].Select(s => "https://example.org/" + s),
            _ when pattern is not null && pattern.StartsWith("^([01]\\d|2[0-3])", StringComparison.Ordinal) =>
                Gen.Select(Gen.Int[0, 23], Gen.Int[0, 59], Gen.Int[0, 59]).Select((h, m, s) => $"{h:00}:{m:00}:{s:00}"),
            _ when pattern is not null && pattern.StartsWith("^-?(\\d{1,7}\\.)?", StringComparison.Ordinal) =>
                Gen.Select(Gen.Int[0, 99], Gen.Int[0, 23], Gen.Int[0, 59]).Select((d, h, m) => $"{d}.{h:00}:{m:00}:00"),
            _ when pattern is not null => Gen.Const(ExampleValues.For(JsonDocument.Parse(schema.GetRawText()).RootElement)?.GetValue<string>() ?? "a"),
            _ => Gen.String[Gen.Char["abcXYZ019 -_.é"], min, Math.Max(min, max)],
        };
        return text.Select(s => (JsonNode?)JsonValue.Create(s));
    }

    private static Gen<JsonNode?> Array(JsonElement root, JsonElement schema, int depth)
    {
        int min = schema.TryGetProperty("minItems", out JsonElement minItems) ? minItems.GetInt32() : 0;
        int max = Math.Min(schema.TryGetProperty("maxItems", out JsonElement maxItems) ? maxItems.GetInt32() : 3, min + 3);
        Gen<JsonNode?> item = schema.TryGetProperty("items", out JsonElement items) ? Value(root, items, depth + 1) : Gen.Const<JsonNode?>(JsonValue.Create(1));
        return item.Array[min, max].Select(values => (JsonNode?)new JsonArray(values.Select(v => v?.DeepClone()).ToArray()));
    }

    private static Gen<JsonNode?> Object(JsonElement root, JsonElement schema, int depth)
    {
        HashSet<string> required = schema.TryGetProperty("required", out JsonElement r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];
        (string Name, Gen<JsonNode?> Value, bool Required)[] members = schema.TryGetProperty("properties", out JsonElement properties)
            ? [.. properties.EnumerateObject().Select(p => (p.Name, Value(root, p.Value, depth + 1), required.Contains(p.Name)))]
            : [];
        Gen<List<(string, JsonNode?, bool)>> chosen = Gen.Const(0).Select(_ => new List<(string, JsonNode?, bool)>());
        foreach ((string name, Gen<JsonNode?> member, bool isRequired) in members)
        {
            chosen = chosen.SelectMany(list => Gen.Select(member, Gen.Bool, (value, include) => new List<(string, JsonNode?, bool)>(list) { (name, value, isRequired || include) }));
        }
        Gen<(string, JsonNode?)[]> entries = Gen.Const(System.Array.Empty<(string, JsonNode?)>());
        if (schema.TryGetProperty("additionalProperties", out JsonElement values) && values.ValueKind == JsonValueKind.Object)
        {
            // A dictionary: entries within its counts, keys of every sort (a JSON object's names are any strings).
            int min = schema.TryGetProperty("minProperties", out JsonElement minProperties) ? minProperties.GetInt32() : 0;
            int max = Math.Min(schema.TryGetProperty("maxProperties", out JsonElement maxProperties) ? maxProperties.GetInt32() : 3, min + 3);
            // Keys that must be an enum's names: those names, and a near miss of one; that must be integers (a pattern):
            // numbers of every size and sign, and other spellings of them.
            schema.TryGetProperty("propertyNames", out JsonElement names);
            Gen<string> keys = names.ValueKind == JsonValueKind.Object && names.TryGetProperty("enum", out JsonElement allowed)
                ? Gen.OneOf([.. allowed.EnumerateArray().Select(n => n.GetString()!), allowed[0].GetString()!.ToLowerInvariant()])
                : names.ValueKind == JsonValueKind.Object && names.TryGetProperty("pattern", out _)
                    ? IntegerKeys
                    : Gen.String[Gen.Char["abcXYZ019 -_.é\"[]"], 0, 8];
            entries = Gen.Select(keys, Value(root, values, depth + 1)).Array[min, max]
                .Select(pairs => pairs.DistinctBy(p => p.Item1).ToArray())
                .Where(pairs => pairs.Length >= min);
        }
        return Gen.Select(chosen, entries, (picked, added) =>
            {
                var result = new JsonObject();
                foreach ((string name, JsonNode? value, bool include) in picked)
                {
                    if (include)
                    {
                        result[name] = value?.DeepClone();
                    }
                }
                foreach ((string key, JsonNode? value) in added)
                {
                    result[key] = value?.DeepClone();
                }
                return (JsonNode?)result;
            });
    }

    // Integer keys: mostly in every key type's range (0..127), then small of either sign, any long or ulong, and other
    // spellings of numbers.
    private static Gen<string> IntegerKeys => Gen.OneOf(
        Spelled(Gen.Int[0, 127]), Spelled(Gen.Int[0, 127]), Spelled(Gen.Int[0, 127]), Spelled(Gen.Int[-300, 300]),
        Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.ULong.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf(["01", "-0", "+1", "1.0", "1e2", "", "18446744073709551616", "-9223372036854775809"]));

    private static Gen<string> Spelled(Gen<int> numbers) => numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>One random change at one random place of <paramref name="value"/>.</summary>
    private static Gen<JsonNode?> Mutate(JsonNode? value) =>
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 3], Gen.OneOf(s_anyKind)).Select((at, how, replacement) =>
        {
            JsonNode? copy = value?.DeepClone();
            List<(JsonNode? Parent, object Key)> places = [];
            Collect(copy, places);
            if (places.Count == 0)
            {
                return (JsonNode?)JsonNode.Parse(replacement);
            }
            (JsonNode? parent, object key) = places[at % places.Count];
            switch (how)
            {
                case 0 when parent is JsonObject obj && key is string name:
                    obj.Remove(name);
                    break;
                case 1 when parent is JsonObject obj:
                    obj["zzUnknown"] = 1;
                    break;
                default:
                    JsonNode? node = JsonNode.Parse(replacement);
                    if (parent is JsonObject o)
                    {
                        o[(string)key] = node;
                    }
                    else if (parent is JsonArray a)
                    {
                        a[(int)key] = node;
                    }
                    break;
            }
            return copy;
        });

    private static void Collect(JsonNode? node, List<(JsonNode? Parent, object Key)> places)
    {
        if (node is JsonObject obj)
        {
            foreach ((string name, JsonNode? child) in obj.ToList())
            {
                places.Add((obj, name));
                Collect(child, places);
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                places.Add((array, i));
                Collect(array[i], places);
            }
        }
    }

    private static bool IsNull(JsonElement schema) => schema.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    private static double? Bound(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out JsonElement bound) && double.TryParse(bound.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}
