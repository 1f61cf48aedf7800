using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Parsing
{
    internal sealed partial class ToolParser
    {
        // Parameters the SDK binds from the request rather than from JSON; they stay out of the schema.
        private ParameterSpec? ContextParameter(IParameterSymbol parameter)
        {
            string name = TypeNames.Of(parameter.Type);
            ParameterSource? source = name switch
            {
                "global::System.Threading.CancellationToken" => ParameterSource.CancellationToken,
                "global::ModelContextProtocol.Server.McpServer" => ParameterSource.Server,
                "global::ModelContextProtocol.Server.RequestContext<global::ModelContextProtocol.Protocol.CallToolRequestParams>" => ParameterSource.RequestContext,
                "global::System.IProgress<global::ModelContextProtocol.ProgressNotificationValue>" => ParameterSource.Progress,
                "global::System.Security.Claims.ClaimsPrincipal" => ParameterSource.ClaimsPrincipal,
                "global::System.IServiceProvider" => ParameterSource.ServiceProvider,
                _ => null,
            };
            return source == null ? null : new ParameterSpec(parameter.Name, source.Value, TypeNames.Declared(parameter.Type), null, false, null, null, null, null, null);
        }

        private ParameterSpec ServiceParameter(IParameterSymbol parameter)
        {
            AttributeData? keyed = new ImmutableAttributes(parameter.GetAttributes()).Find("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
            string? key = keyed?.ConstructorArguments.FirstOrDefault() is TypedConstant k && !k.IsNull ? Attributes.Literal(k) : null;
            // A service with a default (usually null) is optional: GetService instead of GetRequiredService.
            bool required = !parameter.HasExplicitDefaultValue;
            return new ParameterSpec(parameter.Name, keyed != null ? ParameterSource.KeyedService : ParameterSource.Service,
                TypeNames.Of(parameter.Type), null, required, null, null, null, null, key ?? (keyed != null ? "null" : null));
        }

        private static bool InCollectionsNamespace(ITypeSymbol type)
        {
            for (INamespaceSymbol? ns = type.ContainingNamespace; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                if (SymbolNames.Is(ns, "System.Collections"))
                {
                    return true;
                }
            }
            return false;
        }

        private static bool IsUntypedJson(INamedTypeSymbol type) =>
            SymbolNames.Is(type.ContainingNamespace, "System.Text.Json") || SymbolNames.Is(type.ContainingNamespace, "System.Text.Json.Nodes");

        private ParameterSpec? ParseParameter(IParameterSymbol parameter, string? xmlDescription)
        {
            if (parameter.RefKind != RefKind.None)
            {
                Report($"The parameter '{parameter.Name}' is passed by reference; tool parameters must be plain values.");
                return null;
            }
            ParameterSpec? context = ContextParameter(parameter);
            if (context != null)
            {
                return context;
            }
            var attributes = new ImmutableAttributes(parameter.GetAttributes());
            if (attributes.Find(Attributes.FromClaim) is AttributeData fromClaim)
            {
                string? claim = fromClaim.ConstructorArguments.FirstOrDefault().Value as string;
                if (parameter.Type.SpecialType != SpecialType.System_String || string.IsNullOrEmpty(claim))
                {
                    Report($"Parameter '{parameter.Name}': [FromClaim] binds a string from a named claim.");
                    return null;
                }
                return new ParameterSpec(parameter.Name, ParameterSource.Claim, "string", null, true, null, null, null, null, null, ClaimType: claim);
            }
            if (attributes.Has("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute") ||
                attributes.Has("Microsoft.AspNetCore.Mvc.FromServicesAttribute") ||
                attributes.Has("Microsoft.Extensions.DependencyInjection.FromServicesAttribute") ||
                IsServiceType(parameter.Type))
            {
                return ServiceParameter(parameter);
            }

            TypeSpec? type = AnalyzeType(parameter.Type, parameter.NullableAnnotation, forOutput: false, parameter.Name);
            if (type == null)
            {
                return null;
            }
            bool required = !parameter.HasExplicitDefaultValue;
            Constraints constraints = Attributes.ReadConstraints(attributes.All, type, ref required, out string? problem);
            type = NullWhenAbsentIsNull(type, AbsentIsNull(parameter), required);
            if (problem != null)
            {
                Report($"Parameter '{parameter.Name}': {problem}");
            }
            // A refused default is reported; the parameter is still read, so that its other problems are reported too.
            ReadDefault(parameter, type, constraints, $"Parameter '{parameter.Name}'", out string? defaultLiteral, out string? defaultJson);
            string? description = Attributes.Description(attributes.All) ?? xmlDescription;
            PathGuardSpec? pathGuard = null;
            if (attributes.Find(Attributes.AllowedPath) is AttributeData allowedPath)
            {
                pathGuard = ReadPathGuard(allowedPath, type, parameter.Name);
            }
            DomainGuardSpec? domainGuard = null;
            if (attributes.Find(Attributes.AllowedDomain) is AttributeData allowedDomain)
            {
                domainGuard = ReadDomainGuard(allowedDomain, type, parameter.Name);
            }
            bool destination = attributes.Has(Attributes.Destination) && CheckDestination(type, "Parameter '" + parameter.Name + "'");
            if (attributes.Has(Attributes.Secret) && type.Kind != ValueKind.String)
            {
                Report($"Parameter '{parameter.Name}': [Secret] applies to string parameters (their values are redacted from results, logs and questions).");
            }
            string? matchesClaim = null;
            if (attributes.Find(Attributes.MatchesClaim) is AttributeData matches)
            {
                matchesClaim = matches.ConstructorArguments.FirstOrDefault().Value as string;
                if (type.Kind != ValueKind.String || string.IsNullOrEmpty(matchesClaim))
                {
                    Report($"Parameter '{parameter.Name}': [MatchesClaim] compares a string argument with a named claim.");
                }
            }
            return new ParameterSpec(parameter.Name, ParameterSource.Json, TypeNames.Declared(parameter.Type), type, required,
                defaultLiteral, defaultJson, constraints, description, null, pathGuard, domainGuard, destination, matchesClaim,
                attributes.Has(Attributes.Secret));
        }

        private DomainGuardSpec? ReadDomainGuard(AttributeData attribute, TypeSpec type, string parameterName)
        {
            if (type.Kind != ValueKind.String && type.Kind != ValueKind.Uri)
            {
                Report($"Parameter '{parameterName}': [AllowedDomain] applies to Uri and string parameters.");
                return null;
            }
            var patterns = new List<string>();
            foreach (TypedConstant argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Array)
                {
                    patterns.AddRange(argument.Values.Select(v => v.Value as string).Where(v => v != null).Select(v => v!));
                }
                else if (argument.Value is string single)
                {
                    patterns.Add(single);
                }
            }
            string? set = NamedArgument(attribute, "Set") as string;
            bool allowHttp = NamedArgument(attribute, "AllowHttp") is bool http && http;
            var ports = new List<int>();
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Ports" && named.Value.Kind == TypedConstantKind.Array)
                {
                    ports.AddRange(named.Value.Values.Select(v => (int)v.Value!));
                }
            }
            if (patterns.Count == 0 && set == null)
            {
                Report($"Parameter '{parameterName}': [AllowedDomain] names no hosts and no domain set, so it would allow nothing.");
                return null;
            }
            return new DomainGuardSpec(patterns.ToEquatableArray(), set, allowHttp, ports.ToEquatableArray());
        }

        /// <summary>[Destination] marks text the flow rules read: a string, a Uri, or a list, array or dictionary of them (its values).</summary>
        private bool CheckDestination(TypeSpec type, string where)
        {
            TypeSpec value = type.IsCollection ? type.Element! : type;
            if (value.Kind == ValueKind.String || value.Kind == ValueKind.Uri)
            {
                return true;
            }
            Report($"{where}: [Destination] applies to strings, Uris, and lists, arrays or dictionaries of them (a dictionary's values).");
            return false;
        }

        private static readonly string[] s_pathAccess = { "Read", "Write", "Delete" };

        private PathGuardSpec? ReadPathGuard(AttributeData attribute, TypeSpec type, string parameterName)
        {
            if (type.Kind != ValueKind.String)
            {
                Report($"Parameter '{parameterName}': [AllowedPath] applies to string parameters; the tool receives the canonical full path as a string.");
                return null;
            }
            string? root = attribute.ConstructorArguments.FirstOrDefault().Value as string;
            if (root == null || !s_rootName.IsMatch(root))
            {
                Report($"Parameter '{parameterName}': the [AllowedPath] root name '{root}' is not valid: use 1 to 64 letters, digits, '_', '-' or '.'.");
                return null;
            }
            int access = NamedArgument(attribute, "Access") is int value ? value : 0;
            if (access < 0 || access >= s_pathAccess.Length)
            {
                Report($"Parameter '{parameterName}': [AllowedPath] has an unknown Access value {access}.");
                return null;
            }
            return new PathGuardSpec(root, s_pathAccess[access]);
        }

        /// <summary>
        /// Whether a parameter is a service rather than data. Interfaces, abstract types and delegates are
        /// services; records, structs and System.Collections' types are data. A class is data only when it is declared
        /// in this compilation and either marks a [JsonConstructor] or is a plain DTO: a public parameterless constructor
        /// and public properties that are all settable (or required). Anything else (HttpClient, an options class with
        /// init-only members...) is a service.
        /// [FromServices] or [FromKeyedServices] settle any doubt.
        /// </summary>
        private bool IsServiceType(ITypeSymbol type)
        {
            if (IsKnownValueType(type))
            {
                return false;
            }
            // System.Collections' types (dictionaries, sets, immutable and concurrent collections...) are data, never
            // services: a Dictionary<string, string> parameter is meant to come from the request, so it is read or refused
            // (TT9001), not silently looked up in the container at the first call.
            // Nor are untyped values (object, dynamic, JsonElement, JsonNode, which is abstract...): AnalyzeType refuses them
            // with a message that names a typed alternative.
            if (InCollectionsNamespace(type) || (type is INamedTypeSymbol json && IsUntypedJson(json)))
            {
                return false;
            }
            if (type.TypeKind == TypeKind.Interface)
            {
                return true;
            }
            if (type.TypeKind == TypeKind.Delegate || (type.IsAbstract && type.TypeKind == TypeKind.Class))
            {
                return true;
            }
            if (!(type is INamedTypeSymbol named) || named.SpecialType != SpecialType.None || named.IsRecord || named.TypeKind == TypeKind.Struct)
            {
                return false;
            }
            if (named.TypeKind != TypeKind.Class || !SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, _compilation.Assembly))
            {
                return true;
            }
            if (named.InstanceConstructors.Any(IsJsonConstructor))
            {
                return false; // [JsonConstructor] says how to build it from JSON
            }
            bool hasParameterlessConstructor = named.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public);
            List<IPropertySymbol> properties = PublicProperties(named);
            bool plainDto = properties.Count > 0 && properties.All(p =>
                p.IsRequired || (p.SetMethod != null && !p.SetMethod.IsInitOnly && p.SetMethod.DeclaredAccessibility == Accessibility.Public));
            return !(hasParameterlessConstructor && plainDto);
        }
    }
}
