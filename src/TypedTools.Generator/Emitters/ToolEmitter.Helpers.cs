using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    // Readers and writers for enums, objects and arrays, emitted once per tool file and only when used.
    internal sealed partial class ToolEmitter
    {
        private string Helper(string key, string name, System.Action<SourceWriter, string> emit)
        {
            if (!_helperNames.TryGetValue(key, out string? existing))
            {
                existing = name;
                _helperNames[key] = name;
                _pendingHelpers.Enqueue(w => emit(w, name));
            }
            return existing;
        }

        private string EnumReader(TypeSpec type) =>
            Helper("read-enum:" + type.DefinitionKey, "Read_" + type.DefinitionKey, (w, name) =>
            {
                EnumSpec spec = _enums[type.DefinitionKey!];
                string allowed = string.Join(", ", spec.Members);
                w.Line("// Reads " + Comment(type.TypeName) + " by member name (case-sensitive, never a number).");
                w.Open("private static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment + " at, out " + type.TypeName + " value)");
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

        private string ArrayReader(TypeSpec type)
        {
            string key = "read-array:" + type.TypeName + (type.Element!.IsNullable ? "?" : "");
            return Helper(key, "Read_Array" + _helperNames.Count(h => h.Key.StartsWith("read-array:", System.StringComparison.Ordinal)), (w, name) =>
            {
                TypeSpec element = type.Element!;
                bool isList = type.Collection == CollectionKind.List;
                w.Line("// Reads " + Comment(type.TypeName) + ".");
                w.Open("private static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment +
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
        }

        /// <summary><c>new T[json.GetArrayLength()]</c>, with the length in the right place for jagged arrays.</summary>
        private static string ArrayOf(TypeSpec element)
        {
            string name = element.DeclaredTypeName;
            int bracket = name.IndexOf('[');
            return bracket < 0
                ? name + "[json.GetArrayLength()]"
                : name.Substring(0, bracket) + "[json.GetArrayLength()]" + name.Substring(bracket);
        }

        private string ObjectReader(TypeSpec type) =>
            Helper("read-object:" + type.DefinitionKey, "Read_" + type.DefinitionKey, (w, name) =>
            {
                ObjectSpec spec = _inputObjects[type.DefinitionKey!];
                w.Line("private static readonly string[] s_members_" + spec.Key + " = [" + string.Join(", ", spec.Members.Select(m => Literal(m.JsonName))) + "];");
                w.Line();
                w.Line("// Reads " + Comment(spec.TypeName) + " from an object with exactly its properties.");
                w.Open("private static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment + " at, out " + spec.TypeName + " value)");
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
                w.Line("reader.ReportUnknownField(property, s_members_" + spec.Key + ");");
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

        // ---- writers ----------------------------------------------------------------------------------

        /// <summary>Writes statements that write <paramref name="value"/> with <c>writer</c>.</summary>
        private void EmitWrite(SourceWriter w, TypeSpec type, string value)
        {
            if (type.IsNullable && type.Kind != ValueKind.String && type.Kind != ValueKind.Uri)
            {
                w.Open("if (" + value + " is null)");
                w.Line("writer.WriteNullValue();");
                w.Close();
                w.Open("else");
                EmitWrite(w, type.NonNullable, type.IsNullableValueType ? value + ".Value" : value);
                w.Close();
                return;
            }
            switch (type.Kind)
            {
                case ValueKind.Enum:
                    w.Line(EnumWriter(type) + "(writer, " + value + ");");
                    break;
                case ValueKind.Object:
                    w.Line(ObjectWriter(type) + "(writer, " + value + ");");
                    break;
                case ValueKind.Array:
                    w.Line(ArrayWriter(type) + "(writer, " + value + ");");
                    break;
                default:
                    w.Line(JsonValues + ".Write(writer, " + value + ");");
                    break;
            }
        }

        private string EnumWriter(TypeSpec type) =>
            Helper("write-enum:" + type.DefinitionKey, "Write_" + type.DefinitionKey, (w, name) =>
            {
                EnumSpec spec = _enums[type.DefinitionKey!];
                w.Line("// Writes " + Comment(type.TypeName) + " as its member name.");
                w.Open("private static void " + name + "(" + Utf8JsonWriter + " writer, " + type.TypeName + " value)");
                w.Open("switch (value)");
                foreach (string member in spec.Members.Distinct())
                {
                    w.Line("case " + type.TypeName + ".@" + member + ": writer.WriteStringValue(" + Literal(member) + "u8); return;");
                }
                w.Line("default: writer.WriteNumberValue(global::System.Convert.ToInt64(value, global::System.Globalization.CultureInfo.InvariantCulture)); return;");
                w.Close();
                w.Close();
            });

        private string ObjectWriter(TypeSpec type) =>
            Helper("write-object:" + type.DefinitionKey, "Write_" + type.DefinitionKey, (w, name) =>
            {
                // Results are written from their output model; arguments (for confirmations and audit) from their input model.
                ObjectSpec spec = _outputObjects.TryGetValue(type.DefinitionKey!, out ObjectSpec? output) ? output : _inputObjects[type.DefinitionKey!];
                w.Line("// Writes " + Comment(spec.TypeName) + " as an object.");
                w.Open("private static void " + name + "(" + Utf8JsonWriter + " writer, " + spec.TypeName + (spec.IsValueType ? "" : "?") + " value)");
                if (!spec.IsValueType)
                {
                    w.Open("if (value is null)");
                    w.Line("writer.WriteNullValue();");
                    w.Line("return;");
                    w.Close();
                }
                w.Line("writer.WriteStartObject();");
                foreach (MemberSpec member in spec.Members.Where(m => m.IsReadable))
                {
                    w.Line("writer.WritePropertyName(" + Literal(member.JsonName) + "u8);");
                    EmitWrite(w, member.Type, "value.@" + member.ClrName);
                }
                w.Line("writer.WriteEndObject();");
                w.Close();
            });

        private string ArrayWriter(TypeSpec type)
        {
            string key = "write-array:" + type.TypeName + (type.Element!.IsNullable ? "?" : "");
            return Helper(key, "Write_Array" + _helperNames.Count(h => h.Key.StartsWith("write-array:", System.StringComparison.Ordinal)), (w, name) =>
            {
                w.Line("// Writes " + Comment(type.TypeName) + ".");
                w.Open("private static void " + name + "(" + Utf8JsonWriter + " writer, " + type.TypeName + "? value)");
                w.Open("if (value is null)");
                w.Line("writer.WriteNullValue();");
                w.Line("return;");
                w.Close();
                w.Line("writer.WriteStartArray();");
                w.Open("foreach (" + type.Element!.DeclaredTypeName + " item in value)");
                EmitWrite(w, type.Element, "item");
                w.Close();
                w.Line("writer.WriteEndArray();");
                w.Close();
            });
        }
    }
}
