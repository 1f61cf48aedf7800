using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    // Arrays, lists, sets and dictionaries in JSON: one reader and writer per collection type in the assembly's ToolTypes
    // class, read as the kind they are and handed over as the type the tool declares.
    internal abstract partial class JsonCodeEmitter
    {
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
                    // Sorted, an enum or integer key comes keyed by its name, made once for the sort and the writer.
                    string? keyName = type.Key != null ? KeyName(type.Key) : null;
                    bool named = keyName != null && !sorted;
                    w.Open("foreach (global::System.Collections.Generic.KeyValuePair<" + (sorted ? "string" : type.KeyTypeName) + ", " + element.DeclaredTypeName + "> item in " +
                           (sorted ? CanonicalOrder + ".Entries(value" + (keyName != null ? ", " + keyName : "") + ")" : "value") + ")");
                    w.Line("writer.WritePropertyName(" + (named ? keyName + "(item.Key)" : "item.Key") + ");");
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
