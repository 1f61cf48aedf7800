using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    // Enums in JSON: a value by its member's name (or a [Flags] value as an array of names), and a dictionary's key by its
    // member's name; one reader and writer per enum in the assembly's ToolTypes class.
    internal abstract partial class JsonCodeEmitter
    {
        protected string EnumReader(TypeSpec type) =>
            SharedHelper("Read_" + TypeKey(type), (w, name) =>
            {
                EnumSpec spec = _enums[type.TypeName];
                if (spec.IsFlags)
                {
                    w.Line("// Reads " + Comment(type.TypeName) + " ([Flags]) from an array of its member names, combined.");
                    w.Open("internal static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment + " at, out " + type.TypeName + " value)");
                    w.Line("bool read = " + FlagNamesField(type) + ".TryRead(reader, json, at, out ulong bits);");
                    w.Line("value = read ? unchecked((" + type.TypeName + ")bits) : default;");
                    w.Line("return read;");
                    w.Close();
                    return;
                }
                string allowed = string.Join(", ", spec.Members);
                w.Line("// Reads " + Comment(type.TypeName) + " by member name (case-sensitive, never a number).");
                w.Open("internal static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment + " at, out " + type.TypeName + " value)");
                w.Line("value = default;");
                w.Open("if (!reader.ExpectEnumName(json, at, " + Literal(allowed) + "))");
                w.Line("return false;");
                w.Close();
                w.Line("global::System.ReadOnlySpan<byte> name = " + Reader + ".TextOf(json);");
                EmitMemberMatches(w, type, spec);
                w.Line("reader.ReportInvalidEnum(at, " + Literal(allowed) + ");");
                w.Line("return false;");
                w.Close();
            });

        // One test per member's JSON name against `name` (a value's text, or a key's), returning that member.
        private static void EmitMemberMatches(SourceWriter w, TypeSpec type, EnumSpec spec)
        {
            for (int i = 0; i < spec.Members.Count; i++)
            {
                w.Open("if (" + NameIs(spec.Members[i]) + ")");
                w.Line("value = " + type.TypeName + ".@" + spec.ClrMembers[i] + ";");
                w.Line("return true;");
                w.Close();
            }
        }

        // The number of an enum value no member has, which is all a writer can say of it.
        private const string EnumNumber = "global::System.Convert.ToInt64(value, global::System.Globalization.CultureInfo.InvariantCulture)";

        // A switch over the members an enum's value is written as: a statement with each one's JSON name (a literal), and
        // one for a value no member has.
        private static void EmitMemberSwitch(SourceWriter w, TypeSpec type, EnumSpec spec, System.Func<string, string> member, string other)
        {
            w.Open("switch (value)");
            foreach (int i in spec.Written)
            {
                w.Line("case " + type.TypeName + ".@" + spec.ClrMembers[i] + ": " + member(Literal(spec.Members[i])));
            }
            w.Line("default: " + other);
            w.Close();
        }

        /// <summary>The reader of an enum's member name as a dictionary's key.</summary>
        private string KeyReader(TypeSpec type) =>
            SharedHelper("ReadKey_" + TypeKey(type), (w, name) =>
            {
                EnumSpec spec = _enums[type.TypeName];
                w.Line("// Reads a key of " + Comment(type.TypeName) + ": one of its member names (case-sensitive, never a number).");
                w.Open("internal static bool " + name + "(" + Reader + " reader, in global::System.Text.Json.JsonProperty property, out " + type.TypeName + " value)");
                w.Line("global::System.ReadOnlySpan<byte> name = " + Reader + ".NameOf(property);");
                EmitMemberMatches(w, type, spec);
                w.Line("value = default;");
                w.Line("reader.ReportInvalidKey(property, " + Literal(string.Join(", ", spec.Members)) + ");");
                w.Line("return false;");
                w.Close();
            });

        /// <summary>The name an enum value or an integer is written as when it is a dictionary's key.</summary>
        private string KeyName(TypeSpec type) =>
            SharedHelper("KeyName_" + TypeKey(type), (w, name) =>
            {
                if (type.Kind != ValueKind.Enum)
                {
                    w.Line("// The name of a key of " + Comment(type.TypeName) + ": its decimal spelling.");
                    w.Line("internal static string " + name + "(" + type.TypeName + " value) => value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                    return;
                }
                EnumSpec spec = _enums[type.TypeName];
                w.Line("// The name of a key of " + Comment(type.TypeName) + ": its member's name (a value no member has, its number, which no schema allows).");
                w.Open("internal static string " + name + "(" + type.TypeName + " value)");
                EmitMemberSwitch(w, type, spec, member => "return " + member + ";", "return " + EnumNumber + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                w.Close();
            });

        /// <summary>The names and values of a [Flags] enum's members, which read and write its JSON.</summary>
        private string FlagNamesField(TypeSpec type) =>
            SharedHelper("s_flags_" + TypeKey(type), (w, name) =>
            {
                EnumSpec spec = _enums[type.TypeName];
                w.Line("private static readonly " + Codecs + ".FlagNames " + name + " = new([" + string.Join(", ", spec.Members.Select(Literal)) + "], [" +
                       string.Join(", ", spec.ClrMembers.Select(m => "unchecked((ulong)" + type.TypeName + ".@" + m + ")")) + "]);");
            });

        protected string EnumWriter(TypeSpec type) =>
            SharedHelper("Write_" + TypeKey(type), (w, name) =>
            {
                EnumSpec spec = _enums[type.TypeName];
                if (spec.IsFlags)
                {
                    w.Line("// Writes " + Comment(type.TypeName) + " ([Flags]) as the names of the members it holds.");
                    w.Line("internal static void " + name + "(" + Utf8JsonWriter + " writer, " + type.TypeName + " value) => " +
                           FlagNamesField(type) + ".Write(writer, unchecked((ulong)value));");
                    return;
                }
                w.Line("// Writes " + Comment(type.TypeName) + " as its member name.");
                w.Open("internal static void " + name + "(" + Utf8JsonWriter + " writer, " + type.TypeName + " value)");
                EmitMemberSwitch(w, type, spec, member => "writer.WriteStringValue(" + member + "u8); return;", "writer.WriteNumberValue(" + EnumNumber + "); return;");
                w.Close();
            });
    }
}
