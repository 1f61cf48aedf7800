using Microsoft.CodeAnalysis;

namespace TypedTools.Generator.Helpers
{
    /// <summary>
    /// Compares a symbol's full name with a dotted name without building its text: <c>ToDisplayString()</c> allocates and
    /// walks Roslyn's display machinery, and the parser asks "is this attribute X?" several times for every parameter
    /// of every tool (a tenth of the generator's run on 1,000 tools went to building names only to compare them).
    /// </summary>
    internal static class SymbolNames
    {
        /// <summary>
        /// Whether <paramref name="symbol"/> is the namespace or the type named <paramref name="fullName"/> (namespaces and
        /// containing types, dot-separated, as <c>ToDisplayString()</c> writes a non-generic type). A type must have
        /// <paramref name="arity"/> type parameters (0: not generic), whose names the full name leaves out.
        /// </summary>
        public static bool Is(ISymbol? symbol, string fullName, int arity = 0)
        {
            if (symbol is null || symbol is INamedTypeSymbol named && named.Arity != arity)
            {
                return false;
            }
            int end = fullName.Length;
            for (ISymbol? part = symbol; part is not null && !(part is INamespaceSymbol { IsGlobalNamespace: true }); part = part.ContainingSymbol)
            {
                string name = part.Name;
                int start = end - name.Length;
                if (start < 0 || string.CompareOrdinal(fullName, start, name, 0, name.Length) != 0)
                {
                    return false;
                }
                if (start == 0)
                {
                    return part.ContainingSymbol is null or INamespaceSymbol { IsGlobalNamespace: true };
                }
                if (fullName[start - 1] != '.')
                {
                    return false;
                }
                end = start - 1;
            }
            return false;
        }

        /// <summary>The one of <paramref name="fullNames"/> that <paramref name="symbol"/> is (see <see cref="Is"/>), or null.</summary>
        public static string? OneOf(ISymbol? symbol, string[] fullNames, int arity = 0)
        {
            foreach (string name in fullNames)
            {
                if (Is(symbol, name, arity))
                {
                    return name;
                }
            }
            return null;
        }
    }
}
