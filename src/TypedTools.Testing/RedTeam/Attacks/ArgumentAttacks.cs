using System.Text.Json;
using System.Text.Json.Nodes;
using TypedTools.Arguments;

namespace TypedTools.Testing.RedTeam.Attacks;

/// <summary>
/// Malformed argument objects derived from each tool's schema and valid example: an unknown field at every object
/// depth, a duplicated key (sent as raw JSON, as only the raw request shows it), each required value missing, null
/// or of the wrong JSON kind (numbers as strings included), values past each bound,
/// enum values outside the set, deep nesting (50 levels: within what the transport parses, past the tools' limit), a huge array. Each must be refused with the argument
/// code for its problem, before anything runs. (Unpaired surrogate escapes are left to the fuzzer and the raw protocol
/// tests: the SDK's client cannot send one.)
/// </summary>
internal static class ArgumentAttacks
{
    public static IEnumerable<AttackCase> Cases(AttackContext context)
    {
        foreach (KitTool tool in context.Kit.Tools.Where(t => t.Example is null))
        {
            yield return new AttackCase($"{tool.Name}: setup: a valid call", tool.Name, AttackKind.Arguments,
                $"the kit needs one valid call of {tool.Name} to vary", ["-"], _ => Task.FromResult(new AttackCall(null, tool.ExampleProblem)));
        }
        foreach (KitTool tool in context.Callable)
        {
            JsonElement schema = tool.Schema;
            JsonObject example = tool.Example!;

            yield return Case(tool, "unknown field: top level", ArgumentErrorCodes.UnknownField, a => a["zzUnknownField"] = 1);
            foreach (string path in ObjectPaths(example, "").Where(p => p.Length > 0))
            {
                yield return Case(tool, $"unknown field: {path}", ArgumentErrorCodes.UnknownField, a => Navigate(a, path)["zzUnknownField"] = 1);
            }

            // Duplicates: JSON objects cannot hold them, so the raw text goes out as it is.
            string first = example.Select(p => p.Key).FirstOrDefault() ?? "zzUnknownField";
            string raw = example.Count == 0 ? """{"zzUnknownField":1,"zzUnknownField":2}"""
                : "{" + JsonSerializer.Serialize(first) + ":" + (example[first]?.ToJsonString() ?? "null") + "," + example.ToJsonString()[1..];
            yield return new AttackCase($"{tool.Name}: arguments: duplicate key: {first}", tool.Name, AttackKind.Arguments,
                $"{tool.Name} with '{first}' sent twice (raw JSON {Shorten(raw)})", [ArgumentErrorCodes.DuplicateField, ArgumentErrorCodes.UnknownField],
                run => run.Send(new JsonObject { ["name"] = tool.Name, ["arguments"] = RawJson.Node(raw) }));

            JsonElement properties = schema.TryGetProperty("properties", out JsonElement p) ? p : default;
            HashSet<string> required = schema.TryGetProperty("required", out JsonElement r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];
            if (properties.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                string name = property.Name;
                JsonElement propertySchema = Resolve(schema, property.Value);
                HashSet<string> types = Types(schema, property.Value);
                if (required.Contains(name))
                {
                    yield return Case(tool, $"missing: {name}", ArgumentErrorCodes.Missing, a => a.Remove(name));
                }
                if (!types.Contains("null"))
                {
                    yield return Case(tool, $"null: {name}", ArgumentErrorCodes.Null, a => a[name] = null, ArgumentErrorCodes.Type);
                }
                foreach ((string label, JsonNode wrong) in WrongKinds(types))
                {
                    yield return Case(tool, $"wrong kind: {name}: {label}", ArgumentErrorCodes.Type, a => a[name] = wrong.DeepClone());
                }
                foreach ((string label, JsonNode outside, string code) in OutOfBounds(propertySchema))
                {
                    yield return Case(tool, $"out of range: {name}: {label}", code, a => a[name] = outside.DeepClone());
                }
                if (types.Contains("array") || types.Contains("object"))
                {
                    yield return Case(tool, $"deep nesting: {name}", ArgumentErrorCodes.TooDeep, a => a[name] = Nested(types.Contains("array"), 50),
                        ArgumentErrorCodes.Type, ArgumentErrorCodes.UnknownField, ArgumentErrorCodes.Missing); // an object's own members are checked on the way down
                }
                if (types.Contains("array"))
                {
                    yield return Case(tool, $"huge array: {name}", ArgumentErrorCodes.Length, a => a[name] = new JsonArray([.. Enumerable.Range(0, 100_001).Select(_ => (JsonNode?)null)]),
                        ArgumentErrorCodes.Type, ArgumentErrorCodes.Null);
                }
            }
        }
    }

    private static AttackCase Case(KitTool tool, string label, string code, Action<JsonObject> change, params string[] alsoAccepted) =>
        new($"{tool.Name}: arguments: {label}", tool.Name, AttackKind.Arguments, $"{tool.Name} with its valid arguments changed: {label}", [code, .. alsoAccepted],
            run =>
            {
                JsonObject arguments = tool.Valid();
                change(arguments);
                return run.Call(tool.Name, arguments);
            });

