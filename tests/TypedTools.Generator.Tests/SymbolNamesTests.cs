using Microsoft.CodeAnalysis;
using TypedTools.Generator.Helpers;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>
/// The parser compares symbols with names through <see cref="SymbolNames.Is"/> instead of building their display
/// strings. Checked against <c>ToDisplayString()</c> on every namespace and type of the reference assemblies (and nested
/// and global-namespace types of a source): it must say yes to exactly the name the display string gives.
/// </summary>
public sealed class SymbolNamesTests
{
    private const string Source = """
        public sealed class Outer { public sealed class Inner { } public sealed class Generic<T> { } }
        namespace System { public sealed class Local { } }
        namespace A.System.Text { public sealed class Json { } }
        """;

    [Fact]
    public void A_name_matches_exactly_what_the_display_string_says()
    {
        Compilation compilation = GeneratorHarness.Compile(Source);
        int namespaces = 0, types = 0, generics = 0;
        foreach (INamespaceOrTypeSymbol symbol in All(compilation.GlobalNamespace))
        {
            if (symbol is INamespaceSymbol { IsGlobalNamespace: true })
            {
                Assert.False(SymbolNames.Is(symbol, ""));
                continue;
            }
            if (symbol is INamedTypeSymbol { Arity: > 0 } generic)
            {
                // A generic definition: its display name without the type parameters, with its arity.
                // (Nullable<T> and the value tuples display as T? and (T1, T2): no name to compare.)
                string display = generic.ToDisplayString();
                string name = display.Contains('<') ? display[..display.LastIndexOf('<')] : "<";
                if (!name.Contains('<'))
                {
                    Assert.True(SymbolNames.Is(generic, name, generic.Arity), name);
                    Assert.False(SymbolNames.Is(generic, name), name + " (arity 0)");
                    generics++;
                }
                continue;
            }
            if (symbol is INamedTypeSymbol { SpecialType: not SpecialType.None })
            {
                continue; // shown as a keyword (string, int): no parser name is one
            }
            string full = symbol.ToDisplayString();
            if (full.Contains('<'))
            {
                continue; // nested in a generic type
            }
            _ = symbol is INamespaceSymbol ? namespaces++ : types++;
            Assert.True(SymbolNames.Is(symbol, full), full);
            // Any other name is not it: one character more or less at either end, a dropped or a foreign namespace.
            Assert.False(SymbolNames.Is(symbol, full + "x"), full + "x");
            Assert.False(SymbolNames.Is(symbol, full[1..]), full[1..]);
            Assert.False(SymbolNames.Is(symbol, "x" + full), "x" + full);
            Assert.False(SymbolNames.Is(symbol, "Other." + full), "Other." + full);
            int dot = full.IndexOf('.');
            if (dot > 0)
            {
                Assert.False(SymbolNames.Is(symbol, full[(dot + 1)..]), full[(dot + 1)..]);
            }
        }
        // The walk covered the reference assemblies, not a handful of types.
        Assert.True(namespaces > 100 && types > 3_000 && generics > 200, $"{namespaces} namespaces, {types} types, {generics} generic types");

        INamedTypeSymbol inner = compilation.GetTypeByMetadataName("Outer+Inner")!;
        Assert.True(SymbolNames.Is(inner, "Outer.Inner"));
        Assert.False(SymbolNames.Is(inner, "Inner"));
        Assert.True(SymbolNames.Is(compilation.GetTypeByMetadataName("System.Local")!, "System.Local"));
        Assert.False(SymbolNames.Is(compilation.GetTypeByMetadataName("A.System.Text.Json")!.ContainingNamespace, "System.Text"));
        Assert.False(SymbolNames.Is(null, "System.Uri"));

        // OneOf names the one that matches.
        INamedTypeSymbol list = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1")!;
        Assert.Equal("System.Collections.Generic.List", SymbolNames.OneOf(list, ["System.Collections.Generic.IList", "System.Collections.Generic.List"], arity: 1));
        Assert.Null(SymbolNames.OneOf(list, ["System.Collections.Generic.List"]));
    }

    private static IEnumerable<INamespaceOrTypeSymbol> All(INamespaceSymbol root)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>([root]);
        while (pending.Count > 0)
        {
            INamespaceOrTypeSymbol next = pending.Pop();
            yield return next;
            foreach (ISymbol member in next.GetMembers())
            {
                if (member is INamespaceOrTypeSymbol child)
                {
                    pending.Push(child);
                }
            }
        }
    }
}
