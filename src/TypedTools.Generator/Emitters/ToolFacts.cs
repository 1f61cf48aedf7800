using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    /// <summary>
    /// Facts derived from a tool's model that both its code and its policy-manifest entry state (the runtime builds the
    /// tool's descriptor from that entry): worked out once, here, so the two cannot disagree.
    /// </summary>
    internal static class ToolFacts
    {
        /// <summary>The parameters bound from the call's JSON arguments, in order.</summary>
        public static IEnumerable<ParameterSpec> JsonParameters(ToolSpec tool) => tool.Parameters.Where(p => p.Source == ParameterSource.Json);

        /// <summary>The <c>[AllowedDomain]</c> parameters, in order: the descriptor's rules are listed, and read back, by this index.</summary>
        public static List<ParameterSpec> DomainParameters(ToolSpec tool) => JsonParameters(tool).Where(p => p.DomainGuard != null).ToList();

        /// <summary>The <c>[AllowedPath]</c> parameters, in order: the descriptor's path rules are listed, and read back, by this index.</summary>
        public static List<ParameterSpec> PathParameters(ToolSpec tool) => JsonParameters(tool).Where(p => p.PathGuard != null).ToList();

        /// <summary>The <c>[Secret]</c> parameters' names.</summary>
        public static IEnumerable<string> SecretParameters(ToolSpec tool) => JsonParameters(tool).Where(p => p.IsSecret).Select(p => p.Name);

        /// <summary>Whether any value of the tool's arguments can be a <c>[Destination]</c>.</summary>
        public static bool DeclaresDestinations(ToolSpec tool)
        {
            HashSet<string> holding = ObjectsHoldingDestinations(tool.InputObjects);
            return JsonParameters(tool).Any(p => p.IsDestination || HoldsDestinations(p.Type!, holding));
        }

        /// <summary>Whether values of <paramref name="type"/> can hold a [Destination] member (recursive types included).</summary>
        public static bool HoldsDestinations(TypeSpec type, HashSet<string> holding) => ObjectKey(type) is string key && holding.Contains(key);

        /// <summary>The input object types that hold a destination, directly or through members: a fixed point, so cycles are fine.</summary>
        public static HashSet<string> ObjectsHoldingDestinations(IEnumerable<ObjectSpec> inputObjects)
        {
            List<ObjectSpec> objects = inputObjects.ToList();
            var holding = new HashSet<string>(objects.Where(o => o.Members.Any(m => m.IsDestination)).Select(o => o.Key));
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (ObjectSpec spec in objects)
                {
                    if (!holding.Contains(spec.Key) && spec.Members.Any(m => ObjectKey(m.Type) is string key && holding.Contains(key)))
                    {
                        holding.Add(spec.Key);
                        changed = true;
                    }
                }
            }
            return holding;
        }

        /// <summary>The definition key of an object type, through any arrays and dictionaries; null for other types.</summary>
        private static string? ObjectKey(TypeSpec type)
        {
            while (type.IsCollection)
            {
                type = type.Element!;
            }
            return type.Kind == ValueKind.Object ? type.DefinitionKey : null;
        }
    }
}
