using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>
/// Generated code stays free of reflection and of APIs that trimming or Native AOT cannot see through: every symbol
/// the generated trees use is checked, for the sample server's tools and the runtime tests' tools (every shape,
/// policy and preview the generator supports). The Native AOT publish in CI checks the runtime's paths the same way.
/// </summary>
public sealed class ReflectionFreeTests
{
    private static readonly string s_repository = Path.GetFullPath(Path.Combine(
        typeof(ReflectionFreeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BaselineDirectory").Value!, "..", "..", ".."));

    private static readonly string[] s_reflectionTypeMembers =
        ["GetType", "GetMethod", "GetMethods", "GetProperty", "GetProperties", "GetField", "GetFields", "GetMember", "GetMembers", "GetConstructor",
         "GetConstructors", "MakeGenericType", "MakeArrayType", "InvokeMember", "GetInterface", "GetInterfaces", "GetCustomAttributes", "GetCustomAttribute"];

    /// <summary>Why a symbol may not appear in generated code, or null when it may.</summary>
    private static string? Problem(ISymbol symbol)
    {
        string? ns = symbol.ContainingNamespace?.ToDisplayString();
        string? type = symbol.ContainingType?.ToDisplayString();
        if (ns != null && ns.StartsWith("System.Reflection", StringComparison.Ordinal) || symbol is ITypeSymbol t && t.ContainingNamespace?.ToDisplayString().StartsWith("System.Reflection", StringComparison.Ordinal) == true)
        {
            return "reflection";
        }
        if (type is "System.Activator" || type is "System.Type" && s_reflectionTypeMembers.Contains(symbol.Name) || symbol.Name == "GetType" && symbol is IMethodSymbol { Parameters.Length: 0 })
        {
            return "reflection over types";
        }
        if (type is "System.Text.Json.JsonSerializer" && symbol is IMethodSymbol method && !method.Parameters.Any(p => p.Type.Name is "JsonTypeInfo" or "JsonSerializerContext"))
        {
            return "JsonSerializer without source-generated type information";
        }
        return symbol.GetAttributes().Select(a => a.AttributeClass?.Name)
            .FirstOrDefault(n => n is "RequiresUnreferencedCodeAttribute" or "RequiresDynamicCodeAttribute" or "RequiresAssemblyFilesAttribute");
    }

    [Fact]
    public void Generated_code_uses_no_reflection_and_nothing_trimming_or_AOT_cannot_follow()
    {
        string[] sources = Directory.GetFiles(Path.Combine(s_repository, "tests", "TypedTools.Tests", "Tools"), "*.cs")
            .Concat(Directory.GetFiles(Path.Combine(s_repository, "samples", "Workspace.Server"), "*.cs"))
            .Select(File.ReadAllText).Append(Sources.Workspace).ToArray();
        var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile(sources));
        var generated = output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();
        int factories = generated.Sum(t => t.GetRoot(TestContext.Current.CancellationToken).DescendantNodes()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Count(m => m.Identifier.ValueText.EndsWith("_Tool", StringComparison.Ordinal)));
        Assert.True(factories > 20, $"expected the tools to be generated, got {factories} in {generated.Count} files");

        var problems = new List<string>();
        int checkedSymbols = 0;
        foreach (SyntaxTree tree in generated)
        {
            SemanticModel model = output.GetSemanticModel(tree);
            foreach (SyntaxNode node in tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes())
            {
                IOperation? operation = model.GetOperation(node, TestContext.Current.CancellationToken);
                ISymbol? used = operation switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    IMemberReferenceOperation member => member.Member,
                    ITypeOfOperation typeOf => typeOf.TypeOperand,
                    _ => null,
                };
                if (used != null && operation!.Syntax == node)
                {
                    checkedSymbols++;
                    if (Problem(used) is string problem)
                    {
                        problems.Add($"{Path.GetFileName(tree.FilePath)}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {used.ToDisplayString()} ({problem})");
                    }
                }
            }
        }
        // A floor that shows the walk reached the code (each tool's definition is data, read by the runtime's ToolDefinition).
        Assert.True(checkedSymbols > 500, $"only {checkedSymbols} uses were checked");
        Assert.Empty(problems);
    }

    [Fact]
    public void The_check_recognises_reflection_when_it_is_there()
    {
        var compilation = GeneratorHarness.Compile("""
            public static class C
            {
                public static object? M(object o) => o.GetType().GetMethod("ToString")?.Invoke(o, null);
                public static string S(object o) => System.Text.Json.JsonSerializer.Serialize(o);
            }
            """);
        SemanticModel model = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
        var found = compilation.SyntaxTrees[0].GetRoot(TestContext.Current.CancellationToken).DescendantNodes().Select(n => model.GetOperation(n, TestContext.Current.CancellationToken)).OfType<IInvocationOperation>()
            .Select(i => Problem(i.TargetMethod)).Where(p => p != null).ToList();
        Assert.Contains("reflection over types", found);
        Assert.Contains("reflection", found);
        Assert.Contains("JsonSerializer without source-generated type information", found);
    }
}
