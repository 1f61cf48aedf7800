using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedTools.Analyzers;

namespace TypedTools.CodeFixes
{
    /// <summary>TT1003: give an untyped parameter the one type its uses read it as, and drop those conversions.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseInferredTypeFix)), Shared]
    public sealed class UseInferredTypeFix : NodeFix<ParameterSyntax>
    {
        /// <summary>Creates the fix.</summary>
        public UseInferredTypeFix()
            : base(Descriptors.UntypedParameter.Id)
        {
        }

        private protected override IEnumerable<CodeAction> Offer(Document document, SyntaxNode root, ParameterSyntax node, Diagnostic diagnostic)
        {
            if (diagnostic.Properties.TryGetValue(UntypedParameterAnalyzer.InferredType, out string? type) && type != null)
            {
                string shown = type.StartsWith("global::", System.StringComparison.Ordinal) ? type.Substring("global::".Length) : type;
                yield return CodeAction.Create("Take the parameter as " + shown, ct => RetypeAsync(document, root, node, ct), equivalenceKey: nameof(UseInferredTypeFix));
            }
        }

        private static async Task<Document> RetypeAsync(Document document, SyntaxNode root, ParameterSyntax parameter, CancellationToken cancellationToken)
        {
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetDeclaredSymbol(parameter, cancellationToken) is not IParameterSymbol symbol || parameter.Type == null ||
                parameter.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() is not BaseMethodDeclarationSyntax method ||
                model.GetOperation(method, cancellationToken) is not IOperation body ||
                UntypedUses.Infer(symbol, new[] { body }) is not (ITypeSymbol type, var conversions))
            {
                return document; // the body changed since the diagnostic: nothing to do
            }
            TypeSyntax typed = SyntaxFactory.ParseTypeName(type.ToMinimalDisplayString(model, parameter.SpanStart)).WithTriviaFrom(parameter.Type);
            var replacements = conversions.Select(c => c.Syntax).ToDictionary(s => s,
                s => (SyntaxNode)SyntaxFactory.IdentifierName(parameter.Identifier.ValueText).WithTriviaFrom(s));
            replacements[parameter.Type] = typed;
            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }
    }
}
