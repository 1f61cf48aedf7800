using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;
using TypedTools.Generator.Parsing;

namespace TypedTools.Generator.Emitters
{
    /// <summary>
    /// What the tool files and the assembly's shared <c>ToolTypes</c> file both write: statements that read a JSON value
    /// strictly (with its constraints) and that write one. Enums, objects and arrays are read and written by helpers named
    /// after their type (<see cref="Naming.UniqueIdentifier"/>), so that every tool file can call the one helper per type
    /// that <see cref="ToolTypesEmitter"/> emits for the whole assembly.
    /// </summary>
    internal abstract partial class JsonCodeEmitter
    {
        protected const string Reader = "global::TypedTools.Arguments.ArgumentReader";
        protected const string PathSegment = "global::TypedTools.Arguments.PathSegment";
        protected const string JsonElement = "global::System.Text.Json.JsonElement";
        protected const string JsonValueKind = "global::System.Text.Json.JsonValueKind";
        protected const string JsonValues = "global::TypedTools.Results.JsonValues";
        protected const string Utf8JsonWriter = "global::System.Text.Json.Utf8JsonWriter";

        protected readonly GeneratorOptions _options;
        protected readonly Dictionary<string, ObjectSpec> _inputObjects;
        protected readonly Dictionary<string, ObjectSpec> _outputObjects;
        protected readonly Dictionary<string, EnumSpec> _enums;

        // The [RegularExpression] patterns this file's reads check, one static field each (PatternField).
        protected readonly List<string> _patterns = new List<string>();
        protected int _temp;

        /// <summary>The type tables, keyed by C# type name (unique, unlike the schema's definition keys).</summary>
        protected JsonCodeEmitter(GeneratorOptions options, IEnumerable<ObjectSpec> inputObjects, IEnumerable<ObjectSpec> outputObjects, IEnumerable<EnumSpec> enums)
        {
            _options = options;
            _inputObjects = ByTypeName(inputObjects, o => o.TypeName);
            _outputObjects = ByTypeName(outputObjects, o => o.TypeName);
            _enums = ByTypeName(enums, e => e.TypeName);
        }

        private static Dictionary<string, T> ByTypeName<T>(IEnumerable<T> specs, System.Func<T, string> typeName)
        {
            var table = new Dictionary<string, T>();
            foreach (T spec in specs)
            {
                if (!table.ContainsKey(typeName(spec)))
                {
                    table.Add(typeName(spec), spec);
                }
            }
            return table;
        }

        /// <summary>
        /// The name to call the shared helper <paramref name="name"/> by; <paramref name="emit"/> writes its body where the
        /// helpers are defined (the shared file), and is ignored where they are only called (a tool file).
        /// </summary>
        protected abstract string SharedHelper(string name, System.Action<SourceWriter, string> emit);

        /// <summary>The nullable context and warnings of a generated file.</summary>
        protected static void EmitPragmas(SourceWriter file, GeneratorOptions options)
        {
            if (options.CheckNullability)
            {
                file.Line("#nullable enable");
            }
            else
            {
                // No nullable context: the compiler skips its nullable analysis here (about a quarter of compiling this file).
                // TypedTools' own builds and tests check this code with it on (TypedToolsCheckGeneratedNullability).
                file.Line("#nullable disable");
                file.Line("#pragma warning disable CS8632, CS8669 // the annotations below are read as oblivious");
            }
            file.Line("#pragma warning disable CS0612, CS0618 // a tool may be (or use) an obsolete member; its tool still works");
        }

        /// <summary>The name of the static field of this file's pattern <paramref name="index"/>.</summary>
        protected virtual string PatternField(int index) => "s_pattern" + index;

        /// <summary>The static fields of the patterns this file checks.</summary>
        protected void EmitPatternFields(SourceWriter w)
        {
            for (int i = 0; i < _patterns.Count; i++)
            {
                // DataAnnotations semantics: the whole value must match. A timeout bounds hostile inputs.
                w.Line("private static readonly global::System.Text.RegularExpressions.Regex " + PatternField(i) + " = new(" +
                       Literal(Attributes.WholeValue(_patterns[i])) +
                       ", global::System.Text.RegularExpressions.RegexOptions.CultureInvariant, global::System.TimeSpan.FromMilliseconds(200));");
                w.Line();
            }
        }

