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
            if (isDestination && type.Kind != ValueKind.Map && !type.IsNullableValueType)
            {
                w.Line(Destinations + ".Add(destinations, " + value + ");");
                return;
            }
            if (!isDestination && !HoldsDestinations(type))
            {
                return;
            }
            string item = "v" + _temp++;
            w.Open("if (" + value + " is { } " + item + ")");
            if (isDestination)
            {
                // A dictionary's values, or an ImmutableArray<T>? that is present, taken from the local (not `?.Values`: a
                // FrozenDictionary's Values is an ImmutableArray, a struct, and its Nullable is no collection Add takes).
                w.Line(Destinations + ".Add(destinations, " + Held(type, item) + ");");
            }
            else if (type.IsCollection)
            {
                w.Open("foreach (" + type.Element!.DeclaredTypeName + " " + item + "_item in " + Held(type, item) + ")");
                EmitCollect(w, type.Element, item + "_item", false);
                w.Close();
            }
            else
            {
                w.Line(DestinationCollector(type) + "(" + item + ", destinations);");
            }
            w.Close();
        }

        /// <summary>What a collection in <paramref name="local"/> holds: an array's items, a dictionary's values (its keys are names, as a record's are).</summary>
        private static string Held(TypeSpec type, string local) => type.Kind == ValueKind.Map ? local + ".Values" : local;

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
