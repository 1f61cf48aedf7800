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
                EmitMemberMatches(w, type, spec, "json.ValueEquals");
                w.Line("reader.ReportInvalidEnum(at, " + Literal(allowed) + ");");
                w.Line("return false;");
                w.Close();
            });

        // One test per member's JSON name, returning that member: `equals` compares a value's text, or a key's.
        private static void EmitMemberMatches(SourceWriter w, TypeSpec type, EnumSpec spec, string equals)
        {
            for (int i = 0; i < spec.Members.Count; i++)
            {
                w.Open("if (" + equals + "(" + Literal(spec.Members[i]) + "u8))");
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
                EmitMemberMatches(w, type, spec, "property.NameEquals");
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

        /// <summary>The reader of an array, a list or a dictionary: it takes the count bounds of its items or entries.</summary>
        protected string CollectionReader(TypeSpec type) =>
            SharedHelper((type.Kind == ValueKind.Map ? "ReadMap_" : "ReadArray_") + TypeKey(type), (w, name) =>
            {
                bool map = type.Kind == ValueKind.Map;
                w.Line("// Reads " + Comment(type.TypeName) + (map ? " from an object: its property names are the keys." : "."));
                w.Open("internal static bool " + name + "(" + Reader + " reader, " + JsonElement + " json, in " + PathSegment +
                       " at, int minCount, int maxCount, out " + type.TypeName + " value)");
                w.Line("value = default!;");
                w.Open("if (!reader.Expect" + (map ? "Map" : "Array") + "(json, at, minCount, maxCount) || !reader.Enter(at))");
                w.Line("return false;");
                w.Close();
                w.Line("int errors = reader.ErrorCount;");
                if (map)
                {
                    EmitEntries(w, type);
                }
                else
                {
                    EmitItems(w, type, type.Element!);
                }
                w.Line("reader.Exit();");
                w.Open("if (reader.ErrorCount != errors)");
                w.Line("return false;");
                w.Close();
                w.Line("value = " + HandOver(type.Form, "items") + ";");
                w.Line("return true;");
                w.Close();
            });

        // The factory that hands a collection read (an array, a List, a HashSet or a Dictionary) over as the type the tool
        // declares. An ImmutableArray takes the array itself: it is new and no one else holds it, so no copy is needed.
        private static readonly Dictionary<CollectionForm, string> s_handOver = new Dictionary<CollectionForm, string>
        {
            [CollectionForm.ImmutableArray] = "global::System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray",
            [CollectionForm.ImmutableList] = "global::System.Collections.Immutable.ImmutableList.CreateRange",
            [CollectionForm.ReadOnlyCollection] = "global::System.Array.AsReadOnly",
            [CollectionForm.ImmutableHashSet] = "global::System.Collections.Immutable.ImmutableHashSet.CreateRange",
            [CollectionForm.FrozenSet] = "global::System.Collections.Frozen.FrozenSet.ToFrozenSet",
            [CollectionForm.ImmutableDictionary] = "global::System.Collections.Immutable.ImmutableDictionary.CreateRange",
            [CollectionForm.FrozenDictionary] = "global::System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary",
            [CollectionForm.ReadOnlyDictionary] = "global::System.Collections.Generic.CollectionExtensions.AsReadOnly",
        };

        private static string HandOver(CollectionForm form, string items) =>
            s_handOver.TryGetValue(form, out string? factory) ? factory + "(" + items + ")" : items;

        private void EmitItems(SourceWriter w, TypeSpec type, TypeSpec element)
        {
            switch (type.Collection)
            {
                case CollectionKind.List:
                    w.Line("var items = new global::System.Collections.Generic.List<" + element.DeclaredTypeName + ">(json.GetArrayLength());");
                    break;
                case CollectionKind.Set:
                    w.Line("var items = new global::System.Collections.Generic.HashSet<" + element.DeclaredTypeName + ">(json.GetArrayLength());");
                    break;
                default:
                    w.Line(element.DeclaredTypeName + "[] items = new " + ArrayOf(element) + ";"); // typed: the creation cannot say inner arrays may be null
                    break;
            }
            w.Line("int index = 0;");
            w.Open("foreach (" + JsonElement + " item in json.EnumerateArray())");
            w.Line(element.DeclaredTypeName + " itemValue = default!;");
            if (type.Collection == CollectionKind.Set)
            {
                // uniqueItems: an item equal to an earlier one is refused (a value it could not read is default, and not compared).
                w.Line("int before = reader.ErrorCount;");
                EmitRead(w, element, Constraints.None, "item", "index", "itemValue");
                w.Open("if (reader.ErrorCount == before && !items.Add(itemValue))");
                w.Line("reader.ReportRepeatedItem(index);");
                w.Close();
            }
            else
            {
                EmitRead(w, element, Constraints.None, "item", "index", "itemValue");
                w.Line(type.Collection == CollectionKind.List ? "items.Add(itemValue);" : "items[index] = itemValue;");
            }
            w.Line("index++;");
            w.Close();
        }

        private void EmitEntries(SourceWriter w, TypeSpec map)
        {
            TypeSpec element = map.Element!;
            w.Line("var items = new global::System.Collections.Generic.Dictionary<" + map.KeyTypeName + ", " + element.DeclaredTypeName + ">(json.GetPropertyCount());");
            w.Open("foreach (global::System.Text.Json.JsonProperty property in json.EnumerateObject())");
            if (map.Key == null)
            {
                // Keys are bounded like any string; a key sent twice is refused, as a property sent twice is.
                w.Open("if (!reader.TryReadKey(property, " + _options.MaxStringLength + ", items, out string key))");
                w.Line("continue;");
                w.Close();
                w.Line(PathSegment + " entry = " + PathSegment + ".Key(key);");
            }
            else if (map.Key.Kind == ValueKind.Enum)
            {
                // A key is one of the enum's member names, sent once.
                w.Open("if (!" + KeyReader(map.Key) + "(reader, property, out " + map.Key.TypeName + " key) || !reader.CheckNewKey(items, key, property))");
                w.Line("continue;");
                w.Close();
                w.Line(PathSegment + " entry = " + PathSegment + ".Key(" + KeyName(map.Key) + "(key));");
            }
            else
            {
                // A key is an integer of the key type's range in its one decimal spelling, sent once.
                SchemaBuilder.TypeRange(map.Key.Kind, out string min, out string max);
                w.Open("if (!reader.TryReadIntegerKey(property, " + min + "L, " + max + "UL, out global::System.Int128 keyNumber, out string keyName) || " +
                       "!reader.CheckNewKey(items, (" + map.Key.TypeName + ")keyNumber, property))");
                w.Line("continue;");
                w.Close();
                w.Line(map.Key.TypeName + " key = (" + map.Key.TypeName + ")keyNumber;");
                w.Line(PathSegment + " entry = " + PathSegment + ".Key(keyName);");
            }
            w.Line(element.DeclaredTypeName + " itemValue = default!;");
            EmitRead(w, element, Constraints.None, "property.Value", "entry", "itemValue");
            w.Line("items.Add(key, itemValue);");
            w.Close();
        }

        /// <summary>
        /// <c>new T[json.GetArrayLength()]</c>, with the length in the right place for jagged arrays: before the element's
        /// own trailing <c>[]</c>s (<c>new int[n][]</c>), not inside a type argument (<c>new Box&lt;byte[]&gt;[n]</c>, found by
        /// the declaration fuzzer). An array creation cannot say that its inner arrays may be null (<c>new string[n][]?</c>
        /// does not parse), so their <c>?</c> is left out: the array it creates converts to the declared one.
        /// </summary>
        private static string ArrayOf(TypeSpec element)
        {
            string name = element.DeclaredTypeName;
            int end = name.Length;
            while (true)
            {
                int next = end > 0 && name[end - 1] == '?' ? end - 1 : end; // a nullable array's '?' goes with its brackets
                if (next < 2 || name[next - 1] != ']' || name[next - 2] != '[')
                {
                    break;
                }
                end = next - 2;
            }
            return name.Substring(0, end) + "[json.GetArrayLength()]" + name.Substring(end).Replace("?", "");
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
        private const string CanonicalOrder = Codecs + ".CanonicalOrder";

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

        /// <summary>The codec of an array, list or dictionary parameter's type.</summary>
        protected string CollectionCodec(TypeSpec type) =>
            SharedHelper((type.Kind == ValueKind.Map ? "MapCodec_" : "ArrayCodec_") + TypeKey(type), (w, name) =>
                w.Line("internal static readonly " + Codecs + ".CollectionArgumentCodec<" + type.TypeName + "> " + name + " = new(" + CollectionReader(type) + ", " +
                       CollectionWriter(type, asResult: false) + ", " + Literal(Expected(type)) + ");"));

        // ---- writers ----------------------------------------------------------------------------------

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

        /// <summary>The writer of an array, a list (as a JSON array) or a dictionary (as an object).</summary>
        protected string CollectionWriter(TypeSpec type, bool asResult) =>
            SharedHelper((asResult ? "WriteResult" : "Write") + (type.Kind == ValueKind.Map ? "Map_" : "Array_") + TypeKey(type), (w, name) =>
            {
                bool map = type.Kind == ValueKind.Map;
                TypeSpec element = type.Element!;
                w.Line("// Writes " + Comment(type.TypeName) + (map ? " as an object." : "."));
                // An ImmutableArray is a struct whose default holds no array: written as null, as a missing list is.
                w.Open("internal static void " + name + "(" + Utf8JsonWriter + " writer, " + type.TypeName + (type.IsStructCollection ? "" : "?") + " value)");
                w.Open(type.IsStructCollection ? "if (value.IsDefault)" : "if (value is null)");
                w.Line("writer.WriteNullValue();");
                w.Line("return;");
                w.Close();
                w.Line(map ? "writer.WriteStartObject();" : "writer.WriteStartArray();");
                // Canonical arguments list a set's items and a map's entries in one order (CanonicalOrder says why);
                // a result keeps the collection's own.
                bool sorted = !asResult && (map || type.Collection == CollectionKind.Set);
                if (map)
                {
                    string? keyName = type.Key != null ? KeyName(type.Key) : null;
                    w.Open("foreach (global::System.Collections.Generic.KeyValuePair<" + type.KeyTypeName + ", " + element.DeclaredTypeName + "> item in " +
                           (sorted ? CanonicalOrder + ".Entries(value" + (keyName != null ? ", " + keyName : "") + ")" : "value") + ")");
                    w.Line("writer.WritePropertyName(" + (keyName != null ? keyName + "(item.Key)" : "item.Key") + ");");
                    EmitWrite(w, element, "item.Value", asResult);
                }
                else
                {
                    w.Open("foreach (" + element.DeclaredTypeName + " item in " + (sorted ? CanonicalOrder + ".Items(value)" : "value") + ")");
                    EmitWrite(w, element, "item", asResult);
                }
                w.Close();
                w.Line(map ? "writer.WriteEndObject();" : "writer.WriteEndArray();");
                w.Close();
            });
    }
}
