using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedTools.Analyzers
{
    /// <summary>
    /// TT3001/TT3002 and TT4001/TT4002: a tool parameter that reaches a file-system API needs [AllowedPath], one that
    /// reaches an HTTP call or URI construction needs [AllowedDomain]. The value is followed through the method body:
    /// locals assigned from it (string building, Path.Combine, interpolation...) carry it too, and so do the parameters
    /// of helpers in the same type (declared in the same file) it is passed to, two calls deep. A parameter whose name
    /// or type says path or URL needs the attribute even where no use is visible.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ArgumentFlowAnalyzer : ToolAnalyzer
    {
        private static readonly HashSet<string> s_fileSystemTypes = new HashSet<string>
        {
            "System.IO.File", "System.IO.Directory", "System.IO.Path", "System.IO.FileStream", "System.IO.FileInfo", "System.IO.DirectoryInfo",
            "System.IO.StreamReader", "System.IO.StreamWriter", "System.IO.FileSystemWatcher",
        };

        private static readonly HashSet<string> s_networkTypes = new HashSet<string>
        {
            "System.Net.Http.HttpClient", "System.Uri", "System.Net.Http.HttpRequestMessage", "System.Net.WebRequest", "System.Net.WebClient", "System.UriBuilder",
        };

        private static readonly string[] s_pathWords = { "path", "file", "dir", "folder", "directory" };
        private static readonly string[] s_urlWords = { "url", "uri", "link", "endpoint", "href", "webhook" };

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.PathWithoutAllowedPath, Descriptors.PathLikeParameter, Descriptors.UrlWithoutAllowedDomain, Descriptors.UrlLikeParameter,
            Descriptors.ShellOrBuiltCommandLine, Descriptors.SqlFromArguments);

        // Per syntax tree, so that helpers declared beside a tool can be followed with the same semantic model.
        private protected override void Register(CompilationStartAnalysisContext start, ToolModel model) =>
            start.RegisterSemanticModelAction(tree => AnalyzeTree(tree, model));

        private static void AnalyzeTree(SemanticModelAnalysisContext context, ToolModel model)
        {
            SemanticModel semantic = context.SemanticModel;
            foreach (var declaration in semantic.SyntaxTree.GetRoot(context.CancellationToken).DescendantNodes()
                         .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
            {
                if (semantic.GetDeclaredSymbol(declaration, context.CancellationToken) is IMethodSymbol method && model.ToolAttributeOf(method) != null &&
                    semantic.GetOperation(declaration, context.CancellationToken) is IOperation body)
                {
                    Analyze(method, ImmutableArray.Create(body), model, context.ReportDiagnostic, helper => BodyOf(helper, semantic, context.CancellationToken));
                }
            }
        }

        /// <summary>The operations of a helper declared in the same tree (others are not followed).</summary>
        private static IOperation? BodyOf(IMethodSymbol helper, SemanticModel semantic, System.Threading.CancellationToken cancellationToken) =>
            helper.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree == semantic.SyntaxTree)?.GetSyntax(cancellationToken) is SyntaxNode node
                ? semantic.GetOperation(node, cancellationToken)
                : null;

        private static void Analyze(IMethodSymbol method, ImmutableArray<IOperation> blocks, ToolModel model, System.Action<Diagnostic> report,
            System.Func<IMethodSymbol, IOperation?> bodyOf)
        {
            // Only text can spell a path or an address; numbers and flags that join one do not steer it.
            var parameters = ToolModel.JsonParameters(method).Where(p => IsText(p.Type, model)).ToList();
            var unguardedPaths = parameters.Where(p => !ToolModel.Has(p, "TypedTools.AllowedPathAttribute")).ToList();
            var unguardedUrls = parameters.Where(p => !ToolModel.Has(p, "TypedTools.AllowedDomainAttribute")).ToList();
            var reported = new HashSet<(IParameterSymbol, string)>();

            string toolName = ToolModel.ToolName(method, model.ToolAttributeOf(method)!);
            ReportShell(blocks, report, toolName);
            foreach (IParameterSymbol parameter in parameters)
            {
                ReportCommandsAndSql(blocks, report, toolName, parameter, Carriers(blocks, parameter));
                foreach ((string kind, string api, Location location) in Sinks(blocks, parameter, method.ContainingType, bodyOf, 0))
                {
                    if (kind == "path" && unguardedPaths.Contains(parameter, SymbolEqualityComparer.Default) && reported.Add((parameter, "path")))
                    {
                        report(Diagnostic.Create(Descriptors.PathWithoutAllowedPath, parameter.Locations[0], ToolModel.Locations(location), parameter.Name, api));
                    }
                    if (kind == "url" && unguardedUrls.Contains(parameter, SymbolEqualityComparer.Default) && reported.Add((parameter, "url")))
                    {
                        report(Diagnostic.Create(Descriptors.UrlWithoutAllowedDomain, parameter.Locations[0], ToolModel.Locations(location), parameter.Name, api));
                    }
                }
            }

            foreach (IParameterSymbol parameter in parameters)
            {
                string lower = parameter.Name.ToLowerInvariant();
                bool pathType = SymbolEqualityComparer.Default.Equals(parameter.Type, model.FileInfo) || SymbolEqualityComparer.Default.Equals(parameter.Type, model.DirectoryInfo);
                bool isString = parameter.Type.SpecialType == SpecialType.System_String;
                if (unguardedPaths.Contains(parameter, SymbolEqualityComparer.Default) && !reported.Contains((parameter, "path")) &&
                    (pathType || isString && s_pathWords.Any(w => lower.Contains(w))))
                {
                    report(Diagnostic.Create(Descriptors.PathLikeParameter, parameter.Locations[0], parameter.Name, pathType ? "type" : "name"));
                }
                bool urlType = SymbolEqualityComparer.Default.Equals(parameter.Type, model.Uri);
                if (unguardedUrls.Contains(parameter, SymbolEqualityComparer.Default) && !reported.Contains((parameter, "url")) &&
                    (urlType || isString && s_urlWords.Any(w => lower.Contains(w))))
                {
                    report(Diagnostic.Create(Descriptors.UrlLikeParameter, parameter.Locations[0], parameter.Name, urlType ? "type" : "name"));
                }
            }
        }

        /// <summary>
        /// Where the value of <paramref name="root"/> ends up: file-system and network APIs it reaches in these
        /// operations, and (two calls deep) in helpers of the same type it is passed to.
        /// </summary>
        private static IEnumerable<(string Kind, string Api, Location Location)> Sinks(ImmutableArray<IOperation> blocks, IParameterSymbol root,
            INamedTypeSymbol owner, System.Func<IMethodSymbol, IOperation?> bodyOf, int depth)
        {
            Dictionary<ISymbol, IParameterSymbol> carriers = Carriers(blocks, root);
            foreach (IOperation operation in blocks.SelectMany(b => b.Descendants()))
            {
                (ISymbol? target, ImmutableArray<IArgumentOperation> arguments) = operation switch
                {
                    IInvocationOperation i => (i.TargetMethod, i.Arguments),
                    IObjectCreationOperation c => ((ISymbol?)c.Constructor, c.Arguments),
                    _ => (null, ImmutableArray<IArgumentOperation>.Empty),
                };
                if (target == null || !arguments.Any(a => Carries(a.Value, carriers)))
                {
                    continue;
                }
                string type = target.ContainingType.ToDisplayString();
                string api = target.ContainingType.Name + (target is IMethodSymbol m && m.MethodKind != MethodKind.Constructor ? "." + m.Name : " constructor");
                if (s_fileSystemTypes.Contains(type))
                {
                    yield return ("path", api, operation.Syntax.GetLocation());
                }
                if (s_networkTypes.Contains(type))
                {
                    yield return ("url", api, operation.Syntax.GetLocation());
                }
                // A helper of the same type: follow the value into its parameter.
                if (depth < 2 && target is IMethodSymbol helper && SymbolEqualityComparer.Default.Equals(helper.ContainingType, owner) &&
                    bodyOf(helper) is IOperation helperBody)
                {
                    foreach (IArgumentOperation argument in arguments.Where(a => a.Parameter != null && Carries(a.Value, carriers)))
                    {
                        foreach (var sink in Sinks(ImmutableArray.Create(helperBody), argument.Parameter!, owner, bodyOf, depth + 1))
                        {
                            yield return (sink.Kind, sink.Api + " (in " + helper.Name + ")", sink.Location);
                        }
                    }
                }
            }
        }

        /// <summary>TT2005: ProcessStartInfo.UseShellExecute = true anywhere in the tool.</summary>
        private static void ReportShell(ImmutableArray<IOperation> blocks, System.Action<Diagnostic> report, string tool)
        {
            foreach (IOperation operation in blocks.SelectMany(b => b.Descendants()))
            {
                if (operation is IAssignmentOperation { Target: IPropertyReferenceOperation property } assignment &&
                    property.Property.Name == "UseShellExecute" && property.Property.ContainingType.ToDisplayString() == "System.Diagnostics.ProcessStartInfo" &&
                    assignment.Value.ConstantValue is { HasValue: true, Value: true })
                {
                    report(Diagnostic.Create(Descriptors.ShellOrBuiltCommandLine, assignment.Syntax.GetLocation(), tool,
                        "starts a process through a shell (UseShellExecute = true)"));
                }
            }
        }

        /// <summary>TT2005/TT2006: the parameter's value in a command line or in SQL text.</summary>
        private static void ReportCommandsAndSql(ImmutableArray<IOperation> blocks, System.Action<Diagnostic> report, string tool, IParameterSymbol parameter,
            Dictionary<ISymbol, IParameterSymbol> carriers)
        {
            foreach (IOperation operation in blocks.SelectMany(b => b.Descendants()))
            {
                string? command = null, sql = null;
                switch (operation)
                {
                    case IInvocationOperation invocation when invocation.Arguments.Any(a => Carries(a.Value, carriers)):
                        string type = invocation.TargetMethod.ContainingType.ToDisplayString();
                        if (type == "System.Diagnostics.Process" && invocation.TargetMethod.Name == "Start")
                        {
                            command = "Process.Start";
                        }
                        else if (invocation.TargetMethod.Name is "ExecuteSqlRaw" or "ExecuteSqlRawAsync" or "FromSqlRaw" or "SqlQueryRaw")
                        {
                            sql = invocation.TargetMethod.Name;
                        }
                        break;
                    case IObjectCreationOperation creation when creation.Arguments.Any(a => Carries(a.Value, carriers)):
                        if (creation.Type?.ToDisplayString() == "System.Diagnostics.ProcessStartInfo")
                        {
                            command = "the ProcessStartInfo constructor";
                        }
                        else if (IsDbCommand(creation.Type) && creation.Arguments.Length > 0 && Carries(creation.Arguments[0].Value, carriers))
                        {
                            sql = creation.Type!.Name + " constructor";
                        }
                        break;
                    case IAssignmentOperation { Target: IPropertyReferenceOperation property } assignment when Carries(assignment.Value, carriers):
                        if (property.Property.ContainingType.ToDisplayString() == "System.Diagnostics.ProcessStartInfo" && property.Property.Name is "Arguments" or "FileName")
                        {
                            command = "ProcessStartInfo." + property.Property.Name;
                        }
                        else if (property.Property.Name == "CommandText" && IsDbCommand(property.Property.ContainingType))
                        {
                            sql = property.Property.ContainingType.Name + ".CommandText";
                        }
                        break;
                }
                if (command != null)
                {
                    report(Diagnostic.Create(Descriptors.ShellOrBuiltCommandLine, operation.Syntax.GetLocation(), tool,
                        $"builds a command line from '{parameter.Name}' ({command}); pass it through ProcessStartInfo.ArgumentList"));
                }
                if (sql != null)
                {
                    report(Diagnostic.Create(Descriptors.SqlFromArguments, operation.Syntax.GetLocation(), parameter.Name, sql));
                }
            }
        }

        private static bool IsDbCommand(ITypeSymbol? type)
        {
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (current.ToDisplayString() == "System.Data.Common.DbCommand")
                {
                    return true;
                }
            }
            return type?.AllInterfaces.Any(i => i.ToDisplayString() == "System.Data.IDbCommand") == true;
        }

        private static bool IsText(ITypeSymbol type, ToolModel model)
        {
            if (type.SpecialType == SpecialType.System_String || SymbolEqualityComparer.Default.Equals(type, model.Uri) ||
                SymbolEqualityComparer.Default.Equals(type, model.FileInfo) || SymbolEqualityComparer.Default.Equals(type, model.DirectoryInfo))
            {
                return true;
            }
            if (type is IArrayTypeSymbol array)
            {
                return IsText(array.ElementType, model);
            }
            return type is INamedTypeSymbol named && named.IsGenericType && named.TypeArguments.Length == 1 && IsText(named.TypeArguments[0], model);
        }

        /// <summary>The parameter and every local that (transitively) holds a value computed from it.</summary>
        private static Dictionary<ISymbol, IParameterSymbol> Carriers(ImmutableArray<IOperation> blocks, IParameterSymbol parameter)
        {
            var carriers = new Dictionary<ISymbol, IParameterSymbol>(SymbolEqualityComparer.Default) { [parameter] = parameter };
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (IOperation root in blocks)
                {
                    foreach (IOperation operation in root.Descendants())
                    {
                        ISymbol? target = null;
                        IOperation? value = null;
                        if (operation is IVariableDeclaratorOperation declarator && declarator.Initializer != null)
                        {
                            (target, value) = (declarator.Symbol, declarator.Initializer.Value);
                        }
                        else if (operation is IAssignmentOperation assignment && assignment.Target is ILocalReferenceOperation local)
                        {
                            (target, value) = (local.Local, assignment.Value);
                        }
                        if (target != null && value != null && !carriers.ContainsKey(target) && Carries(value, carriers))
                        {
                            carriers[target] = parameter;
                            changed = true;
                        }
                    }
                }
            }
            return carriers;
        }

        private static bool Carries(IOperation value, Dictionary<ISymbol, IParameterSymbol> carriers)
        {
            foreach (IOperation operation in value.DescendantsAndSelf())
            {
                ISymbol? symbol = operation switch
                {
                    IParameterReferenceOperation p => p.Parameter,
                    ILocalReferenceOperation l => l.Local,
                    _ => null,
                };
                if (symbol != null && carriers.ContainsKey(symbol))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
