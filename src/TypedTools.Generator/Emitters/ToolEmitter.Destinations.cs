using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    // CollectDestinations: the values marked [Destination], at any depth of the arguments, for the flow rules.
    internal sealed partial class ToolEmitter
    {
        private const string Destinations = "global::TypedTools.Policy.Flow.Destinations";

        private HashSet<string>? _holdsDestinations;

        private void EmitCollectDestinations(SourceWriter w)
        {
            if (!_declaresDestinations)
            {
                return;
            }
            w.Open("private static void " + Prefix + "_Destinations(in " + ArgumentsType + " arguments, global::System.Collections.Generic.List<string> destinations)");
            foreach (ParameterSpec p in JsonParameters)
            {
                EmitCollect(w, p.Type!, Field(p), p.IsDestination);
            }
            w.Close();
            w.Line();
        }

        private void EmitCollect(SourceWriter w, TypeSpec type, string value, bool isDestination)
        {
            if (isDestination)
            {
                if (type.Kind == ValueKind.Map || type.IsNullableValueType)
                {
                    // A dictionary's destinations are its values (its keys are names, as a record's are); an ImmutableArray<T>?
                    // holds some only when present. Both from a local that is not null: a FrozenDictionary's Values is an
                    // ImmutableArray, a struct, so `?.Values` would be a Nullable that no Add takes.
                    string present = "v" + _temp++;
                    w.Open("if (" + value + " is { } " + present + ")");
                    w.Line(Destinations + ".Add(destinations, " + present + (type.Kind == ValueKind.Map ? ".Values" : "") + ");");
                    w.Close();
                    return;
                }
                w.Line(Destinations + ".Add(destinations, " + value + ");");
                return;
            }
            if (!HoldsDestinations(type))
            {
                return;
            }
            string item = "v" + _temp++;
            if (type.IsCollection)
            {
                // An array's items, or a dictionary's values.
                w.Open("if (" + value + " is { } " + item + "_list)");
                w.Open("foreach (" + type.Element!.DeclaredTypeName + " " + item + " in " + item + "_list" + (type.Kind == ValueKind.Map ? ".Values" : "") + ")");
                EmitCollect(w, type.Element, item, false);
                w.Close();
                w.Close();
                return;
            }
            w.Open("if (" + value + " is { } " + item + ")");
            w.Line(DestinationCollector(type) + "(" + item + ", destinations);");
            w.Close();
        }

        private string DestinationCollector(TypeSpec type) =>
            LocalHelper("Destinations_" + TypeKey(type), (w, name) =>
            {
                ObjectSpec spec = _inputObjects[type.TypeName];
                w.Line("// Adds the [Destination] values inside " + Comment(spec.TypeName) + ".");
                w.Open("private static void " + name + "(" + spec.TypeName + " value, global::System.Collections.Generic.List<string> destinations)");
                foreach (MemberSpec member in spec.Members)
                {
                    EmitCollect(w, member.Type, "value.@" + member.ClrName, member.IsDestination);
                }
                w.Close();
            });

        private bool HoldsDestinations(TypeSpec type) => ToolFacts.HoldsDestinations(type, _holdsDestinations ??= ToolFacts.ObjectsHoldingDestinations(_inputObjects.Values));
    }
}
