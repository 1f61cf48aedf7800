using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedTools.Analyzers
{
    /// <summary>TT1001 (identity from arguments) and TT5001 (directive-like descriptions): what a tool's signature tells the model.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SignatureAnalyzer : ToolAnalyzer
    {
        private static readonly string[] s_identityNames =
            { "userid", "user_id", "tenantid", "tenant_id", "tenant", "role", "roles", "principal", "accountid", "account_id", "orgid", "org_id", "organizationid", "ownerid" };

        private static readonly string[] s_directives =
        {
            "ignore previous", "ignore all previous", "ignore the above", "disregard", "<important>", "</important>", "system prompt",
            "do not tell", "don't tell", "before using this tool", "you must", "instead of the user",
        };

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.IdentityFromArguments, Descriptors.DirectiveInDescription, Descriptors.DuplicateToolName, Descriptors.MalformedDomainPattern);

        private protected override void Register(CompilationStartAnalysisContext start, ToolModel model)
        {
            var names = new System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<Location>>();
            start.RegisterSymbolAction(symbol =>
            {
                Analyze(symbol, model);
                var method = (IMethodSymbol)symbol.Symbol;
                if (model.ToolAttributeOf(method) is AttributeData tool)
                {
                    names.GetOrAdd(ToolModel.ToolName(method, tool), _ => new System.Collections.Concurrent.ConcurrentBag<Location>()).Add(method.Locations[0]);
                }
            }, SymbolKind.Method);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var pair in names.Where(p => p.Value.Count > 1))
                {
                    foreach (Location location in pair.Value)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateToolName, location, pair.Key));
                    }
                }
            });
        }

        private static void Analyze(SymbolAnalysisContext context, ToolModel model)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (!(model.ToolAttributeOf(method) is AttributeData tool))
            {
                return;
            }
            string name = ToolModel.ToolName(method, tool);
            foreach (IParameterSymbol parameter in ToolModel.JsonParameters(method))
            {
                string lower = parameter.Name.ToLowerInvariant();
                if (s_identityNames.Contains(lower) && !ToolModel.Has(parameter, "TypedTools.MatchesClaimAttribute"))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.IdentityFromArguments, parameter.Locations[0], parameter.Name, "by its name"));
                }
            }

            Check(context, method, name, Description(method) + "\n" + method.GetDocumentationCommentXml(cancellationToken: context.CancellationToken));
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                foreach (AttributeData attribute in parameter.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == "TypedTools.AllowedDomainAttribute"))
                {
                    foreach (TypedConstant argument in ToolModel.ConstructorValues(attribute))
                    {
                        if (argument.Value is string pattern && DomainPatterns.Problem(pattern) is string problem)
                        {
                            Location location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? parameter.Locations[0];
                            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MalformedDomainPattern, location, pattern, problem));
                        }
                    }
                }
            }
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                Check(context, parameter, name + "(" + parameter.Name + ")", Description(parameter));
            }
        }

        private static string? Description(ISymbol symbol) =>
            symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.ComponentModel.DescriptionAttribute")
                ?.ConstructorArguments.FirstOrDefault().Value as string;

        private static void Check(SymbolAnalysisContext context, ISymbol symbol, string name, string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }
            string lower = text!.ToLowerInvariant();
            string? directive = s_directives.FirstOrDefault(d => lower.Contains(d));
            string? found = directive != null ? "'" + directive + "'" : HiddenCharacter(text);
            if (found != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DirectiveInDescription, symbol.Locations[0], name, found));
            }
        }

        /// <summary>Invisible format characters (zero-width, bidi overrides, tag characters) hide text from the person reading the description.</summary>
        private static string? HiddenCharacter(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsSurrogate(text[i]) && !char.IsSurrogatePair(text, i))
                {
                    return "an unpaired surrogate";
                }
                int code = char.ConvertToUtf32(text, i);
                if (char.IsHighSurrogate(text[i]))
                {
                    i++;
                }
                UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertFromUtf32(code), 0);
                if (category == UnicodeCategory.Format && code != 0xAD)
                {
                    return "the hidden character U+" + code.ToString("X4", CultureInfo.InvariantCulture);
                }
            }
            return null;
        }
    }
}
