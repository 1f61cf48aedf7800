using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedTools.Analyzers
{
    /// <summary>TT2001-TT2004: a tool's declared effect must match what its body does.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EffectsAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.NoEffectDeclared, Descriptors.StateChangeInReadOnlyTool, Descriptors.StateChangeNotDeclared, Descriptors.OwnHttpClient);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                ToolModel? model = ToolModel.For(start.Compilation);
                if (model == null)
                {
                    return; // not a TypedTools project: nothing to check
                }
                start.RegisterOperationBlockAction(block => Analyze(block, model));
            });
        }

        private static void Analyze(OperationBlockAnalysisContext context, ToolModel model)
        {
            if (!(context.OwningSymbol is IMethodSymbol method) || !(model.ToolAttributeOf(method) is AttributeData tool))
            {
                return;
            }
            string name = ToolModel.ToolName(method, tool);
            (bool readOnly, bool stateChanging, bool declared) = ToolModel.Effects(method, tool);
            if (!declared)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NoEffectDeclared, method.Locations[0], name));
            }
            foreach (IOperation root in context.OperationBlocks)
            {
                foreach (IOperation operation in root.Descendants())
                {
                    if (operation is IInvocationOperation invocation && StateChangingApis.Describe(invocation.TargetMethod) is string api)
                    {
                        if (readOnly)
                        {
                            context.ReportDiagnostic(Diagnostic.Create(Descriptors.StateChangeInReadOnlyTool, invocation.Syntax.GetLocation(), name, api));
                        }
                        else if (!stateChanging && declared)
                        {
                            context.ReportDiagnostic(Diagnostic.Create(Descriptors.StateChangeNotDeclared, invocation.Syntax.GetLocation(), name, api));
                        }
                    }
                    else if (operation is IObjectCreationOperation creation && model.HttpClient != null &&
                             SymbolEqualityComparer.Default.Equals(creation.Type, model.HttpClient))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.OwnHttpClient, creation.Syntax.GetLocation(), name));
                    }
                }
            }
        }
    }
}
