using System.Collections.Generic;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using TypedTools.Analyzers;

namespace TypedTools.CodeFixes
{
    /// <summary>
    /// TT2004: replace a tool's own <c>HttpClient</c> local with a <c>GuardedHttpClient</c> parameter, and each call on it
    /// with the guarded call that takes the URL's rule: the <c>[AllowedDomain]</c> of the parameter the URL comes from,
    /// or the host of a constant URL. Offered only when every use can be carried over exactly: the local is only
    /// called with <c>GetStringAsync</c>, or with <c>GetAsync</c>/<c>PostAsync</c>/<c>PutAsync</c>/<c>PatchAsync</c>/<c>DeleteAsync</c>
    /// whose response is not read (the guarded client answers with its own response type).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseGuardedHttpClientFix)), Shared]
    public sealed class UseGuardedHttpClientFix : NodeFix<BaseObjectCreationExpressionSyntax>
    {
        private const string Title = "Take GuardedHttpClient instead";

        /// <summary>Creates the fix.</summary>
        public UseGuardedHttpClientFix()
            : base(Descriptors.OwnHttpClient.Id)
        {
        }

        private protected override async Task<IEnumerable<CodeAction>> OfferAsync(Document document, SyntaxNode root, BaseObjectCreationExpressionSyntax node,
            Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            Document? rewritten = await RewriteAsync(document, node, cancellationToken).ConfigureAwait(false);
            return rewritten == null ? Enumerable.Empty<CodeAction>()
                : new[] { CodeAction.Create(Title, _ => Task.FromResult(rewritten), equivalenceKey: nameof(UseGuardedHttpClientFix)) };
        }

