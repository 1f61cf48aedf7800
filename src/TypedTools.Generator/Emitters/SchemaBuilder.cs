using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    /// <summary>
    /// Builds a tool's JSON Schema 2020-12 documents from its model. The input schema must accept exactly what
    /// the generated parser accepts: every object closed with <c>additionalProperties: false</c>, integer types
    /// bounded by their range, text formats pinned by a <c>pattern</c> as well as a <c>format</c>, and the
    /// project's length limits stated. Object types are inlined; a recursive type refers to itself through <c>$defs</c>.
    /// No schema names its dialect with <c>$schema</c>: 2020-12 is MCP's default for tool schemas (SEP-1613), and clients
    /// that validate with a draft-07 Ajv (the library's default) refuse a schema that names the 2020-12 meta-schema, which
    /// they cannot resolve. The keywords used validate the same in both drafts (a <c>$ref</c>'s only sibling is a description).
    /// </summary>
    internal sealed class SchemaBuilder
    {
        // Each pattern states exactly the spelling ArgumentReader accepts for the type.
        internal const string GuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
        internal const string DateTimePattern = "^(?!0000)\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,7})?(Z|[+-](0\\d|1[0-3]):[0-5]\\d|[+-]14:00)$";
        internal const string DatePattern = "^(?!0000)\\d{4}-\\d{2}-\\d{2}$";
        internal const string TimePattern = "^([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,7})?$";
        internal const string DurationPattern = "^-?(\\d{1,7}\\.)?([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,7})?$";
        internal const string UriPattern = "^[A-Za-z][A-Za-z0-9+.\\-]*:(?:[!-$&-\\[\\]-~]|%[0-9A-Fa-f]{2})*$";

        private readonly Dictionary<string, ObjectSpec> _objects;
        private readonly Dictionary<string, EnumSpec> _enums;
        private readonly GeneratorOptions _limits;
        private readonly bool _forOutput;
        private readonly HashSet<string> _inProgress = new HashSet<string>();
        private readonly SortedDictionary<string, string?> _definitions = new SortedDictionary<string, string?>(System.StringComparer.Ordinal);

        private SchemaBuilder(ToolSpec tool, GeneratorOptions limits, bool forOutput)
        {
            _objects = (forOutput ? tool.OutputObjects : tool.InputObjects).ToDictionary(o => o.Key);
            _enums = tool.Enums.ToDictionary(e => e.Key);
            _limits = limits;
            _forOutput = forOutput;
        }

        public static string Input(ToolSpec tool, GeneratorOptions limits)
        {
            var builder = new SchemaBuilder(tool, limits, forOutput: false);
            var json = new JsonText().StartObject();
            json.Name("type").String("object");
            json.Name("properties").StartObject();
            foreach (ParameterSpec parameter in tool.Parameters.Where(p => p.Source == ParameterSource.Json))
            {
                json.Name(parameter.Name);
                builder.Value(json, parameter.Type!, parameter.Constraints!, parameter.Description, parameter.DefaultJson);
            }
            json.EndObject();
            Required(json, tool.Parameters.Where(p => p.Source == ParameterSource.Json && p.IsRequired).Select(p => p.Name));
            json.Name("additionalProperties").Bool(false);
            builder.WriteDefinitions(json);
            return json.EndObject().ToString();
        }

        public static string? Output(ToolSpec tool)
        {
            // A structured result's type, or the OutputSchemaType a CallToolResult's structured content keeps.
            if (tool.Result.Kind is not (ResultKind.Structured or ResultKind.CallToolResult) || tool.Result.Type == null)
            {
                return null;
            }
            var builder = new SchemaBuilder(tool, GeneratorOptions.Default, forOutput: true);
            var json = new JsonText();
            if (!tool.Result.WrapInResult)
            {
                builder.Object(json, builder._objects[tool.Result.Type.DefinitionKey!], nullable: false, null, root: true);
                return json.ToString();
            }
            json.StartObject();
            json.Name("type").String("object");
            json.Name("properties").StartObject().Name("result");
            builder.Value(json, tool.Result.Type, Constraints.None, null, null);
            json.EndObject();
            Required(json, new[] { "result" });
            json.Name("additionalProperties").Bool(false);
            builder.WriteDefinitions(json);
            return json.EndObject().ToString();
        }

        private void Value(JsonText json, TypeSpec type, Constraints constraints, string? description, string? defaultJson)
        {
            if (type.Kind == ValueKind.Object)
            {
                ObjectSpec spec = _objects[type.DefinitionKey!];
                if (_inProgress.Contains(spec.Key))
                {
                    Reference(json, spec.Key, type.IsNullable, description);
                    return;
                }
                Object(json, spec, type.IsNullable, description, root: false);
                return;
            }

            EnumSpec? flags = type.Kind == ValueKind.Enum && _enums[type.DefinitionKey!] is { IsFlags: true } flagsSpec ? flagsSpec : null;
            json.StartObject();
            Type(json, flags != null ? "array" : JsonType(type.Kind), type.IsNullable);
            if (description != null)
            {
                json.Name("description").String(description);
            }
            switch (type.Kind)
            {
                case ValueKind.Enum when flags != null:
                    // Each member's name at most once; their values are combined.
                    json.Name("items").StartObject().Name("type").String("string");
                    Names(json, flags, orNull: false);
                    json.EndObject();
                    json.Name("uniqueItems").Bool(true);
                    json.Name("maxItems").Number(flags.Members.Count);
                    break;
                case ValueKind.String:
                    Lengths(json, "minLength", "maxLength", constraints, _limits.MaxStringLength);
                    if (constraints.Pattern != null)
                    {
                        // DataAnnotations match the whole string; JSON Schema patterns search, so anchor them.
                        json.Name("pattern").String("^(?:" + constraints.Pattern + ")$");
                    }
                    break;
                case ValueKind.Guid:
                    Format(json, "uuid", GuidPattern);
                    break;
                case ValueKind.DateTimeOffset:
                    Format(json, "date-time", DateTimePattern);
                    break;
                case ValueKind.DateOnly:
                    Format(json, "date", DatePattern);
                    break;
                case ValueKind.TimeOnly:
                    Format(json, null, TimePattern);
                    break;
                case ValueKind.TimeSpan:
                    Format(json, null, DurationPattern);
                    break;
                case ValueKind.Uri:
                    Format(json, "uri", UriPattern);
                    break;
                case ValueKind.Enum:
                    Names(json, _enums[type.DefinitionKey!], type.IsNullable);
                    break;
                case ValueKind.Array:
                    json.Name("items");
                    Value(json, type.Element!, Constraints.None, null, null);
                    Lengths(json, "minItems", "maxItems", constraints, _limits.MaxArrayLength);
                    if (type.Collection == CollectionKind.Set)
                    {
                        json.Name("uniqueItems").Bool(true);
                    }
                    break;
                case ValueKind.Map:
                    // Any property names, each value of the dictionary's value type; keys are bounded like strings, or are
                    // an enum's member names, or the decimal spellings of the key type's integers.
                    json.Name("additionalProperties");
                    Value(json, type.Element!, Constraints.None, null, null);
                    if (type.Key?.Kind == ValueKind.Enum)
                    {
                        json.Name("propertyNames").StartObject();
                        Names(json, _enums[type.Key.DefinitionKey!], orNull: false);
                        json.EndObject();
                    }
                    else if (type.Key != null)
                    {
                        TypeRange(type.Key.Kind, out string min, out string max);
                        json.Name("propertyNames").StartObject().Name("pattern").String(IntegerPattern.Of(min, max)).EndObject();
                    }
                    else if (!_forOutput)
                    {
                        json.Name("propertyNames").StartObject().Name("maxLength").Number(_limits.MaxStringLength).EndObject();
                    }
                    Lengths(json, "minProperties", "maxProperties", constraints, _limits.MaxArrayLength);
                    break;
                default:
                    if (type.IsNumber)
                    {
                        NumberBounds(json, type.Kind, constraints);
                    }
                    break;
            }
            if (defaultJson != null)
            {
                json.Name("default").Raw(defaultJson);
            }
            json.EndObject();
        }

        private void Object(JsonText json, ObjectSpec spec, bool nullable, string? description, bool root)
        {
            _inProgress.Add(spec.Key);
            json.StartObject();
            Type(json, "object", nullable);
            string? text = description ?? spec.Description;
            if (text != null)
            {
                json.Name("description").String(text);
            }
            json.Name("properties").StartObject();
            foreach (MemberSpec member in spec.Members)
            {
                json.Name(member.JsonName);
                Value(json, member.Type, member.Constraints, member.Description, member.DefaultJson);
            }
            json.EndObject();
            Required(json, spec.Members.Where(m => m.IsRequired).Select(m => m.JsonName));
            json.Name("additionalProperties").Bool(false);
            if (root)
            {
                WriteDefinitions(json);
            }
            json.EndObject();
            _inProgress.Remove(spec.Key);
        }

        private void Reference(JsonText json, string key, bool nullable, string? description)
        {
            if (!_definitions.ContainsKey(key))
            {
                _definitions[key] = null; // built at the root, once the whole tree is known
            }
            json.StartObject();
            if (description != null)
            {
                json.Name("description").String(description);
            }
            if (nullable)
            {
                json.Name("anyOf").StartArray()
                    .StartObject().Name("$ref").String("#/$defs/" + key).EndObject()
                    .StartObject().Name("type").String("null").EndObject()
                    .EndArray();
            }
            else
            {
                json.Name("$ref").String("#/$defs/" + key);
            }
            json.EndObject();
        }

        private void WriteDefinitions(JsonText json)
        {
            // Definitions may reference further definitions; build until none is missing.
            while (_definitions.Any(d => d.Value == null))
            {
                string key = _definitions.First(d => d.Value == null).Key;
                var definition = new JsonText();
                _inProgress.Clear();
                Object(definition, _objects[key], nullable: false, null, root: false);
                _definitions[key] = definition.ToString();
            }
            if (_definitions.Count == 0)
            {
                return;
            }
            json.Name("$defs").StartObject();
            foreach (KeyValuePair<string, string?> definition in _definitions)
            {
                json.Name(definition.Key).Raw(definition.Value!);
            }
            json.EndObject();
        }

        private void Lengths(JsonText json, string minName, string maxName, Constraints constraints, int defaultMax)
        {
            if (constraints.MinLength > 0)
            {
                json.Name(minName).Number(constraints.MinLength);
            }
            if (!_forOutput)
            {
                json.Name(maxName).Number(constraints.MaxLength ?? defaultMax);
            }
        }

        private static void NumberBounds(JsonText json, ValueKind kind, Constraints constraints)
        {
            TypeRange(kind, out string typeMin, out string typeMax);
            Bound(json, "minimum", "exclusiveMinimum", typeMin, constraints.Minimum, lower: true, integer: kind <= ValueKind.UInt64);
            Bound(json, "maximum", "exclusiveMaximum", typeMax, constraints.Maximum, lower: false, integer: kind <= ValueKind.UInt64);
        }

        private static void Bound(JsonText json, string name, string exclusiveName, string typeBound, NumericBound? declared, bool lower, bool integer)
        {
            if (declared == null)
            {
                json.Name(name).Raw(typeBound);
                return;
            }
            double typeValue = double.Parse(typeBound, CultureInfo.InvariantCulture);
            double declaredValue = double.Parse(declared.JsonNumber, CultureInfo.InvariantCulture);
            bool declaredIsTighter = lower ? declaredValue > typeValue : declaredValue < typeValue;
            if (!declaredIsTighter && !(integer && declaredValue == typeValue))
            {
                json.Name(name).Raw(typeBound);
                return;
            }
            if (declared.Exclusive)
            {
                json.Name(name).Raw(typeBound);
                json.Name(exclusiveName).Raw(declared.JsonNumber);
            }
            else
            {
                json.Name(name).Raw(declared.JsonNumber);
            }
        }

        internal static void TypeRange(ValueKind kind, out string min, out string max)
        {
            switch (kind)
            {
                case ValueKind.SByte: min = "-128"; max = "127"; break;
                case ValueKind.Byte: min = "0"; max = "255"; break;
                case ValueKind.Int16: min = "-32768"; max = "32767"; break;
                case ValueKind.UInt16: min = "0"; max = "65535"; break;
                case ValueKind.Int32: min = "-2147483648"; max = "2147483647"; break;
                case ValueKind.UInt32: min = "0"; max = "4294967295"; break;
                case ValueKind.Int64: min = "-9223372036854775808"; max = "9223372036854775807"; break;
                case ValueKind.UInt64: min = "0"; max = "18446744073709551615"; break;
                // float.MaxValue as a writer spells it (its shortest text, which reads back to it), not its exact double.
                case ValueKind.Single: min = "-3.4028235E+38"; max = "3.4028235E+38"; break;
                case ValueKind.Double: min = "-1.7976931348623157E+308"; max = "1.7976931348623157E+308"; break;
                default: min = "-79228162514264337593543950335"; max = "79228162514264337593543950335"; break;
            }
        }

        private static void Format(JsonText json, string? format, string pattern)
        {
            if (format != null)
            {
                json.Name("format").String(format);
            }
            json.Name("pattern").String(pattern);
        }

        private static void Type(JsonText json, string type, bool nullable)
        {
            json.Name("type");
            if (nullable)
            {
                json.StartArray().String(type).String("null").EndArray();
            }
            else
            {
                json.String(type);
            }
        }

        private static void Required(JsonText json, IEnumerable<string> names)
        {
            json.Name("required").StartArray();
            foreach (string name in names)
            {
                json.String(name);
            }
            json.EndArray();
        }

        /// <summary>An enum's JSON names as the <c>enum</c> keyword, with <c>null</c> for a nullable one.</summary>
        private static void Names(JsonText json, EnumSpec spec, bool orNull)
        {
            json.Name("enum").StartArray();
            foreach (string member in spec.Members)
            {
                json.String(member);
            }
            if (orNull)
            {
                json.Raw("null");
            }
            json.EndArray();
        }

        private static string JsonType(ValueKind kind)
        {
            switch (kind)
            {
                case ValueKind.Boolean: return "boolean";
                case ValueKind.Array: return "array";
                case ValueKind.Object:
                case ValueKind.Map: return "object";
                case ValueKind.Single:
                case ValueKind.Double:
                case ValueKind.Decimal: return "number";
                default: return kind >= ValueKind.SByte && kind <= ValueKind.UInt64 ? "integer" : "string";
            }
        }
    }
}
