using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Parsing
{
    /// <summary>
    /// Turns one <c>[McpServerTool]</c> method into a <see cref="ToolSpec"/>. This is the only place that touches
    /// symbols; what it returns holds strings, enums and equatable arrays only. A method it cannot turn into a
    /// tool yields diagnostics instead of a spec (the generator then skips it).
    /// </summary>
    internal sealed partial class ToolParser
    {
        public const string McpServerToolAttributeName = "ModelContextProtocol.Server.McpServerToolAttribute";

        private static readonly Regex s_toolName = new Regex("^[A-Za-z0-9_.-]{1,128}$");
        private static readonly Regex s_rootName = new Regex("^[A-Za-z0-9_.-]{1,64}$");

        private readonly Compilation _compilation;
        private readonly CancellationToken _cancellationToken;
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly Location _location;
        private readonly TypeTables _tables = new TypeTables();

        private ToolParser(Compilation compilation, Location location, CancellationToken cancellationToken)
        {
            _compilation = compilation;
            _location = location;
            _cancellationToken = cancellationToken;
        }

        public static ToolParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (!(context.TargetSymbol is IMethodSymbol method) || !(context.TargetNode is MethodDeclarationSyntax syntax))
            {
                return new ToolParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
            }
            var parser = new ToolParser(context.SemanticModel.Compilation, syntax.Identifier.GetLocation(), cancellationToken);
            ToolSpec? tool = parser.ParseMethod(method, context.Attributes[0]);
            return new ToolParseResult(parser._diagnostics.Count == 0 ? tool : null, parser._diagnostics.ToEquatableArray());
        }

        private ToolSpec? ParseMethod(IMethodSymbol method, AttributeData toolAttribute)
        {
            if (!CheckReachable(method))
            {
                return null;
            }

            var doc = DocComments.Load(method, _cancellationToken);
            ResultSpec? result = ParseResult(method.ReturnType, NamedArgument(toolAttribute, "OutputSchemaType") as ITypeSymbol);

            var parameters = new List<ParameterSpec>();
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                ParameterSpec? spec = ParseParameter(parameter, DocComments.Param(doc, parameter.Name));
                if (spec != null)
                {
                    parameters.Add(spec);
                }
            }

            TargetSpec? target = ParseTarget(method);
            AnnotationSpec annotations = ParseAnnotations(method, toolAttribute, out string? effect);

            string toolName = NamedArgument(toolAttribute, "Name") as string
                ?? TypedTools.Shared.ToolNames.DefaultToolName(method.Name, result != null && result.Async != AsyncKind.None);
            if (!s_toolName.IsMatch(toolName))
            {
                Report($"The tool name '{toolName}' is not valid: use 1 to 128 letters, digits, '_', '-' or '.'.");
            }

            string? meta = ParseMeta(method);
            if (result == null || target == null || _diagnostics.Count > 0)
            {
                return null;
            }

            string description = Attributes.Description(method.GetAttributes()) ?? DocComments.Summary(doc) ?? "";
            return new ToolSpec(
                ContainerName: ContainerNameFor(method),
                MemberName: MemberNameFor(method),
                ToolName: toolName,
                Title: NamedArgument(toolAttribute, "Title") as string,
                Description: description.Length == 0 ? null : description,
                Annotations: annotations,
                Target: target,
                Parameters: parameters.ToEquatableArray(),
                Enums: _tables.Enums.ToEquatableArray(),
                InputObjects: _tables.InputObjects.Where(o => o != null).Select(o => o!).ToEquatableArray(),
                OutputObjects: _tables.OutputObjects.Where(o => o != null).Select(o => o!).ToEquatableArray(),
                Result: result,
                InputSchema: "",
                OutputSchema: null,
                MaxDepth: 0,
                Policy: ParsePolicy(method, annotations, effect, parameters),
                Preview: ParsePreview(method, parameters),
                Metadata: ParseAuthorization(method),
                Icon: NamedArgument(toolAttribute, "IconSource") as string,
                Meta: meta);
        }

        /// <summary>
        /// The tool's <c>_meta</c> object, as the SDK builds it from the method's <c>[McpMeta(name, value)]</c> attributes: a
        /// string, number or Boolean value, or the attribute's <c>JsonValue</c> (JSON text, checked here and kept without the
        /// whitespace between its tokens); null without any. A name given twice is refused: the SDK would keep one of them.
        /// </summary>
        private string? ParseMeta(IMethodSymbol method)
        {
            var json = new JsonText().StartObject();
            var names = new HashSet<string>();
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type || !SymbolNames.Is(type, "ModelContextProtocol.Server.McpMetaAttribute") ||
                    attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not string name)
                {
                    continue;
                }
                if (!names.Add(name))
                {
                    Report($"The tool method '{method.Name}' has two [McpMeta] entries named '{name}'; give each its own name.");
                    return null;
                }
                json.Name(name);
                object? value = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value : null;
                if (NamedArgument(attribute, "JsonValue") is string raw)
                {
                    if (JsonSyntax.Minify(raw, out string? error) is not { } minified)
                    {
                        Report($"The [McpMeta] entry '{name}' of '{method.Name}' has a JsonValue that is not JSON: {error}.");
                        return null;
                    }
                    json.Raw(minified);
                }
                else if (value is double number && (double.IsNaN(number) || double.IsInfinity(number)))
                {
                    Report($"The [McpMeta] entry '{name}' of '{method.Name}' is {number.ToString(System.Globalization.CultureInfo.InvariantCulture)}, which JSON cannot carry.");
                    return null;
                }
                else
                {
                    json.Raw(value switch
                    {
                        string text => JsonText.Quote(text),
                        double n => Attributes.Number(n),
                        bool b => b ? "true" : "false",
                        _ => "null",
                    });
                }
            }
            return names.Count == 0 ? null : json.EndObject().ToString();
        }

        /// <summary>
        /// The tool's ASP.NET Core authorization attributes (<c>[Authorize]</c>, <c>[AllowAnonymous]</c> and their kind, on
        /// the type and the method, in that order), recreated as expressions: the SDK's HTTP authorization filters read
        /// them from the tool's metadata, as they do for its reflection tools.
        /// </summary>
        private static EquatableArray<string> ParseAuthorization(IMethodSymbol method)
        {
            var expressions = new List<string>();
            foreach (AttributeData attribute in method.ContainingType.GetAttributes().Concat(method.GetAttributes()))
            {
                if (attribute.AttributeClass is not { } type || !type.AllInterfaces.Any(i =>
                        SymbolNames.Is(i.ContainingNamespace, "Microsoft.AspNetCore.Authorization") && i.Name is "IAuthorizeData" or "IAllowAnonymous"))
                {
                    continue;
                }
                string arguments = string.Join(", ", attribute.ConstructorArguments.Select(Attributes.Literal));
                string named = string.Join(", ", attribute.NamedArguments.Select(n => n.Key + " = " + Attributes.Literal(n.Value)));
                expressions.Add("new " + type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "(" + arguments + ")" +
                                (named.Length == 0 ? "" : " { " + named + " }"));
            }
            return expressions.ToEquatableArray();
        }

        private bool CheckReachable(IMethodSymbol method)
        {
            if (method.IsGenericMethod)
            {
                Report($"The tool method '{method.Name}' is generic; a tool needs one concrete signature.");
                return false;
            }
            if (!IsAccessibleFromAssembly(method.DeclaredAccessibility))
            {
                Report($"The tool method '{method.Name}' is {method.DeclaredAccessibility.ToString().ToLowerInvariant()}; make it public or internal so the generated tool can call it.");
                return false;
            }
            for (INamedTypeSymbol? type = method.ContainingType; type != null; type = type.ContainingType)
            {
                if (type.IsGenericType)
                {
                    Report($"The type '{type.Name}' that declares the tool '{method.Name}' is generic; declare tools in a non-generic type.");
                    return false;
                }
                if (!IsAccessibleFromAssembly(type.DeclaredAccessibility))
                {
                    Report($"The type '{type.Name}' that declares the tool '{method.Name}' is not accessible; make it public or internal.");
                    return false;
                }
                if (type.IsFileLocal)
                {
                    // Internal to the compiler, but visible only in its own file, and the generated tool is another file.
                    Report($"The type '{type.Name}' that declares the tool '{method.Name}' is file-local; make it internal so the generated tool can call it.");
                    return false;
                }
            }
            return true;
        }

        private static bool IsAccessibleFromAssembly(Accessibility accessibility) =>
            accessibility == Accessibility.Public || accessibility == Accessibility.Internal || accessibility == Accessibility.ProtectedOrInternal;

        private TargetSpec? ParseTarget(IMethodSymbol method)
        {
            INamedTypeSymbol type = method.ContainingType;
            string typeName = TypeNames.Of(type);
            if (method.IsStatic)
            {
                return new TargetSpec(typeName, method.Name, true, EquatableArray<ParameterSpec>.Empty, 0);
            }
            if (type.IsAbstract || type.IsStatic)
            {
                Report($"The tool '{method.Name}' is an instance method of an abstract type; make it static or declare it in a concrete type.");
                return null;
            }

            // The instance is created per call from the request's services, as the SDK does, but without reflection.
            IMethodSymbol[] constructors = type.InstanceConstructors.Where(c => IsAccessibleFromAssembly(c.DeclaredAccessibility)).ToArray();
            IMethodSymbol? constructor = constructors.FirstOrDefault(c => c.GetAttributes().Any(a =>
                    SymbolNames.Is(a.AttributeClass, "Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute")))
                ?? constructors.OrderByDescending(c => c.Parameters.Length).FirstOrDefault();
            if (constructor == null)
            {
                Report($"The type '{type.Name}' has no public or internal constructor to create it for the tool '{method.Name}'.");
                return null;
            }

            var services = new List<ParameterSpec>();
            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                ParameterSpec? context = ContextParameter(parameter);
                services.Add(context ?? ServiceParameter(parameter));
            }

            int disposal = type.AllInterfaces.Any(i => SymbolNames.Is(i, "System.IAsyncDisposable")) ? 2
                : type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable) ? 1
                : 0;
            return new TargetSpec(typeName, method.Name, false, services.ToEquatableArray(), disposal);
        }

        private AnnotationSpec ParseAnnotations(IMethodSymbol method, AttributeData toolAttribute, out string? effect)
        {
            bool? sdkReadOnly = NamedArgument(toolAttribute, "ReadOnly") as bool?;
            bool? sdkDestructive = NamedArgument(toolAttribute, "Destructive") as bool?;
            bool? sdkIdempotent = NamedArgument(toolAttribute, "Idempotent") as bool?;
            bool? sdkOpenWorld = NamedArgument(toolAttribute, "OpenWorld") as bool?;

            ImmutableAttributes attributes = new ImmutableAttributes(method.GetAttributes());
            bool readOnly = attributes.Has("TypedTools.ReadOnlyAttribute");
            AttributeData? destructiveAttribute = attributes.Find("TypedTools.DestructiveAttribute");
            bool destructive = destructiveAttribute != null;
            bool idempotent = attributes.Has("TypedTools.IdempotentAttribute");
            AttributeData? openWorldAttribute = attributes.Find("TypedTools.OpenWorldAttribute");
            effect = destructiveAttribute?.ConstructorArguments.FirstOrDefault().Value as string;

            if (readOnly && destructive)
            {
                Report($"The tool '{method.Name}' is declared both [ReadOnly] and [Destructive]; a tool is one or the other.");
            }
            if ((readOnly && sdkReadOnly == false) || (destructive && sdkDestructive == false) || (readOnly && sdkDestructive == true) ||
                (destructive && sdkReadOnly == true) || (idempotent && sdkIdempotent == false))
            {
                Report($"The effect attributes of the tool '{method.Name}' contradict the properties of its [McpServerTool] attribute.");
            }

            bool isReadOnly = readOnly || sdkReadOnly == true;
            bool isDestructive = destructive || (sdkDestructive ?? !isReadOnly);
            bool isIdempotent = idempotent || sdkIdempotent == true || (isReadOnly && sdkIdempotent != false);
            bool isOpenWorld = openWorldAttribute != null
                ? !(openWorldAttribute.ConstructorArguments.FirstOrDefault().Value is bool open) || open
                : sdkOpenWorld ?? true;
            return new AnnotationSpec(isReadOnly, isDestructive && !isReadOnly, isIdempotent, isOpenWorld);
        }

        /// <summary>The [Preview] method, or the conventional {Method}Preview; reports one that does not fit.</summary>
        private PreviewSpec? ParsePreview(IMethodSymbol method, List<ParameterSpec> parameters)
        {
            AttributeData? attribute = new ImmutableAttributes(method.GetAttributes()).Find("TypedTools.PreviewAttribute");
            string name = attribute?.ConstructorArguments.FirstOrDefault().Value as string ?? method.Name + "Preview";
            IMethodSymbol? preview = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault();
            if (preview == null)
            {
                if (attribute != null)
                {
                    Report($"The preview method '{name}' named by [Preview] on '{method.Name}' does not exist in '{method.ContainingType.Name}'.");
                }
                return null;
            }
            string returns = preview.ReturnType.ToDisplayString();
            AsyncKind async = returns == "string" ? AsyncKind.None
                : returns == "System.Threading.Tasks.Task<string>" ? AsyncKind.Task
                : returns == "System.Threading.Tasks.ValueTask<string>" ? AsyncKind.ValueTask
                : (AsyncKind)(-1);
            var names = new List<string>();
            foreach (IParameterSymbol parameter in preview.Parameters)
            {
                ParameterSpec? match = parameters.FirstOrDefault(p => p.Name == parameter.Name);
                if (match == null || match.ClrTypeName != TypeNames.Declared(parameter.Type) && match.ClrTypeName != TypeNames.Of(parameter.Type))
                {
                    Report($"The preview '{name}' takes '{parameter.Name}', which is not a parameter of '{method.Name}' with the same type.");
                    return null;
                }
                names.Add(parameter.Name);
            }
            if ((int)async < 0 || preview.IsGenericMethod || preview.DeclaredAccessibility is Accessibility.Private || !preview.IsStatic && method.IsStatic)
            {
                Report($"The preview '{name}' must return string, Task<string> or ValueTask<string>, be accessible, not generic, and static when '{method.Name}' is.");
                return null;
            }
            return new PreviewSpec(name, preview.IsStatic, async, names.ToEquatableArray());
        }

        private static readonly (string Attribute, string Capability)[] s_capabilities =
        {
            ("TypedTools.ReadsPrivateDataAttribute", "ReadsPrivateData"),
            ("TypedTools.ReturnsUntrustedContentAttribute", "ReturnsUntrustedContent"),
            ("TypedTools.SendsExternallyAttribute", "SendsExternally"),
            ("TypedTools.AnnotatesAttribute", "Annotates"),
        };

        /// <summary>Capabilities, confirmation and path roots. Destructive tools are always confirmed.</summary>
        private static PolicySpec ParsePolicy(IMethodSymbol method, AnnotationSpec annotations, string? destructiveEffect, List<ParameterSpec> parameters)
        {
            var attributes = new ImmutableAttributes(method.GetAttributes());
            var capabilities = s_capabilities.Where(c => attributes.Has(c.Attribute)).Select(c => c.Capability).ToEquatableArray();
            string? confirmEffect = attributes.Find("TypedTools.RequiresConfirmationAttribute")?.ConstructorArguments.FirstOrDefault().Value as string;
            // [Destructive(Confirm = false)] waives confirmation only with a stated justification (TT2007 reports the rest): fail closed.
            AttributeData? destructive = attributes.Find("TypedTools.DestructiveAttribute");
            string? waiver = destructive != null && NamedArgument(destructive, "Confirm") is false && NamedArgument(destructive, "Justification") is string why &&
                             !string.IsNullOrWhiteSpace(why) ? why.Trim() : null;
            bool confirm = annotations.Destructive && waiver == null || attributes.Has("TypedTools.RequiresConfirmationAttribute");
            var roots = parameters.Where(p => p.PathGuard != null).Select(p => p.PathGuard!.Root).Distinct().OrderBy(r => r, System.StringComparer.Ordinal).ToEquatableArray();
            var claims = parameters.Where(p => p.ClaimType != null).Select(p => p.ClaimType!).Distinct().OrderBy(c => c, System.StringComparer.Ordinal).ToEquatableArray();
            return new PolicySpec(capabilities, confirm, destructiveEffect ?? confirmEffect, roots, claims, confirm ? null : waiver);
        }

        /// <summary>
        /// The generated class that holds the tools of the method's type, <c>{Type}_Tools</c>. One class per author's type,
        /// not per tool (each declared type costs the compiler about as much as a small tool's methods) and not one for the
        /// assembly (a partial class of thousands of members compiled slower than ten of hundreds, measured on 1,000 tools).
        /// </summary>
        private static string ContainerNameFor(IMethodSymbol method) => Naming.UniqueIdentifier(TypeNameOf(method)) + "_Tools";

        /// <summary>
        /// What the tool's members in its class are named after, unique in it: the method, and for one of several methods
        /// of that name its place among them (<c>Run_Overload2</c>; overloads may share a parameter count).
        /// </summary>
        private static string MemberNameFor(IMethodSymbol method) => Naming.UniqueIdentifier(method.Name) + OverloadSuffix(method);

        private static string TypeNameOf(IMethodSymbol method) =>
            method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));

        private static string OverloadSuffix(IMethodSymbol method)
        {
            ImmutableArray<ISymbol> named = method.ContainingType.GetMembers(method.Name);
            return named.Length < 2 ? ""
                : "_Overload" + (named.IndexOf(method, SymbolEqualityComparer.Default) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static object? NamedArgument(AttributeData attribute, string name)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                {
                    return argument.Value.Value;
                }
            }
            return null;
        }

        private void Report(string message)
        {
            FileLinePositionSpan span = _location.GetLineSpan();
            _diagnostics.Add(new DiagnosticInfo("TT9001", message, span.Path, _location.SourceSpan.Start, _location.SourceSpan.Length,
                span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character));
        }
    }
}
