using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace TypedTools.CodeFixes
{
    /// <summary>
    /// The shape every TypedTools fix shares: for each diagnostic, find the enclosing <typeparamref name="TNode"/>
    /// (the parameter, attribute, method or expression it is about) and offer the fix's actions on it. Fix-all
    /// uses the batch fixer, so each action must only edit near its own node.
    /// </summary>
    public abstract class NodeFix<TNode> : CodeFixProvider
        where TNode : SyntaxNode
    {
        private protected NodeFix(params string[] diagnosticIds) => FixableDiagnosticIds = ImmutableArray.Create(diagnosticIds);

        /// <inheritdoc />
        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        /// <inheritdoc />
        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<TNode>() is TNode node)
                {
                    foreach (CodeAction action in await OfferAsync(context.Document, root, node, diagnostic, context.CancellationToken).ConfigureAwait(false))
                    {
                        context.RegisterCodeFix(action, diagnostic);
                    }
                }
            }
        }

        /// <summary>The actions for one diagnostic on <paramref name="node"/>; none when the fix does not apply.</summary>
        private protected virtual IEnumerable<CodeAction> Offer(Document document, SyntaxNode root, TNode node, Diagnostic diagnostic) => Enumerable.Empty<CodeAction>();

        /// <summary>
        /// The same for fixes that must look at the semantic model before they know whether they apply (an action
        /// once registered cannot be withdrawn); by default, <see cref="Offer"/>.
        /// </summary>
        private protected virtual Task<IEnumerable<CodeAction>> OfferAsync(Document document, SyntaxNode root, TNode node, Diagnostic diagnostic,
            CancellationToken cancellationToken) => Task.FromResult(Offer(document, root, node, diagnostic));
    }
}