        /// <summary>
        /// Writes statements that read <paramref name="json"/> (at path segment <paramref name="at"/>) into
        /// <paramref name="target"/>, validating as declared. On failure the reader holds the errors and the target keeps its value.
        /// </summary>
        protected void EmitRead(SourceWriter w, TypeSpec type, Constraints constraints, string json, string at, string target)
        {
            if (type.IsNullable)
            {
                w.Open("if (" + json + ".ValueKind == " + JsonValueKind + ".Null)");
                w.Line(target + " = null;");
                w.Close();
                w.Open("else");
                EmitNonNullRead(w, type.NonNullable, constraints, json, at, target);
                w.Close();
                return;
            }
            EmitNonNullRead(w, type, constraints, json, at, target);
        }

        private void EmitNonNullRead(SourceWriter w, TypeSpec type, Constraints constraints, string json, string at, string target)
        {
            string condition = ReadCondition(type, constraints, json, at, w.ContinuationBreak, out string value);
            w.Open("if (" + condition + ")");
            w.Line(target + " = " + value + ";");
            w.Close();
        }

        /// <summary>
        /// The condition that reads <paramref name="json"/> (never null here) into a new variable, <paramref name="value"/>,
        /// and checks it as declared: true when it is valid; when not, the reader holds the errors. The reads and checks
        /// are joined by <c>&amp;&amp;</c>, each after <paramref name="separator"/>.
        /// </summary>
        protected string ReadCondition(TypeSpec type, Constraints constraints, string json, string at, string separator, out string value)
        {
            value = "v" + _temp++;
            string call;
            switch (type.Kind)
            {
                case ValueKind.Enum:
                    call = EnumReader(type) + "(reader, " + json + ", " + at + ", out " + type.TypeName + " " + value + ")";
                    break;
                case ValueKind.Object:
                    call = ObjectReader(type) + "(reader, " + json + ", " + at + ", out " + type.TypeName + " " + value + ")";
                    break;
                case ValueKind.Array:
                case ValueKind.Map:
                    call = CollectionReader(type) + "(reader, " + json + ", " + at + ", " + constraints.MinLength + ", " +
                           (constraints.MaxLength ?? _options.MaxArrayLength) + ", out " + type.TypeName + " " + value + ")";
                    break;
                default:
                    // One reader per kind (TryReadInt32...), not overloads: the compiler binds each call without overload resolution.
                    call = "reader.TryRead" + type.Kind + "(" + json + ", " + at + ", out " + type.TypeName + " " + value + ")";
                    break;
            }
            var checks = new List<string> { call };
            if (type.Kind == ValueKind.String)
            {
                checks.Add("reader.CheckLength(" + value + ", " + at + ", " + constraints.MinLength + ", " + (constraints.MaxLength ?? _options.MaxStringLength) + ")");
                if (constraints.Pattern != null)
                {
                    checks.Add("reader.CheckPattern(" + value + ", " + at + ", " + PatternField(_patterns.Count) + ", " + Literal(constraints.Pattern) + ")");
                    _patterns.Add(constraints.Pattern);
                }
            }
            if (constraints.Minimum != null || constraints.Maximum != null)
            {
                checks.Add(RangeCheck(type, constraints, value, at, "reader"));
            }
            return string.Join(separator + "&& ", checks);
        }

        /// <summary>The declared range of <paramref name="value"/> checked through <paramref name="receiver"/> (a reader or a binder).</summary>
        protected static string RangeCheck(TypeSpec type, Constraints constraints, string value, string at, string receiver)
        {
            // Floats compare as double so that the bound is not rounded to float precision.
            string operand = type.Kind == ValueKind.Single ? "(double)" + value : value;
            var conditions = new List<string>();
            var words = new List<string>();
            if (constraints.Minimum != null)
            {
                conditions.Add(operand + (constraints.Minimum.Exclusive ? " > " : " >= ") + constraints.Minimum.CSharpLiteral);
                words.Add((constraints.Minimum.Exclusive ? "greater than " : "at least ") + constraints.Minimum.JsonNumber);
            }
            if (constraints.Maximum != null)
            {
                conditions.Add(operand + (constraints.Maximum.Exclusive ? " < " : " <= ") + constraints.Maximum.CSharpLiteral);
                words.Add((constraints.Maximum.Exclusive ? "less than " : "at most ") + constraints.Maximum.JsonNumber);
            }
            return receiver + ".CheckRange(" + string.Join(" && ", conditions) + ", " + at + ", " + Literal(string.Join(" and ", words)) + ")";
        }

