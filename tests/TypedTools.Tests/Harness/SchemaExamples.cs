using System.Globalization;
using System.Text.Json.Nodes;

namespace TypedTools.Tests.Harness;

/// <summary>
/// Generates argument objects from a tool's input schema and one valid seed: at every position of the seed
/// (and at every property the schema declares), values of every JSON kind, values at and just past each
/// bound the schema states, strings around each length limit, right and wrong spellings of every text
/// format, at every object level a missing property and an unknown one, and in dictionaries odd keys and
/// entry counts around their bounds. The differential tests send
/// each example to the generated parser and to an independent validator and require the same verdict.
/// </summary>
public static class SchemaExamples
{
    // JavaScript numbers are doubles: bounds beyond 2^53 cannot be compared exactly by any JS validator, so
    // boundary values are generated only inside that range (the C# tests cover the 64-bit edges exactly).
    private const decimal ExactInJavaScript = 9_007_199_254_740_992m;

    private static readonly string[] s_anyKind = ["null", "true", "false", "0", "1", "-1", "1.5", "5.0", "-0", "1e2", "1E+2", "1e400", "-1e400",
        "100000000000000000000", "\"\"", "\"a\"", "\"5\"", "\"true\"", "\"null\"", "[]", "[1]", "{}", "{\"a\":1}"];

    // Right and wrong spellings of each text format, tried at every string position.
    private static readonly string[] s_formatted =
    [
        "0f8fad5b-d9cb-469f-a165-70867728950e", "0F8FAD5B-D9CB-469F-A165-70867728950E", "{0f8fad5b-d9cb-469f-a165-70867728950e}",
        "0f8fad5bd9cb469fa16570867728950e", "0f8fad5b-d9cb-469f-a165-70867728950", "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
        "2025-06-01T12:30:00Z", "2025-06-01T12:30:00.1234567+02:00", "2025-06-01T12:30:00.12345678Z", "2025-06-01t12:30:00z",
        "2025-06-01 12:30:00Z", "2025-06-01T12:30:00", "2025-06-01T24:00:00Z", "2025-06-01T12:30:60Z", "2024-02-29T00:00:00+14:00",
        "2023-02-29T00:00:00Z", "2025-06-01T12:30:00+14:01", "2025-06-01T12:30:00-13:59", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z",
        "2024-02-29", "2023-02-29", "2024-13-01", "2024-1-01", "0001-01-01", "2024-02-29Z",
        "23:59:59", "23:59:59.5", "24:00:00", "23:59", "23:59:59.12345678", "12:00:00Z",
        "1.02:03:04.5", "-1.02:03:04", "02:03:04", "10675199.02:48:05.4775807", "1:02:03", "P1D", "1.24:00:00",
        "https://example.org/a?b=c", "http://example.org", "mailto:someone@example.org", "urn:isbn:0451450523", "file:///etc/passwd",
        "//example.org/x", "/relative/path", "https://exa mple.org", "https://example.org/\u00e9", "https://[::1]/", "https://[::1/",
        "https://example.org/%zz", "https://example.org/%2e%2E/x", "https://example.org/%", "https://example.org/%4", "a:", "1http://example.org",
    ];

    /// <summary>Every example, as JSON text.</summary>
    public static List<string> Generate(JsonObject schema, JsonObject seed)
    {
        var examples = new List<string> { seed.ToJsonString(), "{}" };
        new Walker(schema, seed, examples).Object(seed, schema);
        return examples.Distinct(StringComparer.Ordinal).ToList();
    }

    private sealed class Walker(JsonObject root, JsonObject seed, List<string> examples)
    {
        private void Emit() => examples.Add(seed.ToJsonString());

        public void Object(JsonObject value, JsonObject schema)
        {
            value["zzUnknown"] = 1;
            Emit();
            value.Remove("zzUnknown");

            var properties = schema["properties"] as JsonObject ?? new JsonObject();
            foreach ((string name, JsonNode? propertySchema) in properties.ToList())
            {
                JsonObject resolved = Resolve(propertySchema!.AsObject(), null);
                if (value.TryGetPropertyValue(name, out JsonNode? present))
                {
                    value.Remove(name);
                    Emit();
                    value[name] = present;
                    Position(resolved, present, replacement =>
                    {
                        JsonNode? previous = value[name];
                        value[name] = replacement;
                        Emit();
                        value[name] = previous;
                    });
                    Recurse(present, propertySchema.AsObject());
                }
                else
                {
                    foreach (string candidate in Candidates(resolved))
                    {
                        value[name] = JsonNode.Parse(candidate);
                        Emit();
                        value.Remove(name);
                    }
                }
            }
            if (schema["additionalProperties"] is JsonObject entries)
            {
                Dictionary(value, entries, schema, properties);
            }
        }

