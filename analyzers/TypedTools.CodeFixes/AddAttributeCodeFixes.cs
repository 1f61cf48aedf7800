using System.Collections.Immutable;
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
    /// <summary>Adds the attribute a diagnostic asks for, and <c>using TypedTools;</c> when the file lacks it.</summary>
    internal static class AttributeEditor
    {
        public static async Task<Document> AddAsync(Document document, SyntaxNode target, string attribute, CancellationToken cancellationToken)
        {
            var root = (CompilationUnitSyntax)(await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            AttributeListSyntax list = (AttributeListSyntax)SyntaxFactory.ParseCompilationUnit(attribute + " class C {}").Members[0].AttributeLists[0];
            SyntaxNode updated = target switch
            {
                ParameterSyntax parameter => parameter.AddAttributeLists(list.WithTrailingTrivia(SyntaxFactory.Space)),
                MethodDeclarationSyntax method => method.AddAttributeLists(list.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation),
                _ => target,
            };
            root = root.ReplaceNode(target, updated);
            if (!root.Usings.Any(u => u.Name?.ToString() == "TypedTools") && !HasNamespaceUsing(root))
            {
                root = root.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("TypedTools")).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
            }
            return document.WithSyntaxRoot(root);
        }

        private static bool HasNamespaceUsing(CompilationUnitSyntax root) =>
            root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Name?.ToString() == "TypedTools"));
    }

    /// <summary>A fix that puts one attribute on the flagged parameter; subclasses name the diagnostics and the attribute.</summary>
    public abstract class AddParameterAttributeFix : CodeFixProvider
    {
        private readonly string _title;
        private readonly string _attribute;

        private protected AddParameterAttributeFix(string title, string attribute, params string[] diagnosticIds)
        {
            _title = title;
            _attribute = attribute;
            FixableDiagnosticIds = ImmutableArray.Create(diagnosticIds);
        }

        /// <inheritdoc />
        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        /// <inheritdoc />
        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public sealed override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            CodeFixes.Register(context, node => node as ParameterSyntax, _title, _attribute, GetType().Name);
    }

    /// <summary>TT3001/TT3002: add <c>[AllowedPath("workspace")]</c> (rename the root to one the server configures).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAllowedPathFix)), Shared]
    public sealed class AddAllowedPathFix : AddParameterAttributeFix
    {
        /// <summary>Creates the fix.</summary>
        public AddAllowedPathFix()
            : base("Add [AllowedPath]", "[AllowedPath(\"workspace\")]", Descriptors.PathWithoutAllowedPath.Id, Descriptors.PathLikeParameter.Id)
        {
        }
    }

    /// <summary>TT4001/TT4002: add <c>[AllowedDomain("example.org")]</c> (replace with the hosts the tool may reach).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAllowedDomainFix)), Shared]
    public sealed class AddAllowedDomainFix : AddParameterAttributeFix
    {
        /// <summary>Creates the fix.</summary>
        public AddAllowedDomainFix()
            : base("Add [AllowedDomain]", "[AllowedDomain(\"example.org\")]", Descriptors.UrlWithoutAllowedDomain.Id, Descriptors.UrlLikeParameter.Id)
        {
        }
    }

    /// <summary>TT2001: declare the tool <c>[ReadOnly]</c> or <c>[Destructive("...")]</c>.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeclareEffectFix)), Shared]
    public sealed class DeclareEffectFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.NoEffectDeclared.Id);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            await CodeFixes.Register(context, node => node.FirstAncestorOrSelf<MethodDeclarationSyntax>(), "Declare [ReadOnly]", "[ReadOnly]", "DeclareReadOnly").ConfigureAwait(false);
            await CodeFixes.Register(context, node => node.FirstAncestorOrSelf<MethodDeclarationSyntax>(), "Declare [Destructive]",
                "[Destructive(\"Describe what it changes\")]", "DeclareDestructive").ConfigureAwait(false);
        }
    }

    internal static class CodeFixes
    {
        /// <summary>Registers one fix per diagnostic that adds <paramref name="attribute"/> to the node <paramref name="select"/> finds.</summary>
        public static async Task Register(CodeFixContext context, System.Func<SyntaxNode, SyntaxNode?> select, string title, string attribute, string key)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                SyntaxNode? node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                SyntaxNode? target = node == null ? null : select(node) ?? node.FirstAncestorOrSelf<ParameterSyntax>();
                if (target == null)
                {
                    continue;
                }
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => AttributeEditor.AddAsync(context.Document, target, attribute, ct), equivalenceKey: key),
                    diagnostic);
            }
        }
    }
}

namespace TypedTools.CodeFixes
{
    /// <summary>TT1001: bind the identity from the caller with <c>[FromClaim]</c> (the claim chosen from the parameter's name).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BindIdentityFix)), Shared]
    public sealed class BindIdentityFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.IdentityFromArguments.Id);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ParameterSyntax>() is ParameterSyntax parameter)
                {
                    string claim = ClaimFor(parameter.Identifier.ValueText);
                    context.RegisterCodeFix(CodeAction.Create("Bind from the caller's claim",
                        ct => AttributeEditor.AddAsync(context.Document, parameter, "[FromClaim(" + claim + ")]", ct), equivalenceKey: nameof(BindIdentityFix)), diagnostic);
                }
            }
        }

        /// <summary>The usual claim for an identity's name: the name identifier for users, "tenant" for tenants, the role claim for roles.</summary>
        private static string ClaimFor(string name)
        {
            string lower = name.ToLowerInvariant();
            return lower.Contains("tenant") || lower.Contains("org") ? "\"tenant\""
                : lower.StartsWith("role") ? "System.Security.Claims.ClaimTypes.Role"
                : "System.Security.Claims.ClaimTypes.NameIdentifier";
        }
    }
}
