using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedTools.Analyzers
{
    /// <summary>
    /// The start every TypedTools analyzer shares: skip generated code, run concurrently, and register nothing
    /// (zero cost) in a compilation that does not reference TypedTools with the MCP SDK.
    /// </summary>
    public abstract class ToolAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (ToolModel.For(start.Compilation) is ToolModel model)
                {
                    Register(start, model);
                }
            });
        }

        /// <summary>Registers the analyzer's actions for a compilation that uses TypedTools.</summary>
        private protected abstract void Register(CompilationStartAnalysisContext start, ToolModel model);

        /// <summary>
        /// Runs <paramref name="action"/> on the operation blocks of tool methods only: the filter runs on the symbol,
        /// so the compiler builds no operation trees for the (many) other methods on this analyzer's account.
        /// </summary>
        private protected static void RegisterToolBlockAction(CompilationStartAnalysisContext start, ToolModel model,
            Action<OperationBlockAnalysisContext, IMethodSymbol, AttributeData> action, Func<IMethodSymbol, bool>? needsBody = null) =>
            start.RegisterSymbolStartAction(symbol =>
            {
                // needsBody: a cheaper filter on the symbol, for an analyzer that reads the body of some tools only.
                if (symbol.Symbol is IMethodSymbol method && model.ToolAttributeOf(method) is AttributeData tool && (needsBody == null || needsBody(method)))
                {
                    symbol.RegisterOperationBlockAction(block => action(block, method, tool));
                }
            }, SymbolKind.Method);
    }
}