        /// <summary>The rewritten document, or null when some use of the client cannot be carried over exactly.</summary>
        private static async Task<Document?> RewriteAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
        {
            if (!(creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } } declarator }))
            {
                return null; // not a local of its own (a field, an argument, one of several declarators)
            }
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model == null || !(model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local) ||
                !(statement.FirstAncestorOrSelf<MethodDeclarationSyntax>() is MethodDeclarationSyntax method) ||
                !(model.GetOperation(method, cancellationToken) is IOperation body))
            {
                return null;
            }
            var calls = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (ILocalReferenceOperation reference in body.Descendants().OfType<ILocalReferenceOperation>().Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local)))
            {
                if (!(reference.Parent is IInvocationOperation invocation) || invocation.Instance != reference ||
                    !(invocation.Syntax is InvocationExpressionSyntax syntax) || !(Guarded(invocation, syntax, model, cancellationToken) is SyntaxNode guarded))
                {
                    return null;
                }
                calls[syntax] = guarded;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (KeyValuePair<SyntaxNode, SyntaxNode> call in calls)
            {
                editor.ReplaceNode(call.Key, call.Value.WithTriviaFrom(call.Key));
            }
            editor.RemoveNode(statement);
            // Before optional parameters and the CancellationToken, which must stay last.
            int index = method.ParameterList.Parameters.TakeWhile(p => p.Default == null && model.GetDeclaredSymbol(p, cancellationToken)?.Type.ToDisplayString() !=
                                                                       "System.Threading.CancellationToken").Count();
            editor.ReplaceNode(method.ParameterList, (list, _) => WithParameter((ParameterListSyntax)list, index, local.Name));
            SyntaxNode root = editor.GetChangedRoot();
            root = Usings.Ensure((CompilationUnitSyntax)root, "System.Net.Http", "TypedTools.Policy.Network");
            return document.WithSyntaxRoot(root);
        }

        /// <summary>The list with <c>GuardedHttpClient name</c> inserted at <paramref name="index"/>, spaced like its neighbours.</summary>
        private static ParameterListSyntax WithParameter(ParameterListSyntax list, int index, string name)
        {
            SeparatedSyntaxList<ParameterSyntax> parameters = list.Parameters;
            ParameterSyntax added = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
                .WithType(SyntaxFactory.ParseTypeName("GuardedHttpClient").WithTrailingTrivia(SyntaxFactory.Space))
                .WithLeadingTrivia(index < parameters.Count ? parameters[index].GetLeadingTrivia() : default);
            var nodes = parameters.ToList();
            nodes.Insert(index, added);
            // The new comma copies the one before the insertion point (a line break stays a line break).
            var separators = parameters.GetSeparators().ToList();
            separators.Insert(System.Math.Min(index, separators.Count),
                index > 0 && index <= separators.Count ? separators[index - 1] : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            return list.WithParameters(SyntaxFactory.SeparatedList(nodes, separators.Take(nodes.Count - 1)));
        }

        /// <summary>The guarded form of one call on the client, or null when it has none.</summary>
        private static SyntaxNode? Guarded(IInvocationOperation invocation, InvocationExpressionSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
        {
            if (invocation.TargetMethod.ContainingType.ToDisplayString() != "System.Net.Http.HttpClient" || syntax.ArgumentList.Arguments.Any(a => a.NameColon != null) ||
                !(syntax.Expression is MemberAccessExpressionSyntax access))
            {
                return null;
            }
            SeparatedSyntaxList<ArgumentSyntax> arguments = syntax.ArgumentList.Arguments;
            string name = invocation.TargetMethod.Name;
            bool hasContent = name is "PostAsync" or "PutAsync" or "PatchAsync";
            bool readsResponse = !(syntax.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax }) && !(syntax.Parent is ExpressionStatementSyntax);
            if (!(name is "GetStringAsync" || !readsResponse && (name is "GetAsync" or "DeleteAsync" || hasContent)) ||
                arguments.Count != (hasContent ? 2 : 1) && arguments.Count != (hasContent ? 3 : 2) ||
                arguments.Count == (hasContent ? 3 : 2) && invocation.TargetMethod.Parameters.Last().Type.ToDisplayString() != "System.Threading.CancellationToken")
            {
                return null;
            }
            IOperation url = invocation.Arguments.First(a => a.Parameter?.Ordinal == 0).Value;
            if (!(RuleFor(url, model, cancellationToken) is ExpressionSyntax rule))
            {
                return null;
            }
            ExpressionSyntax uri = Unconverted(url).Type?.ToDisplayString() == "System.Uri" ? arguments[0].Expression
                : SyntaxFactory.ParseExpression("new Uri(" + arguments[0].Expression + ")");
            var guarded = new List<ArgumentSyntax>();
            string method = name;
            if (name != "GetStringAsync")
            {
                method = "SendAsync";
                guarded.Add(SyntaxFactory.Argument(SyntaxFactory.ParseExpression("HttpMethod." + name.Substring(0, name.Length - "Async".Length))));
            }
            guarded.Add(SyntaxFactory.Argument(uri));
            guarded.Add(SyntaxFactory.Argument(rule));
            if (name != "GetStringAsync")
            {
                guarded.Add(hasContent ? arguments[1] : SyntaxFactory.Argument(SyntaxFactory.ParseExpression("null")));
            }
            if (arguments.Count == (hasContent ? 3 : 2))
            {
                guarded.Add(arguments.Last());
            }
            return syntax.WithExpression(access.WithName(SyntaxFactory.IdentifierName(method)))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(guarded)));
        }

        private static IOperation Unconverted(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }
            return operation;
        }

        /// <summary>The DomainRule for a URL: from the [AllowedDomain] of the parameter it comes from (directly, through new Uri(...) or a local), or a constant URL's host.</summary>
        private static ExpressionSyntax? RuleFor(IOperation url, SemanticModel model, CancellationToken cancellationToken, int depth = 0)
        {
            url = Unconverted(url);
            switch (url)
            {
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "TypedTools.AllowedDomainAttribute") is AttributeData allowed
                        ? RuleFrom(allowed) : null;
                case IObjectCreationOperation { Type: { } type } created when type.ToDisplayString() == "System.Uri" && created.Arguments.Length == 1:
                    return RuleFor(created.Arguments[0].Value, model, cancellationToken, depth);
                case ILocalReferenceOperation local when depth < 4 && local.Local.DeclaringSyntaxReferences.Length == 1 &&
                                                         local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer } &&
                                                         model.GetOperation(initializer.Value, cancellationToken) is IOperation value:
                    return RuleFor(value, model, cancellationToken, depth + 1);
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } } when System.Uri.TryCreate(text, System.UriKind.Absolute, out System.Uri? constant) &&
                                                                                                   (constant.Scheme == "https" || constant.Scheme == "http"):
                    return Rule(new[] { constant.IdnHost }, null, constant.Scheme == "http", constant.IsDefaultPort ? null : new[] { constant.Port });
                default:
                    return null;
            }
        }

        private static ExpressionSyntax RuleFrom(AttributeData allowed)
        {
            string[] patterns = ToolModel.ConstructorValues(allowed)
                .Select(v => v.Value as string).Where(v => v != null).Select(v => v!).ToArray();
            // Ports is an array: read its values (TypedConstant.Value throws for arrays).
            int[]? ports = allowed.NamedArguments.Where(a => a.Key == "Ports" && !a.Value.IsNull).Select(a => a.Value.Values.Select(v => (int)v.Value!).ToArray()).FirstOrDefault();
            return Rule(patterns, ToolModel.Named(allowed, "Set") as string, ToolModel.Named(allowed, "AllowHttp") is true, ports);
        }

        private static ExpressionSyntax Rule(string[] patterns, string? set, bool allowHttp, int[]? ports)
        {
            string Literal(string s) => SyntaxFactory.Literal(s).ToString();
            if (patterns.Length == 0 && set != null && ports == null)
            {
                return SyntaxFactory.ParseExpression("DomainRule.ForSet(" + Literal(set) + (allowHttp ? ", allowHttp: true" : "") + ")");
            }
            string text = "new DomainRule([" + string.Join(", ", patterns.Select(Literal)) + "]" + (set != null ? ", Set: " + Literal(set) : "") +
                          (allowHttp ? ", AllowHttp: true" : "") +
                          (ports != null ? ", Ports: [" + string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture))) + "]" : "") + ")";
            return SyntaxFactory.ParseExpression(text);
        }
    }
}
