using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    // Records, structs and settable classes in JSON: one strict reader (exactly their properties) and one writer per type,
    // in the assembly's ToolTypes class; results are written from the output model.
    internal abstract partial class JsonCodeEmitter
    {
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
                if (spec.Members.Count > 0)
                {
                    w.Line("global::System.ReadOnlySpan<byte> name = " + Reader + ".NameOf(property);");
                }
                for (int i = 0; i < spec.Members.Count; i++)
                {
                    MemberSpec member = spec.Members[i];
                    w.Open((i == 0 ? "if" : "else if") + " (" + NameIs(member.JsonName) + ")");
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
    }
}