        /// <summary>A dictionary: every kind of value at its first entry, odd keys, and entry counts at its bounds.</summary>
        private void Dictionary(JsonObject value, JsonObject entries, JsonObject schema, JsonObject properties)
        {
            string? first = value.Select(p => p.Key).FirstOrDefault(k => !properties.ContainsKey(k));
            if (first is null)
            {
                return;
            }
            JsonNode? present = value[first];
            Position(Resolve(entries, present), present, replacement =>
            {
                JsonNode? previous = value[first];
                value[first] = replacement;
                Emit();
                value[first] = previous;
            });
            Recurse(present, entries);
            // An enum's names, and for integer keys (a pattern) the ends of the types' ranges and one past them.
            string[] names = schema["propertyNames"]?["enum"] is JsonArray allowed ? [.. allowed.Select(n => n!.GetValue<string>())]
                : schema["propertyNames"]?["pattern"] is not null ? ["0", "-1", "255", "256", "-129", "2147483648", "-9223372036854775809", "18446744073709551616", "01", "-0"]
                : [];
            string[] keys = ["", "a.b", "[0]", "\"q\"", "\u00e9", new string('k', 70), .. names];
            foreach (string key in keys.Where(k => !value.ContainsKey(k)))
            {
                value[key] = present?.DeepClone();
                Emit();
                value.Remove(key);
            }
            foreach (int count in Lengths(schema, "minProperties", "maxProperties"))
            {
                var added = new List<string>();
                for (int i = value.Count; i < count; i++)
                {
                    added.Add("extra" + i.ToString(CultureInfo.InvariantCulture));
                    value[added[^1]] = present?.DeepClone();
                }
                var removed = new List<(string, JsonNode?)>();
                while (value.Count > count && value.Count > 0)
                {
                    (string key, JsonNode? node) = value.Last();
                    removed.Add((key, node?.DeepClone()));
                    value.Remove(key);
                }
                Emit();
                added.ForEach(k => value.Remove(k));
                for (int i = removed.Count - 1; i >= 0; i--)
                {
                    value[removed[i].Item1] = removed[i].Item2;
                }
            }
        }

        private void Array(JsonArray value, JsonObject schema)
        {
            JsonObject items = Resolve(schema["items"]!.AsObject(), value.Count > 0 ? value[0] : null);
            if (value.Count > 0)
            {
                JsonNode? first = value[0];
                Position(items, first, replacement =>
                {
                    JsonNode? previous = value[0];
                    value[0] = replacement;
                    Emit();
                    value[0] = previous;
                });
                foreach (int length in Lengths(schema, "minItems", "maxItems"))
                {
                    int original = value.Count;
                    while (value.Count < length)
                    {
                        value.Add(value[0]?.DeepClone());
                    }
                    var removed = new List<JsonNode?>();
                    while (value.Count > length)
                    {
                        removed.Add(value[^1]?.DeepClone());
                        value.RemoveAt(value.Count - 1);
                    }
                    Emit();
                    while (value.Count > original)
                    {
                        value.RemoveAt(value.Count - 1);
                    }
                    for (int i = removed.Count - 1; i >= 0; i--)
                    {
                        value.Add(removed[i]);
                    }
                }
                Recurse(first, schema["items"]!.AsObject());
            }
        }

        private void Recurse(JsonNode? value, JsonObject schema)
        {
            JsonObject resolved = Resolve(schema, value);
            if (value is JsonObject obj)
            {
                Object(obj, resolved);
            }
            else if (value is JsonArray array && resolved["items"] is JsonObject)
            {
                Array(array, resolved);
            }
        }

        private static void Position(JsonObject schema, JsonNode? current, Action<JsonNode?> replace)
        {
            foreach (string candidate in Candidates(schema))
            {
                replace(JsonNode.Parse(candidate));
            }
        }

        /// <summary>Follows <c>$ref</c> and picks the <c>anyOf</c> branch that fits the present value.</summary>
        private JsonObject Resolve(JsonObject schema, JsonNode? value)
        {
            if (schema["$ref"] is JsonValue reference)
            {
                string name = reference.GetValue<string>()["#/$defs/".Length..];
                return Resolve(root["$defs"]![name]!.AsObject(), value);
            }
            if (schema["anyOf"] is JsonArray branches)
            {
                return Resolve(branches.Select(b => b!.AsObject()).First(b => b["type"]?.ToString() != "null"), value);
            }
            return schema;
        }
    }

    private static IEnumerable<string> Candidates(JsonObject schema)
    {
        foreach (string any in s_anyKind)
        {
            yield return any;
        }
        if (schema["enum"] is JsonArray values)
        {
            foreach (JsonNode? value in values)
            {
                yield return value?.ToJsonString() ?? "null";
                if (value is not null)
                {
                    yield return JsonValue.Create(value.GetValue<string>().ToLowerInvariant())!.ToJsonString();
                }
            }
        }
        foreach (string bound in Bounds(schema))
        {
            yield return bound;
        }
        foreach (int length in Lengths(schema, "minLength", "maxLength"))
        {
            yield return JsonValue.Create(new string('a', length))!.ToJsonString();
            yield return JsonValue.Create(string.Concat(Enumerable.Repeat("\U0001F600", length)))!.ToJsonString();
        }
        foreach (string text in s_formatted)
        {
            yield return JsonValue.Create(text)!.ToJsonString();
        }
    }

    /// <summary>Each stated numeric bound, and values just inside and outside it.</summary>
    private static IEnumerable<string> Bounds(JsonObject schema)
    {
        bool integer = schema["type"]?.ToJsonString().Contains("integer", StringComparison.Ordinal) == true;
        foreach (string keyword in new[] { "minimum", "maximum" })
        {
            if (schema[keyword] is not JsonValue bound ||
                !decimal.TryParse(bound.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal limit) ||
                Math.Abs(limit) >= ExactInJavaScript)
            {
                continue;
            }
            decimal step = integer ? 1 : 0.01m;
            foreach (decimal value in new[] { limit - step, limit, limit + step, limit - 0.5m, limit + 0.5m })
            {
                yield return value.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Lengths at and just past each small stated limit.</summary>
    private static IEnumerable<int> Lengths(JsonObject schema, string minKeyword, string maxKeyword)
    {
        if (schema[minKeyword] is JsonValue min)
        {
            int value = min.GetValue<int>();
            yield return value;
            if (value > 0)
            {
                yield return value - 1;
            }
        }
        if (schema[maxKeyword] is JsonValue max && max.GetValue<int>() <= 64)
        {
            yield return max.GetValue<int>();
            yield return max.GetValue<int>() + 1;
        }
    }
}
