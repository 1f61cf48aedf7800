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
    /// <summary>Adds the attribute a diagnostic asks for, and <c>using TypedTools;</c> when the file lacks it.</summary>
    internal static class AttributeEditor
    {
        /// <summary>
        /// The kind of Roslyn's NavigationAnnotation (internal to the workspace layer; the IDE looks for this kind): the
        /// caret lands on the annotated token after the fix, so the author types the root or host straight away.
        /// </summary>
        internal const string NavigationKind = "CodeAction_Navigation";

        public static CodeAction Action(string title, Document document, SyntaxNode target, string attribute, string key) =>
            CodeAction.Create(title, ct => AddAsync(document, target, attribute, ct), equivalenceKey: key);

        public static async Task<Document> AddAsync(Document document, SyntaxNode target, string attribute, CancellationToken cancellationToken)
        {
            var root = (CompilationUnitSyntax)(await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            AttributeListSyntax list = (AttributeListSyntax)SyntaxFactory.ParseCompilationUnit(attribute + " class C {}").Members[0].AttributeLists[0];
            SyntaxToken value = list.DescendantTokens().FirstOrDefault(t => t.IsKind(SyntaxKind.StringLiteralToken));
            if (value.RawKind != 0)
            {
                list = list.ReplaceToken(value, value.WithAdditionalAnnotations(new SyntaxAnnotation(NavigationKind)));
            }
            SyntaxNode updated = target switch
            {
                ParameterSyntax parameter => parameter.AddAttributeLists(list.WithTrailingTrivia(SyntaxFactory.Space)),
                MethodDeclarationSyntax method => method.AddAttributeLists(list.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation),
                _ => target,
            };
            return document.WithSyntaxRoot(Usings.Ensure(root.ReplaceNode(target, updated), "TypedTools"));
        }
    }

    /// <summary>Adds using directives a fix's new code needs.</summary>
    internal static class Usings
    {
        /// <summary>The root with a using directive for each namespace it does not import yet (at the top or in a namespace).</summary>
        public static CompilationUnitSyntax Ensure(CompilationUnitSyntax root, params string[] namespaces)
        {
            // The file's own line ending, so a directive does not bring CRLF into an LF file.
            SyntaxTrivia endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } found
                ? found : SyntaxFactory.ElasticCarriageReturnLineFeed;
            foreach (string name in namespaces)
            {
                if (!root.Usings.Any(u => u.Name?.ToString() == name) &&
                    !root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Name?.ToString() == name)))
                {
                    root = root.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name)).WithTrailingTrivia(endOfLine));
                }
            }
            return root;
        }
    }

    /// <summary>A fix that puts one attribute on the flagged parameter; subclasses name the diagnostics and the attribute.</summary>
    public abstract class AddParameterAttributeFix : NodeFix<ParameterSyntax>
    {
        private readonly string _title;
        private readonly string _attribute;

        private protected AddParameterAttributeFix(string title, string attribute, params string[] diagnosticIds)
            : base(diagnosticIds)
        {
            _title = title;
            _attribute = attribute;
        }

        private protected override IEnumerable<CodeAction> Offer(Document document, SyntaxNode root, ParameterSyntax node, Diagnostic diagnostic)
        {
            yield return AttributeEditor.Action(_title, document, node, _attribute, GetType().Name);
        }
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
    public sealed class DeclareEffectFix : NodeFix<MethodDeclarationSyntax>
    {
        /// <summary>Creates the fix.</summary>
        public DeclareEffectFix()
            : base(Descriptors.NoEffectDeclared.Id)
        {
        }

        private protected override IEnumerable<CodeAction> Offer(Document document, SyntaxNode root, MethodDeclarationSyntax node, Diagnostic diagnostic)
        {
            yield return AttributeEditor.Action("Declare [ReadOnly]", document, node, "[ReadOnly]", "DeclareReadOnly");
            yield return AttributeEditor.Action("Declare [Destructive]", document, node, "[Destructive(\"Describe what it changes\")]", "DeclareDestructive");
        }
    }

    /// <summary>TT1001: bind the identity from the caller with <c>[FromClaim]</c> (the claim chosen from the parameter's name).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BindIdentityFix)), Shared]
    public sealed class BindIdentityFix : NodeFix<ParameterSyntax>
    {
        /// <summary>Creates the fix.</summary>
        public BindIdentityFix()
            : base(Descriptors.IdentityFromArguments.Id)
        {
        }

        private protected override IEnumerable<CodeAction> Offer(Document document, SyntaxNode root, ParameterSyntax node, Diagnostic diagnostic)
        {
            yield return AttributeEditor.Action("Bind from the caller's claim", document, node, "[FromClaim(" + ClaimFor(node.Identifier.ValueText) + ")]", nameof(BindIdentityFix));
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
