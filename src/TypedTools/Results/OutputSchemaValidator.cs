using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TypedTools.Results;

/// <summary>
/// Checks a structured result against the tool's own output schema before it is sent: the JSON Schema 2020-12
/// keywords the generator emits in output schemas (type, properties, required, additionalProperties, propertyNames (an
/// enum's names or an integer pattern, the keys of a dictionary keyed by an enum or an integer), items, enum, anyOf,
/// $ref to $defs, numeric bounds, lengths, counts of items and properties, patterns). A result that does not match is
/// withheld, not sent: a model must not receive data its schema says cannot exist (a null where a string is promised).
/// <c>uniqueItems</c> is not checked: no generated writer can repeat an item (a set's items are distinct by the same
/// equality JSON uses, and a <c>[Flags]</c> value's names are written once each).
/// </summary>
public static class OutputSchemaValidator
{
    /// <summary>Why <paramref name="value"/> does not match <paramref name="schema"/> (with the JSON path), or null when it does.</summary>
    public static string? Problem(JsonElement schema, JsonElement value) => Check(schema, schema, value, "$", 0);

    private static string? Check(JsonElement root, JsonElement schema, JsonElement value, string path, int depth)
    {
        if (depth > 64)
        {
            return $"{path}: nested too deeply to check";
        }
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            string name = reference.GetString()!["#/$defs/".Length..];
            return Check(root, root.GetProperty("$defs").GetProperty(name), value, path, depth + 1);
        }
        if (schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            return anyOf.EnumerateArray().Any(branch => Check(root, branch, value, path, depth + 1) is null) ? null : $"{path}: matches none of the allowed forms";
        }
        if (schema.TryGetProperty("type", out JsonElement type) && !TypeMatches(type, value))
        {
            return $"{path}: expected {type.GetRawText()} but found {value.ValueKind.ToString().ToLowerInvariant()}";
        }
        if (schema.TryGetProperty("enum", out JsonElement options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
        {
            return $"{path}: not one of the allowed values";
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return Object(root, schema, value, path, depth);
            case JsonValueKind.Array:
                int count = value.GetArrayLength();
                if (Bound(schema, "minItems") is { } minItems && count < minItems || Bound(schema, "maxItems") is { } maxItems && count > maxItems)
                {
                    return $"{path}: {count} items is outside the allowed count";
                }
                if (schema.TryGetProperty("items", out JsonElement items))
                {
                    int index = 0;
                    foreach (JsonElement item in value.EnumerateArray())
                    {
                        if (Check(root, items, item, $"{path}[{index++}]", depth + 1) is { } problem)
                        {
                            return problem;
                        }
                    }
                }
                return null;
            case JsonValueKind.String:
                string text = value.GetString()!;
                int length = text.EnumerateRunes().Count();
                if (Bound(schema, "minLength") is { } minLength && length < minLength || Bound(schema, "maxLength") is { } maxLength && length > maxLength)
                {
                    return $"{path}: a length of {length} is outside the allowed length";
                }
                if (schema.TryGetProperty("pattern", out JsonElement pattern) &&
                    !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)))
                {
                    return $"{path}: does not match its pattern";
                }
                return null;
            case JsonValueKind.Number:
                decimal number = value.TryGetDecimal(out decimal exact) ? exact : (decimal)Math.Clamp(value.GetDouble(), (double)decimal.MinValue, (double)decimal.MaxValue);
                if (Bound(schema, "minimum") is { } minimum && number < minimum || Bound(schema, "maximum") is { } maximum && number > maximum)
                {
                    return $"{path}: {value.GetRawText()} is outside the allowed range";
                }
                return null;
            default:
                return null;
        }
    }

    private static string? Object(JsonElement root, JsonElement schema, JsonElement value, string path, int depth)
    {
        schema.TryGetProperty("properties", out JsonElement properties);
        // false: a record's closed set of members; a schema: a dictionary's values (any names).
        schema.TryGetProperty("additionalProperties", out JsonElement additional);
        schema.TryGetProperty("propertyNames", out JsonElement propertyNames);
        int count = 0;
        foreach (JsonProperty property in value.EnumerateObject())
        {
            count++;
            if (propertyNames.ValueKind == JsonValueKind.Object && !NameMatches(propertyNames, property))
            {
                return $"{path}: the key '{property.Name}' is not one of the allowed names";
            }
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out JsonElement propertySchema))
            {
                if (Check(root, propertySchema, property.Value, path + "." + property.Name, depth + 1) is { } problem)
                {
                    return problem;
                }
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                return $"{path}: '{property.Name}' is not allowed";
            }
            else if (additional.ValueKind == JsonValueKind.Object && Check(root, additional, property.Value, path + "." + property.Name, depth + 1) is { } problem)
            {
                return problem;
            }
        }
        if (Bound(schema, "minProperties") is { } minProperties && count < minProperties || Bound(schema, "maxProperties") is { } maxProperties && count > maxProperties)
        {
            return $"{path}: {count} properties is outside the allowed count";
        }
        if (schema.TryGetProperty("required", out JsonElement required))
        {
            foreach (JsonElement name in required.EnumerateArray())
            {
                if (!value.TryGetProperty(name.GetString()!, out _))
                {
                    return $"{path}: '{name.GetString()}' is missing";
                }
            }
        }
        return null;
    }

    // A dictionary's keys: an enum's names, or the decimal spellings of an integer type's numbers (a pattern).
    private static bool NameMatches(JsonElement propertyNames, JsonProperty property) =>
        (!propertyNames.TryGetProperty("enum", out JsonElement names) || names.EnumerateArray().Any(name => property.NameEquals(name.GetString()))) &&
        (!propertyNames.TryGetProperty("pattern", out JsonElement pattern) ||
         Regex.IsMatch(property.Name, pattern.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));

    private static bool TypeMatches(JsonElement type, JsonElement value) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => KindMatches(t.GetString()!, value))
        : KindMatches(type.GetString()!, value);

    private static bool KindMatches(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && (value.TryGetDecimal(out decimal d) ? decimal.Truncate(d) == d : Math.Floor(value.GetDouble()) == value.GetDouble()),
        _ => true,
    };

    private static decimal? Bound(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out JsonElement bound) &&
        decimal.TryParse(bound.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) ? value : null;
}
