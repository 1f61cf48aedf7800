using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    // Readers and writers for enums, objects and arrays: one of each per type in the assembly's ToolTypes class,
    // named after the type so that a tool file can call it without knowing the other tools.
    internal abstract partial class JsonCodeEmitter
    {
        protected string EnumReader(TypeSpec type) =>
            SharedHelper("Read_" + TypeKey(type), (w, name) =>
            {
                EnumSpec spec = _enums[type.TypeName];
                string allowed = string.Join(", ", spec.Members);
                w.Line("// Reads " + Comment(type.TypeName) + " by member name (case-sensitive, never a number).");
                w.Open("internal static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment + " at, out " + type.TypeName + " value)");
                w.Line("value = default;");
                w.Open("if (!reader.ExpectEnumName(json, at, " + Literal(allowed) + "))");
                w.Line("return false;");
                w.Close();
                foreach (string member in spec.Members)
                {
                    w.Open("if (json.ValueEquals(" + Literal(member) + "u8))");
                    w.Line("value = " + type.TypeName + ".@" + member + ";");
                    w.Line("return true;");
                    w.Close();
                }
                w.Line("reader.ReportInvalidEnum(at, " + Literal(allowed) + ");");
                w.Line("return false;");
                w.Close();
            });

        /// <summary>
        /// A type's identity for its helpers, the one naming rule for all of them (<c>Read_</c>, <c>WriteResult_</c>, <c>ReadArray_</c>...):
        /// its C# type and, for arrays, whether the items may be null at each level
        /// (<c>_9</c>, which no type name produces, then <c>n</c> for nullable items or <c>v</c> for values).
        /// </summary>
        protected static string TypeKey(TypeSpec type)
        {
            var key = new System.Text.StringBuilder(Naming.UniqueIdentifier(type.TypeName));
            if (type.Element != null)
            {
                key.Append("_9");
            }
            for (TypeSpec? element = type.Element; element != null; element = element.Element)
            {
                key.Append(element.IsNullable ? 'n' : 'v');
            }
            return key.ToString();
        }

        protected string ArrayReader(TypeSpec type) =>
            SharedHelper("ReadArray_" + TypeKey(type), (w, name) =>
            {
                TypeSpec element = type.Element!;
                bool isList = type.Collection == CollectionKind.List;
                w.Line("// Reads " + Comment(type.TypeName) + ".");
                w.Open("internal static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment +
                       " at, int minItems, int maxItems, out " + type.TypeName + " value)");
                w.Line("value = default!;");
                w.Open("if (!reader.ExpectArray(json, at, minItems, maxItems) || !reader.Enter(at))");
                w.Line("return false;");
                w.Close();
                w.Line("int errors = reader.ErrorCount;");
                w.Line(isList
                    ? "var items = new global::System.Collections.Generic.List<" + element.DeclaredTypeName + ">(json.GetArrayLength());"
                    : "var items = new " + ArrayOf(element) + ";");
                w.Line("int index = 0;");
                w.Open("foreach (" + JsonElement + " item in json.EnumerateArray())");
                w.Line(element.DeclaredTypeName + " itemValue = default!;");
                EmitRead(w, element, Constraints.None, "item", "index", "itemValue");
                w.Line(isList ? "items.Add(itemValue);" : "items[index] = itemValue;");
                w.Line("index++;");
                w.Close();
                w.Line("reader.Exit();");
                w.Open("if (reader.ErrorCount != errors)");
                w.Line("return false;");
                w.Close();
                w.Line("value = items;");
                w.Line("return true;");
                w.Close();
            });

        /// <summary><c>new T[json.GetArrayLength()]</c>, with the length in the right place for jagged arrays.</summary>
        private static string ArrayOf(TypeSpec element)
        {
            string name = element.DeclaredTypeName;
            int bracket = name.IndexOf('[');
            return bracket < 0
                ? name + "[json.GetArrayLength()]"
                : name.Substring(0, bracket) + "[json.GetArrayLength()]" + name.Substring(bracket);
        }

        protected string ObjectReader(TypeSpec type) =>
            SharedHelper("Read_" + TypeKey(type), (w, name) =>
            {
                ObjectSpec spec = _inputObjects[type.TypeName];
                string members = "s_members_" + TypeKey(type);
                w.Line("private static readonly string[] " + members + " = [" + string.Join(", ", spec.Members.Select(m => Literal(m.JsonName))) + "];");
                w.Line();
                w.Line("// Reads " + Comment(spec.TypeName) + " from an object with exactly its properties.");
                w.Open("internal static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment + " at, out " + spec.TypeName + " value)");
                w.Line("value = default!;");
                w.Open("if (!reader.ExpectObject(json, at) || !reader.Enter(at))");
                w.Line("return false;");
                w.Close();
                w.Line("int errors = reader.ErrorCount;");
                for (int i = 0; i < spec.Members.Count; i++)
                {
                    MemberSpec member = spec.Members[i];
                    w.Line("bool m" + i + "Seen = false;");
                    w.Line(member.Type.DeclaredTypeName + " m" + i + " = " + (member.DefaultLiteral ?? "default!") + ";");
                }
                w.Open("foreach (global::System.Text.Json.JsonProperty property in json.EnumerateObject())");
                for (int i = 0; i < spec.Members.Count; i++)
                {
                    MemberSpec member = spec.Members[i];
                    w.Open((i == 0 ? "if" : "else if") + " (property.NameEquals(" + Literal(member.JsonName) + "u8))");
                    w.Open("if (m" + i + "Seen)");
                    w.Line("reader.ReportDuplicate(" + Literal(member.JsonName) + ");");
                    w.Line("continue;");
                    w.Close();
                    w.Line("m" + i + "Seen = true;");
                    EmitRead(w, member.Type, member.Constraints, "property.Value", Literal(member.JsonName), "m" + i);
                    w.Close();
                }
                if (spec.Members.Count > 0)
                {
                    w.Open("else");
                }
                w.Line("reader.ReportUnknownField(property, " + members + ");");
                if (spec.Members.Count > 0)
                {
                    w.Close();
                }
                w.Close();
                for (int i = 0; i < spec.Members.Count; i++)
                {
                    if (spec.Members[i].IsRequired)
                    {
                        w.Open("if (!m" + i + "Seen)");
                        w.Line("reader.ReportMissing(" + Literal(spec.Members[i].JsonName) + ", " + Literal(Expected(spec.Members[i].Type)) + ");");
                        w.Close();
                    }
                }
                w.Line("reader.Exit();");
                w.Open("if (reader.ErrorCount != errors)");
                w.Line("return false;");
                w.Close();
                EmitConstruction(w, spec);
                w.Line("return true;");
                w.Close();
            });

        private static void EmitConstruction(SourceWriter w, ObjectSpec spec)
        {
            var ctor = new List<string>();
            var initializer = new List<string>();
            for (int i = 0; i < spec.Members.Count; i++)
            {
                MemberSpec member = spec.Members[i];
                if (member.Assignment == MemberAssignment.Constructor)
                {
                    ctor.Add("m" + i);
                }
                else if (member.Assignment == MemberAssignment.Initializer)
                {
                    initializer.Add("@" + member.ClrName + " = m" + i);
                }
            }
            w.Line("value = new " + spec.TypeName + "(" + string.Join(", ", ctor) + ")" +
                   (initializer.Count > 0 ? " { " + string.Join(", ", initializer) + " }" : "") + ";");
            for (int i = 0; i < spec.Members.Count; i++)
            {
                MemberSpec member = spec.Members[i];
                if (member.Assignment == MemberAssignment.With)
                {
                    // Optional init-only members keep their declared initial value unless sent.
                    w.Open("if (m" + i + "Seen)");
                    w.Line("value = value with { @" + member.ClrName + " = m" + i + " };");
                    w.Close();
                }
                else if (member.Assignment == MemberAssignment.Setter)
                {
                    w.Open("if (m" + i + "Seen)");
                    w.Line("value.@" + member.ClrName + " = m" + i + ";");
                    w.Close();
                }
            }
        }

        // ---- codecs: a type's reader, writer and description as one value a parameter names ----------------

        private const string Codecs = "global::TypedTools.Arguments";

        /// <summary>The codec of a parameter's (non-null, non-string, non-array) type.</summary>
        protected string Codec(TypeSpec type)
        {
            if (type.Kind != ValueKind.Enum && type.Kind != ValueKind.Object)
            {
                return Codecs + ".ArgumentCodecs." + type.Kind;
            }
            return SharedHelper("Codec_" + TypeKey(type), (w, name) =>
            {
                string reader = type.Kind == ValueKind.Enum ? EnumReader(type) : ObjectReader(type);
                string writer = type.Kind == ValueKind.Enum ? EnumWriter(type) : ObjectWriter(type, asResult: false);
                w.Line("internal static readonly " + Codecs + ".ArgumentCodec<" + type.TypeName + "> " + name + " = new(" + reader + ", " + writer + ", " + Literal(Expected(type)) + ");");
            });
        }

        /// <summary>The codec of an array or list parameter's type.</summary>
        protected string ArrayCodec(TypeSpec type) =>
            SharedHelper("ArrayCodec_" + TypeKey(type), (w, name) =>
                w.Line("internal static readonly " + Codecs + ".ArrayArgumentCodec<" + type.TypeName + "> " + name + " = new(" + ArrayReader(type) + ", " +
                       ArrayWriter(type, asResult: false) + ", " + Literal(Expected(type)) + ");"));

        // ---- writers ----------------------------------------------------------------------------------

        protected string EnumWriter(TypeSpec type) =>
            SharedHelper("Write_" + TypeKey(type), (w, name) =>
            {
                EnumSpec spec = _enums[type.TypeName];
                w.Line("// Writes " + Comment(type.TypeName) + " as its member name.");
                w.Open("internal static void " + name + "(" + Utf8JsonWriter + " writer, " + type.TypeName + " value)");
                w.Open("switch (value)");
                foreach (string member in spec.Written)
                {
                    w.Line("case " + type.TypeName + ".@" + member + ": writer.WriteStringValue(" + Literal(member) + "u8); return;");
                }
                w.Line("default: writer.WriteNumberValue(global::System.Convert.ToInt64(value, global::System.Globalization.CultureInfo.InvariantCulture)); return;");
                w.Close();
                w.Close();
            });

        protected string ObjectWriter(TypeSpec type, bool asResult) =>
            SharedHelper((asResult ? "WriteResult_" : "Write_") + TypeKey(type), (w, name) =>
            {
                // Results are written from their output model; arguments (for confirmations and audit) from their input model.
                ObjectSpec spec = asResult && _outputObjects.TryGetValue(type.TypeName, out ObjectSpec? output) ? output
                    : _inputObjects.TryGetValue(type.TypeName, out ObjectSpec? input) ? input : _outputObjects[type.TypeName];
                w.Line("// Writes " + Comment(spec.TypeName) + " as an object" + (asResult ? " (a result)." : "."));
                w.Open("internal static void " + name + "(" + Utf8JsonWriter + " writer, " + spec.TypeName + (spec.IsValueType ? "" : "?") + " value)");
                if (!spec.IsValueType)
                {
                    w.Open("if (value is null)");
                    w.Line("writer.WriteNullValue();");
                    w.Line("return;");
                    w.Close();
                }
                w.Line("writer.WriteStartObject();");
                foreach (MemberSpec member in spec.Members)
                {
                    w.Line("writer.WritePropertyName(" + Literal(member.JsonName) + "u8);");
                    EmitWrite(w, member.Type, "value.@" + member.ClrName, asResult);
                }
                w.Line("writer.WriteEndObject();");
                w.Close();
            });

        protected string ArrayWriter(TypeSpec type, bool asResult) =>
            SharedHelper((asResult ? "WriteResultArray_" : "WriteArray_") + TypeKey(type), (w, name) =>
            {
                w.Line("// Writes " + Comment(type.TypeName) + ".");
                w.Open("internal static void " + name + "(" + Utf8JsonWriter + " writer, " + type.TypeName + "? value)");
                w.Open("if (value is null)");
                w.Line("writer.WriteNullValue();");
                w.Line("return;");
                w.Close();
                w.Line("writer.WriteStartArray();");
                w.Open("foreach (" + type.Element!.DeclaredTypeName + " item in value)");
                EmitWrite(w, type.Element, "item", asResult);
                w.Close();
                w.Line("writer.WriteEndArray();");
                w.Close();
            });
    }
}