    /// <summary>The paths of every object inside the example (dotted; array items by index).</summary>
    private static IEnumerable<string> ObjectPaths(JsonNode? node, string path)
    {
        if (node is JsonObject obj)
        {
            yield return path;
            foreach ((string key, JsonNode? value) in obj)
            {
                foreach (string inner in ObjectPaths(value, path.Length == 0 ? key : path + "." + key))
                {
                    yield return inner;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                foreach (string inner in ObjectPaths(array[i], path + "." + i))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonObject Navigate(JsonObject root, string path)
    {
        JsonNode current = root;
        foreach (string part in path.Split('.'))
        {
            current = current is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : current[part]!;
        }
        return (JsonObject)current;
    }

    /// <summary>The schema of a value: its non-null branch when it is nullable, references followed.</summary>
    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            schema = anyOf.EnumerateArray().FirstOrDefault(b => !(b.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
        }
        return Schemas.SchemaReferences.Follow(root, schema);
    }

    private static HashSet<string> Types(JsonElement root, JsonElement schema)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            foreach (JsonElement branch in anyOf.EnumerateArray())
            {
                types.UnionWith(Types(root, branch));
            }
            return types;
        }
        JsonElement resolved = Resolve(root, schema);
        if (resolved.TryGetProperty("type", out JsonElement type))
        {
            types.UnionWith(type.ValueKind == JsonValueKind.String ? [type.GetString()!] : type.EnumerateArray().Select(t => t.GetString()!));
        }
        if (types.Contains("integer"))
        {
            types.Add("number");
        }
        return types;
    }

    /// <summary>Values of each JSON kind the schema does not take, numbers and booleans as strings among them.</summary>
    private static IEnumerable<(string Label, JsonNode Value)> WrongKinds(HashSet<string> types)
    {
        if (!types.Contains("string"))
        {
            yield return ("string", JsonValue.Create("text"));
            if (types.Contains("number"))
            {
                yield return ("number as string", JsonValue.Create("5"));
            }
            if (types.Contains("boolean"))
            {
                yield return ("boolean as string", JsonValue.Create("true"));
            }
        }
        if (!types.Contains("number"))
        {
            yield return ("number", JsonValue.Create(5));
        }
        if (!types.Contains("boolean"))
        {
            yield return ("boolean", JsonValue.Create(true));
        }
        if (!types.Contains("array"))
        {
            yield return ("array", new JsonArray(1));
        }
        if (!types.Contains("object"))
        {
            yield return ("object", new JsonObject { ["a"] = 1 });
        }
    }

    private static IEnumerable<(string Label, JsonNode Value, string Code)> OutOfBounds(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        bool integer = schema.TryGetProperty("type", out JsonElement t) && t.ToString().Contains("integer", StringComparison.Ordinal);
        if (schema.TryGetProperty("maximum", out JsonElement max) && decimal.TryParse(max.GetRawText(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal high))
        {
            yield return ("above maximum", JsonNode.Parse(high < 1e15m ? (high + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "1e400")!, ArgumentErrorCodes.Range);
        }
        if (schema.TryGetProperty("minimum", out JsonElement min) && decimal.TryParse(min.GetRawText(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal low))
        {
            yield return ("below minimum", JsonNode.Parse(low > -1e15m ? (low - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-1e400")!, ArgumentErrorCodes.Range);
        }
        if (integer)
        {
            yield return ("fraction", JsonValue.Create(1.5), ArgumentErrorCodes.NotInteger);
        }
        if (schema.TryGetProperty("maxLength", out JsonElement maxLength) && maxLength.GetInt32() < 2_000_000)
        {
            yield return ("too long", JsonValue.Create(new string('a', maxLength.GetInt32() + 1)), ArgumentErrorCodes.Length);
        }
        if (schema.TryGetProperty("minLength", out JsonElement minLength) && minLength.GetInt32() > 0)
        {
            yield return ("too short", JsonValue.Create(new string('a', minLength.GetInt32() - 1)), ArgumentErrorCodes.Length);
        }
        if (schema.TryGetProperty("enum", out _))
        {
            yield return ("outside the enum", JsonValue.Create("NotAValue"), ArgumentErrorCodes.Enum);
            yield return ("enum as number", JsonValue.Create(1), ArgumentErrorCodes.Type);
        }
        if (schema.TryGetProperty("pattern", out JsonElement pattern) && !schema.TryGetProperty("format", out _)
            && !System.Text.RegularExpressions.Regex.IsMatch(OffPattern, pattern.GetString()!))
        {
            yield return ("off the pattern", JsonValue.Create(OffPattern), ArgumentErrorCodes.Pattern);
        }
        if (schema.TryGetProperty("format", out JsonElement format))
        {
            yield return ($"not a {format.GetString()}", JsonValue.Create("not-a-" + format.GetString()), ArgumentErrorCodes.Format);
        }
    }

    private const string OffPattern = "\u0001 no match \u0001";

    private static JsonNode Nested(bool array, int depth)
    {
        JsonNode node = array ? new JsonArray() : new JsonObject();
        for (int i = 0; i < depth; i++)
        {
            node = array ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }
        return node;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