        /// <summary>
        /// Writes statements that write <paramref name="value"/> with <c>writer</c>: objects from their input model when
        /// <paramref name="asResult"/> is false (arguments, for confirmations and audit), from their output model when true.
        /// </summary>
        protected void EmitWrite(SourceWriter w, TypeSpec type, string value, bool asResult)
        {
            if (type.IsNullable && type.Kind != ValueKind.String && type.Kind != ValueKind.Uri)
            {
                w.Open("if (" + value + " is null)");
                w.Line("writer.WriteNullValue();");
                w.Close();
                w.Open("else");
                EmitWrite(w, type.NonNullable, type.IsNullableValueType ? value + ".Value" : value, asResult);
                w.Close();
                return;
            }
            switch (type.Kind)
            {
                case ValueKind.Enum:
                    w.Line(EnumWriter(type) + "(writer, " + value + ");");
                    break;
                case ValueKind.Object:
                    w.Line(ObjectWriter(type, asResult) + "(writer, " + value + ");");
                    break;
                case ValueKind.Array:
                case ValueKind.Map:
                    w.Line(CollectionWriter(type, asResult) + "(writer, " + value + ");");
                    break;
                default:
                    w.Line(JsonValues + ".Write(writer, " + value + ");");
                    break;
            }
        }

        // ---- text helpers -----------------------------------------------------------------------------

        internal static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

        /// <summary>
        /// Whether the local <c>name</c> (a property's name or a string's text as UTF-8, from the reader's <c>NameOf</c> or
        /// <c>TextOf</c>) is <paramref name="jsonName"/>: a span compare with a literal, which the JIT unrolls.
        /// </summary>
        protected static string NameIs(string jsonName) => "global::System.MemoryExtensions.SequenceEqual(name, " + Literal(jsonName) + "u8)";

        protected static string Bool(bool value) => value ? "true" : "false";

        /// <summary>Text safe inside a single-line comment.</summary>
        internal static string Comment(string text) => text.Replace("\r", " ").Replace("\n", " ").Replace("\u2028", " ").Replace("\u2029", " ").Replace("\u0085", " ");

        /// <summary>Text safe inside an XML doc comment.</summary>
        internal static string Xml(string text) => Comment(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

        /// <summary>What a value should be, in words for a refusal's hint.</summary>
        internal string Expected(TypeSpec type)
        {
            string text;
            switch (type.Kind)
            {
                case ValueKind.String: text = "a string"; break;
                case ValueKind.Boolean: text = "true or false"; break;
                case ValueKind.Single:
                case ValueKind.Double:
                case ValueKind.Decimal: text = "a number"; break;
                case ValueKind.Guid: text = "a GUID string"; break;
                case ValueKind.DateTimeOffset: text = "an RFC 3339 date-time string"; break;
                case ValueKind.DateOnly: text = "a date string yyyy-MM-dd"; break;
                case ValueKind.TimeOnly: text = "a time string HH:mm:ss"; break;
                case ValueKind.TimeSpan: text = "a duration string [d.]hh:mm:ss"; break;
                case ValueKind.Uri: text = "an absolute URI string"; break;
                case ValueKind.Enum:
                    EnumSpec spec = _enums[type.TypeName];
                    text = (spec.IsFlags ? "an array of distinct names from " : "one of ") + string.Join(", ", spec.Members);
                    break;
                case ValueKind.Array: text = (type.Collection == CollectionKind.Set ? "an array (distinct items: " : "an array (items: ") + Expected(type.Element!) + ")"; break;
                case ValueKind.Map:
                    text = "an object (" + (type.Key == null ? "" : "keys: " + ExpectedKey(type.Key) + "; ") + "values: " + Expected(type.Element!) + ")";
                    break;
                case ValueKind.Object: text = "an object"; break;
                default: text = "an integer"; break;
            }
            return type.IsNullable ? text + " or null" : text;
        }

        private string ExpectedKey(TypeSpec key)
        {
            if (key.Kind == ValueKind.Enum)
            {
                return "one of " + string.Join(", ", _enums[key.TypeName].Members);
            }
            SchemaBuilder.TypeRange(key.Kind, out string min, out string max);
            return "integers from " + min + " to " + max;
        }
    }
}
