using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedTools.Analyzers
{
    /// <summary>TT2001-TT2004, TT2007: a tool's declared effect must match what its body does, and a waived confirmation must say why.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EffectsAnalyzer : ToolAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.NoEffectDeclared, Descriptors.StateChangeInReadOnlyTool, Descriptors.StateChangeNotDeclared, Descriptors.OwnHttpClient,
            Descriptors.ConfirmationWaivedWithoutJustification);

        private protected override void Register(CompilationStartAnalysisContext start, ToolModel model) =>
            RegisterToolBlockAction(start, model, (block, method, tool) => Analyze(block, method, tool, model));

        private static void Analyze(OperationBlockAnalysisContext context, IMethodSymbol method, AttributeData tool, ToolModel model)
        {
            string name = ToolModel.ToolName(method, tool);
            (bool readOnly, bool stateChanging, bool declared) = ToolModel.Effects(method, tool);
            if (!declared)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NoEffectDeclared, method.Locations[0], name));
            }
            if (method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "TypedTools.DestructiveAttribute") is AttributeData destructive &&
                ToolModel.Named(destructive, "Confirm") is false && string.IsNullOrWhiteSpace(ToolModel.Named(destructive, "Justification") as string))
            {
                Location location = destructive.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Locations[0];
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ConfirmationWaivedWithoutJustification, location, name));
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
