using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedTools.Analyzers
{
    /// <summary>
    /// TT1003: a tool parameter of an untyped kind (<c>object</c>, <c>dynamic</c>, <c>JsonElement</c>, <c>JsonNode</c>,
    /// a string-to-object dictionary). When every use in the body reads it as one type, the diagnostic carries that
    /// type for the code fix.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UntypedParameterAnalyzer : ToolAnalyzer
    {
        /// <summary>The diagnostic property holding the type the uses agree on.</summary>
        public const string InferredType = "InferredType";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UntypedParameter);

        // Only a tool with an untyped parameter has its body read (for the type its uses agree on): the others cost no operation tree.
        private protected override void Register(CompilationStartAnalysisContext start, ToolModel model) =>
            RegisterToolBlockAction(start, model, (block, method, _) => Analyze(block, method), needsBody: method => method.Parameters.Any(IsUntypedArgument));

        private static void Analyze(OperationBlockAnalysisContext context, IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (!IsUntypedArgument(parameter))
                {
                    continue;
                }
                ITypeSymbol? inferred = UntypedUses.Infer(parameter, context.OperationBlocks)?.Type;
                string type = parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
                string hint = inferred != null
                    ? "; its uses read it as " + inferred.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ", so take that type"
                    : "; take a primitive, an enum, a list or a record with typed members";
                ImmutableDictionary<string, string?> properties = inferred == null ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(InferredType, inferred.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UntypedParameter, parameter.Locations[0], properties, parameter.Name, type, hint));
            }
        }

        /// <summary>
        /// A parameter the model fills with untyped JSON. Not ToolModel.JsonParameters: that takes abstract types (JsonNode) for
        /// services, and untyped JSON is never a service.
        /// </summary>
        private static bool IsUntypedArgument(IParameterSymbol parameter) => IsUntyped(parameter.Type) && !ToolModel.IsBoundByAttribute(parameter);

        /// <summary>The types that carry no JSON shape: anything goes in, so nothing can be validated.</summary>
        public static bool IsUntyped(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }
            if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
            {
                return true;
            }
            string name = type.OriginalDefinition.ToDisplayString();
            if (name is "System.Text.Json.JsonElement" or "System.Text.Json.JsonDocument" or "System.Text.Json.Nodes.JsonNode" or "System.Text.Json.Nodes.JsonObject"
                or "System.Text.Json.Nodes.JsonArray" or "System.Text.Json.Nodes.JsonValue")
            {
                return true;
            }
            return type is INamedTypeSymbol { IsGenericType: true } generic && generic.TypeArguments.Length == 2 &&
                   (name.StartsWith("System.Collections.Generic.Dictionary<", System.StringComparison.Ordinal) ||
                    name.StartsWith("System.Collections.Generic.IDictionary<", System.StringComparison.Ordinal) ||
                    name.StartsWith("System.Collections.Generic.IReadOnlyDictionary<", System.StringComparison.Ordinal)) &&
                   IsUntyped(generic.TypeArguments[1]);
        }
    }

    /// <summary>
    /// Reads an untyped parameter's uses: each must turn it into one type (a cast, <c>GetString()</c>, <c>GetInt32()</c>,
    /// <c>GetValue&lt;T&gt;()</c>, <c>ToString()</c>, <c>Convert.ToInt32(...)</c>). Shared by the analyzer and the code fix.
    /// </summary>
    internal static class UntypedUses
    {
        /// <summary>The type every use agrees on and the operations that convert (the fix replaces each with the parameter); null when the uses disagree or do more.</summary>
        public static (ITypeSymbol Type, IReadOnlyList<IOperation> Conversions)? Infer(IParameterSymbol parameter, IEnumerable<IOperation> blocks)
        {
            ITypeSymbol? agreed = null;
            var conversions = new List<IOperation>();
            foreach (IParameterReferenceOperation reference in blocks.SelectMany(b => b.DescendantsAndSelf()).OfType<IParameterReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                {
                    continue;
                }
                if (!(Conversion(reference) is (IOperation conversion, ITypeSymbol type)) || type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic ||
                    agreed != null && !SymbolEqualityComparer.Default.Equals(agreed, type))
                {
                    return null;
                }
                agreed = type;
                conversions.Add(conversion);
            }
            return agreed == null ? ((ITypeSymbol, IReadOnlyList<IOperation>)?)null : (agreed, conversions);
        }

        private static (IOperation, ITypeSymbol)? Conversion(IParameterReferenceOperation reference)
        {
            IOperation? parent = reference.Parent;
            if (parent is IConversionOperation { IsImplicit: false, IsTryCast: false } cast)
            {
                return (cast, NotNullable(cast.Type!));
            }
            if (parent is IInvocationOperation invocation && invocation.Instance == reference && invocation.Arguments.Length == 0)
            {
                IMethodSymbol target = invocation.TargetMethod;
                string owner = target.ContainingType.ToDisplayString();
                bool reads = owner == "System.Text.Json.JsonElement" && target.Name.StartsWith("Get", System.StringComparison.Ordinal) && target.Name != "GetRawText" &&
                             target.Name != "GetProperty" && !target.Name.StartsWith("GetArray", System.StringComparison.Ordinal) ||
                             owner == "System.Text.Json.Nodes.JsonNode" && target.Name == "GetValue" ||
                             target.Name == "ToString" && reference.Parameter.Type.SpecialType == SpecialType.System_Object;
                return reads ? (invocation, NotNullable(target.ReturnType)) : ((IOperation, ITypeSymbol)?)null;
            }
            if (parent is IArgumentOperation { Parent: IInvocationOperation call } && call.Arguments.Length == 1 &&
                call.TargetMethod.ContainingType.ToDisplayString() == "System.Convert" && call.TargetMethod.Name.StartsWith("To", System.StringComparison.Ordinal))
            {
                return (call, NotNullable(call.TargetMethod.ReturnType));
            }
            return null;
        }

        private static ITypeSymbol NotNullable(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
    }
}
