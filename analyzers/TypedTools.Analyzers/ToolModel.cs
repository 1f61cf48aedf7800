using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedTools.Analyzers
{
    /// <summary>The symbols the analyzers look for, resolved once per compilation; null when TypedTools is not referenced (nothing to check).</summary>
    internal sealed class ToolModel
    {
        private ToolModel(Compilation compilation, INamedTypeSymbol toolAttribute)
        {
            ToolAttribute = toolAttribute;
            Uri = compilation.GetTypeByMetadataName("System.Uri");
            FileInfo = compilation.GetTypeByMetadataName("System.IO.FileInfo");
            DirectoryInfo = compilation.GetTypeByMetadataName("System.IO.DirectoryInfo");
            HttpClient = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
        }

        public INamedTypeSymbol ToolAttribute { get; }

        public INamedTypeSymbol? Uri { get; }

        public INamedTypeSymbol? FileInfo { get; }

        public INamedTypeSymbol? DirectoryInfo { get; }

        public INamedTypeSymbol? HttpClient { get; }

        /// <summary>The model, or null when the compilation does not use TypedTools with the MCP SDK.</summary>
        public static ToolModel? For(Compilation compilation)
        {
            INamedTypeSymbol? tool = compilation.GetTypeByMetadataName("ModelContextProtocol.Server.McpServerToolAttribute");
            return tool != null && compilation.GetTypeByMetadataName("TypedTools.ReadOnlyAttribute") != null ? new ToolModel(compilation, tool) : null;
        }

        public AttributeData? ToolAttributeOf(IMethodSymbol method) =>
            method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, ToolAttribute));

        public static bool Has(ISymbol symbol, string metadataName) =>
            symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

        public static object? Named(AttributeData attribute, string name)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                {
                    return argument.Value.Value;
                }
            }
            return null;
        }

        /// <summary>The constructor arguments with <c>params</c> arrays flattened (the patterns of <c>[AllowedDomain("a", "b")]</c>).</summary>
        public static IEnumerable<TypedConstant> ConstructorValues(AttributeData attribute) =>
            attribute.ConstructorArguments.SelectMany(a => a.Kind == TypedConstantKind.Array ? a.Values : ImmutableArray.Create(a));

        public static string ToolName(IMethodSymbol method, AttributeData tool) =>
            Named(tool, "Name") as string ?? TypedTools.Shared.ToolNames.DefaultToolName(method.Name, ReturnsTask(method));

        /// <summary>Whether the method returns a <c>Task</c> or <c>ValueTask</c>, whose "Async" suffix its default tool name drops.</summary>
        private static bool ReturnsTask(IMethodSymbol method) =>
            method.ReturnType is INamedTypeSymbol type && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks" && type.Name is "Task" or "ValueTask";

        /// <summary>Parameters whose values come from the model's JSON (not services, context or identity).</summary>
        public static IEnumerable<IParameterSymbol> JsonParameters(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (IsBoundByAttribute(parameter))
                {
                    continue;
                }
                ITypeSymbol type = parameter.Type;
                if (type.TypeKind == TypeKind.Interface && !(type is INamedTypeSymbol named && named.IsGenericType) || type.IsAbstract && type.TypeKind == TypeKind.Class ||
                    type.ToDisplayString() is "System.Threading.CancellationToken" or "ModelContextProtocol.Server.McpServer" or "System.Security.Claims.ClaimsPrincipal" or "System.IServiceProvider" ||
                    type.ToDisplayString().StartsWith("ModelContextProtocol.Server.RequestContext<", System.StringComparison.Ordinal) ||
                    type.ToDisplayString().StartsWith("System.IProgress<", System.StringComparison.Ordinal))
                {
                    continue;
                }
                yield return parameter;
            }
        }

        /// <summary>Whether an attribute binds the parameter from the caller's claims or from services rather than from the model's JSON.</summary>
        public static bool IsBoundByAttribute(IParameterSymbol parameter) =>
            Has(parameter, "TypedTools.FromClaimAttribute") || Has(parameter, "Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute") ||
            Has(parameter, "Microsoft.AspNetCore.Mvc.FromServicesAttribute") || Has(parameter, "Microsoft.Extensions.DependencyInjection.FromServicesAttribute");

        /// <summary>Whether the tool declares what it does (TypedTools' effect attributes or the SDK attribute's hints).</summary>
        public static (bool ReadOnly, bool StateChanging, bool Declared) Effects(IMethodSymbol method, AttributeData tool)
        {
            bool readOnly = Has(method, "TypedTools.ReadOnlyAttribute") || Named(tool, "ReadOnly") is true;
            bool destructive = Has(method, "TypedTools.DestructiveAttribute") || Named(tool, "Destructive") is true;
            bool stateChanging = destructive || Has(method, "TypedTools.RequiresConfirmationAttribute") || Has(method, "TypedTools.SendsExternallyAttribute") ||
                                 Has(method, "TypedTools.AnnotatesAttribute");
            bool declared = readOnly || destructive || Named(tool, "Destructive") is false || Has(method, "TypedTools.RequiresConfirmationAttribute");
            return (readOnly, stateChanging, declared);
        }

        public static ImmutableArray<Location> Locations(params Location?[] locations) =>
            locations.Where(l => l != null).Select(l => l!).ToImmutableArray();
    }
}
