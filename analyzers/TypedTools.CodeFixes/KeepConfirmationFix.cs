using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedTools.Analyzers;

namespace TypedTools.CodeFixes
{
    /// <summary>TT2007: keep the confirmation (remove <c>Confirm = false</c> and the blank justification); the safe repair.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepConfirmationFix)), Shared]
    public sealed class KeepConfirmationFix : NodeFix<AttributeSyntax>
    {
        /// <summary>Creates the fix.</summary>
        public KeepConfirmationFix()
            : base(Descriptors.ConfirmationWaivedWithoutJustification.Id)
        {
        }

        private protected override IEnumerable<CodeAction> Offer(Document document, SyntaxNode root, AttributeSyntax node, Diagnostic diagnostic)
        {
            if (node.ArgumentList is AttributeArgumentListSyntax arguments)
            {
                yield return CodeAction.Create("Keep the confirmation", _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(node, Keep(node, arguments)))),
                    equivalenceKey: nameof(KeepConfirmationFix));
            }
        }

        private static AttributeSyntax Keep(AttributeSyntax attribute, AttributeArgumentListSyntax arguments)
        {
            SeparatedSyntaxList<AttributeArgumentSyntax> kept = SyntaxFactory.SeparatedList(arguments.Arguments
                .Where(a => a.NameEquals?.Name.Identifier.ValueText is not ("Confirm" or "Justification")));
            return kept.Count == 0 ? attribute.WithArgumentList(null) : attribute.WithArgumentList(arguments.WithArguments(kept));
        }
    }
}
