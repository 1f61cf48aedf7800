using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    /// <summary>
    /// Emits one tool's static members, named after its method, in the generated class of the method's type
    /// (<c>{Type}_Tools</c>, shared by that type's tools and written as one file: <see cref="EmitFile"/>). A factory builds
    /// the tool (the runtime's <c>GeneratedTool&lt;TArguments&gt;</c>) from the protocol definition, the policy facts and the
    /// tool's methods: the description of its parameters, the call of the author's method and, where it has them, its
    /// preview, destinations and secrets. No class per tool: on a 1,000-tool build each declared type cost the compiler about as much as a small
    /// tool's methods. Enums, objects and arrays are read and written by the assembly's shared helpers
    /// (<see cref="ToolTypesEmitter"/>). Works from the model alone; every user string goes through
    /// <see cref="SymbolDisplay.FormatLiteral(string, bool)"/>.
    /// </summary>
    internal sealed partial class ToolEmitter : JsonCodeEmitter
    {
        internal const string GeneratedNamespace = "TypedTools.Generated";
        internal const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"TypedTools.Generator\", \"0.1.0\")]";

        private const string Results = "global::TypedTools.Results.ToolResults";
        private const string CallToolResult = "global::ModelContextProtocol.Protocol.CallToolResult";
        private const string RequestContext = "global::ModelContextProtocol.Server.RequestContext<global::ModelContextProtocol.Protocol.CallToolRequestParams>";

        private readonly ToolSpec _tool;

        // The tool's own helpers (destination collectors) are emitted on demand: a name is handed out when first used,
        // the body written at the end. Readers and writers of types live in the assembly's ToolTypes class.
        private readonly Dictionary<string, string> _helperNames = new Dictionary<string, string>();
        private readonly Queue<System.Action<SourceWriter>> _pendingHelpers = new Queue<System.Action<SourceWriter>>();

        private readonly ArgumentsShape _argumentsShape;
        private List<ParameterSpec>? _domainParameters;
        private List<ParameterSpec>? _pathParameters;
        private readonly bool _declaresDestinations;

        private ToolEmitter(ToolSpec tool, GeneratorOptions options)
            : base(options, tool.InputObjects, tool.OutputObjects, tool.Enums)
        {
            _tool = tool;
            _argumentsShape = ShapeOf(JsonParameters.ToList());
            _declaresDestinations = ToolFacts.DeclaresDestinations(tool);
        }

        /// <summary>The tool's members, written inside its type's class (indented for it).</summary>
        public static string EmitMembers(ToolSpec tool, GeneratorOptions options) => new ToolEmitter(tool, options).EmitMembers();

        /// <summary>
        /// The files of all tools: one per generated class, in class-name order, its tools in member-name order. A file is
        /// named after its class, <c>{class}.g.cs</c>; the compiler compares file names ignoring case, so a class whose name
        /// differs from an earlier one's only in case (types <c>N.Tools</c> and <c>N.tools</c>) gets <c>{class}.2.g.cs</c>,
        /// which no class name can produce.
        /// </summary>
        public static IEnumerable<ToolTypeFile> Files(System.Collections.Immutable.ImmutableArray<ToolMembers> tools)
        {
            var named = new Dictionary<string, int>(System.StringComparer.OrdinalIgnoreCase);
            foreach (IGrouping<string, ToolMembers> type in tools.GroupBy(t => t.ContainerName, System.StringComparer.Ordinal).OrderBy(g => g.Key, System.StringComparer.Ordinal))
            {
                named.TryGetValue(type.Key, out int earlier);
                named[type.Key] = earlier + 1;
                string hintName = type.Key + (earlier == 0 ? "" : "." + (earlier + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) + ".g.cs";
                yield return new ToolTypeFile(type.Key, type.First().ContainingTypeName, hintName,
                    type.OrderBy(t => t.MemberName, System.StringComparer.Ordinal).Select(t => t.Text).ToEquatableArray());
            }
        }

        /// <summary>
        /// The file of one author's type: the generated class holding the members of each of its tools, in member-name order.
        /// One file per type, not per tool: the compiler pays for every syntax tree (its declarations, the analyzer driver's
        /// set-up over every tree, a PDB document), ~0.1 s of a 1,000-tool build as a file per tool.
        /// </summary>
        public static string EmitFile(ToolTypeFile file, GeneratorOptions options)
        {
            var w = new SourceWriter();
            w.Line("// <auto-generated/>");
            w.Line("// Generated by TypedTools from the tools of " + Comment(file.ContainingTypeName) + ". Do not edit.");
            EmitPragmas(w, options);
            w.Line();
            w.Open("namespace " + GeneratedNamespace);
            w.Open("internal static partial class " + file.ContainerName);
            for (int i = 0; i < file.Members.Count; i++)
            {
                if (i > 0)
                {
                    w.Line();
                }
                w.Raw(file.Members[i]);
            }
            w.Close();
            w.Close();
            return w.ToString();
        }

        private string EmitMembers()
        {
            // The body is written first so that the helpers and patterns it asks for are known.
            var body = new SourceWriter { Indentation = 2 };
            EmitDefinition(body);
            EmitArguments(body);
            EmitBind(body);
            EmitCollectDestinations(body);
            EmitCollectSecrets(body);
            EmitPreview(body);
            EmitInvoke(body);
            while (_pendingHelpers.Count > 0)
            {
                body.Line();
                _pendingHelpers.Dequeue()(body);
            }

            var members = new SourceWriter { Indentation = 2 };
            members.Line("// The MCP tool '" + Comment(_tool.ToolName) + "', generated from " + Comment(_tool.Target.ContainingTypeName + "." + _tool.Target.MethodName) +
                         ": the members named " + Prefix + "_*.");
            EmitPatternFields(members);
            members.Raw(body.ToString().TrimEnd('\n') + "\n");
            return members.ToString();
        }

        /// <summary>What this tool's members are named after, unique in its class (see <c>ToolParser.MemberNameFor</c>).</summary>
        private string Prefix => _tool.MemberName;

        protected override string PatternField(int index) => Prefix + "_pattern" + index;

        protected override string SharedHelper(string name, System.Action<SourceWriter, string> emit) =>
            "global::" + GeneratedNamespace + "." + ToolTypesEmitter.ClassName + "." + name;

        /// <summary>A helper of this tool alone, written after the members that call it.</summary>
        private string LocalHelper(string name, System.Action<SourceWriter, string> emit)
        {
            if (!_helperNames.TryGetValue(name, out string? existing))
            {
                // The tools of one type share a class: the helper carries the tool's name.
                existing = Prefix + "_" + name;
                _helperNames[name] = existing;
                _pendingHelpers.Enqueue(w => emit(w, existing));
            }
            return existing;
        }

        private void EmitDefinition(SourceWriter w)
        {
            // The definition and the policy facts (domain rules included) are data, read once, by the one call the registry
            // makes: object initializers for them were about a seventh of what TypedTools added to a 1,000-tool build.
            w.Line("/// <summary>Creates the tool '" + Xml(_tool.ToolName) + "'.</summary>");
            w.Line("internal static global::TypedTools.GeneratedTool<" + ArgumentsType + "> " + Prefix + "_Tool() => new(");
            w.Indentation++;
            w.Line("// The policy facts the pipeline enforces: this tool's entry of the assembly's policy manifest (typedtools manifest,");
            w.Line("// typedtools diff), the same text. tools/list publishes its name and effects (as hints) with the description and");
            w.Line("// schemas below. All computed at compile time.");
            // String literals, not UTF-8 ones: the compiler lowers a u8 literal to a node per byte (~0.2 s of a 1,000-tool build).
            w.Line("policy: \"\"\"" + _tool.PolicyEntry + "\"\"\",");
            w.Line("description: " + (_tool.Description != null ? Literal(_tool.Description) : "null") + ",");
            w.Line("inputSchema: \"\"\"" + _tool.InputSchema + "\"\"\",");
            w.Line("outputSchema: " + (_tool.OutputSchema != null ? "\"\"\"" + _tool.OutputSchema + "\"\"\"," : "null,"));
            var parts = new List<string> { "maxDepth: " + _options.MaxDepth, Prefix + "_Bind", Prefix + "_Invoke" };
            if (_declaresDestinations)
            {
                parts.Add("destinations: " + Prefix + "_Destinations");
            }
            if (StringSecrets.Count > 0)
            {
                parts.Add("secrets: " + Prefix + "_Secrets");
            }
            if (_tool.Preview != null)
            {
                parts.Add("preview: " + Prefix + "_Preview");
            }
            if (_tool.Metadata.Count > 0)
            {
                // The authorization attributes, where the SDK's HTTP filters look for them.
                parts.Add("metadata: [" + string.Join(", ", _tool.Metadata) + "]");
            }
            if (_tool.Title != null)
            {
                parts.Add("title: " + Literal(_tool.Title));
            }
            if (_tool.Icon != null)
            {
                parts.Add("icon: " + Literal(_tool.Icon));
            }
            w.Line(string.Join(", ", parts) + ");");
            w.Indentation--;
            w.Line();
        }

        /// <summary>The <c>[Secret]</c> parameters whose values are redacted from results (strings; other secrets are redacted where arguments are shown).</summary>
        private List<ParameterSpec> StringSecrets => JsonParameters.Where(p => p.IsSecret && p.Type!.Kind == ValueKind.String).ToList();

        private void EmitCollectSecrets(SourceWriter w)
        {
            List<ParameterSpec> secrets = StringSecrets;
            if (secrets.Count == 0)
            {
                return;
            }
            w.Open("private static void " + Prefix + "_Secrets(in " + ArgumentsType + " arguments, global::System.Collections.Generic.List<string> secrets)");
            foreach (ParameterSpec p in secrets)
            {
                w.Line("if (" + Field(p) + " is { } " + p.Name + "_secret) secrets.Add(" + p.Name + "_secret);");
            }
            w.Close();
            w.Line();
        }

        /// <summary>The index of the parameter's [AllowedDomain] rule in the descriptor's rules (no static field: no static constructor).</summary>
        private string PathRuleIndex(ParameterSpec parameter) => (_pathParameters ??= ToolFacts.PathParameters(_tool)).IndexOf(parameter).ToString(System.Globalization.CultureInfo.InvariantCulture);

        private string DomainRuleIndex(ParameterSpec parameter) => DomainParameters.IndexOf(parameter).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The [AllowedDomain] parameters, in order: the descriptor's rules are listed, and read back, by this index.</summary>
        private List<ParameterSpec> DomainParameters => _domainParameters ??= ToolFacts.DomainParameters(_tool);

        private IEnumerable<ParameterSpec> JsonParameters => ToolFacts.JsonParameters(_tool);

        /// <summary>
        /// The type of one call's validated arguments. Not a type of the tool's own when it can be avoided: a named tuple
        /// for several parameters, the value itself for one, <c>ValueTuple</c> for none. Every declared type costs the
        /// compiler about as much as the rest of a small tool (measured on the 1,000-tool build), so a struct is emitted
        /// only when a parameter's name cannot name a tuple element (<c>Rest</c>, <c>Item2</c>, <c>ToString</c>...).
        /// </summary>
        private string ArgumentsType => _argumentsShape switch
        {
            ArgumentsShape.None => "global::System.ValueTuple",
            ArgumentsShape.Single => JsonParameters.Single().ClrTypeName,
            ArgumentsShape.Tuple => "(" + string.Join(", ", JsonParameters.Select(p => p.ClrTypeName + " @" + p.Name)) + ")",
            _ => Prefix + "_Arguments",
        };

        private enum ArgumentsShape
        {
            None,
            Single,
            Tuple,
            Struct,
        }

        private static ArgumentsShape ShapeOf(IReadOnlyList<ParameterSpec> parameters)
        {
            switch (parameters.Count)
            {
                case 0:
                    return ArgumentsShape.None;
                case 1:
                    return ArgumentsShape.Single;
            }
            foreach (ParameterSpec parameter in parameters)
            {
                string name = parameter.Name;
                if (name == "Rest" || name == "CompareTo" || name == "Deconstruct" || name == "Finalize" || HidesObjectMember(name) ||
                    name.StartsWith("Item", System.StringComparison.Ordinal))
                {
                    return ArgumentsShape.Struct;
                }
            }
            return ArgumentsShape.Tuple;
        }

        /// <summary>A field of this name hides a member every struct inherits, so it is declared <c>new</c>.</summary>
        private static bool HidesObjectMember(string name) =>
            name == "ToString" || name == "Equals" || name == "GetHashCode" || name == "GetType" ||
            name == "MemberwiseClone" || name == "ReferenceEquals";

        /// <summary>How the generated members reach one parameter's validated value.</summary>
        private string Field(ParameterSpec parameter) => _argumentsShape == ArgumentsShape.Single ? "arguments" : "arguments.@" + parameter.Name;

        private void EmitArguments(SourceWriter w)
        {
            if (_argumentsShape != ArgumentsShape.Struct)
            {
                return;
            }
            // A plain struct, not a record: nothing compares or prints it, and a record's synthesized members (equality,
            // hashing, printing) would be compiled and emitted for every tool.
            w.Line("// The validated arguments of one call.");
            w.Open("internal struct " + Prefix + "_Arguments");
            foreach (ParameterSpec p in JsonParameters)
            {
                w.Line("public " + (HidesObjectMember(p.Name) ? "new " : "") + p.ClrTypeName + " @" + p.Name + ";");
            }
            w.Close();
            w.Line();
        }

        /// <summary>
        /// The tool's parameters described once, one binder call per parameter: the base class runs this description to
        /// parse a call strictly, to apply the policy constraints and to write the canonical arguments. (A parser, a
        /// constraint method and a writer per tool cost the compiler three methods and a dozen statements a parameter.)
        /// </summary>
        private void EmitBind(SourceWriter w)
        {
            w.Open("private static void " + Prefix + "_Bind(ref global::TypedTools.Arguments.ArgumentBinder b, ref " + ArgumentsType + " arguments)");
            bool first = true;
            foreach (ParameterSpec p in JsonParameters)
            {
                if (!first)
                {
                    w.Line();
                }
                first = false;
                w.Line("// " + Comment(Describe(p)));
                string name = Literal(p.Name);
                string flags = Flags(p);
                string bind = BindCall(p, name, flags);
                string? check = CheckOnRead(p, name);
                if (check is null)
                {
                    w.Line(bind + ";");
                }
                else
                {
                    w.Line("if (" + bind + ")");
                    w.Indentation++;
                    w.Line(check + ";");
                    w.Indentation--;
                }
                // The policy constraints act in their own pass, after the parse.
                string optional = p.Type!.IsNullable ? "Optional" : "";
                if (p.ClaimType != null)
                {
                    w.Line("b." + optional + "Claim(" + Field(p) + ", " + name + ", " + Literal(p.ClaimType) + "); // [MatchesClaim]: the caller's own value");
                }
                if (p.DomainGuard != null)
                {
                    w.Line("b." + optional + "Url(ref " + Field(p) + ", " + name + ", " + DomainRuleIndex(p) + "); // [AllowedDomain]: the method receives the checked URL");
                }
                if (p.PathGuard != null)
                {
                    w.Line("b." + optional + "Path(ref " + Field(p) + ", " + name + ", " + PathRuleIndex(p) + "); // [AllowedPath] " + Comment(p.PathGuard.Root) + " (" +
                           p.PathGuard.Access + "): the method receives the canonical full path");
                }
            }
            w.Close();
            w.Line();
        }

        private const string ArgumentFlags = "global::TypedTools.Arguments.ArgumentFlags";

        /// <summary>What the binder needs to know beyond the type and its nullability (the method's): required, secret.</summary>
        private static string Flags(ParameterSpec parameter)
        {
            var flags = new List<string>();
            if (parameter.IsRequired) flags.Add(ArgumentFlags + ".Required");
            if (parameter.IsSecret) flags.Add(ArgumentFlags + ".Secret");
            return flags.Count == 0 ? ArgumentFlags + ".None" : string.Join(" | ", flags);
        }

        /// <summary>The binder call for one parameter: its reference, name, flags, value when absent, codec and limits.</summary>
        private string BindCall(ParameterSpec parameter, string name, string flags)
        {
            TypeSpec type = parameter.Type!;
            Constraints c = parameter.Constraints!;
            string head = "(ref " + Field(parameter) + ", " + name + ", " + flags + ", " + Fallback(parameter);
            // A parameter that may be null has a method of its own (its reference's type differs): ...OrNull, NullableValue.
            string orNull = type.IsNullable ? "OrNull" : "";
            switch (type.Kind)
            {
                case ValueKind.String:
                    return "b.String" + orNull + head + ", " + c.MinLength + ", " + (c.MaxLength ?? _options.MaxStringLength) + ")";
                case ValueKind.Array:
                case ValueKind.Map:
                    return (type.IsNullableValueType ? "b.NullableCollection" : "b.Collection" + orNull) + head + ", " + CollectionCodec(type.NonNullable) + ", " + c.MinLength + ", " + (c.MaxLength ?? _options.MaxArrayLength) + ")";
                default:
                    return (type.IsNullableValueType ? "b.NullableValue" : "b.Value" + orNull) + head + ", " + Codec(type.NonNullable) + ")";
            }
        }

        /// <summary>The check the parse makes on a value it read (a pattern or a range), or null when none is declared.</summary>
        private string? CheckOnRead(ParameterSpec parameter, string name)
        {
            TypeSpec type = parameter.Type!;
            Constraints c = parameter.Constraints!;
            string value = type.IsNullableValueType ? Field(parameter) + ".Value" : Field(parameter);
            if (type.Kind == ValueKind.String && c.Pattern != null)
            {
                _patterns.Add(c.Pattern);
                return "b.CheckPattern(" + value + ", " + name + ", " + PatternField(_patterns.Count - 1) + ", " + Literal(c.Pattern) + ")";
            }
            if (c.Minimum != null || c.Maximum != null)
            {
                return RangeCheck(type.NonNullable, c, value, name, "b");
            }
            return null;
        }

        /// <summary>
        /// The value of a parameter that is absent: its default, or <c>default!</c> when it is required. A number's default
        /// is cast to the parameter's type: a literal of another type (<c>4</c> for a <c>uint</c>) would stop the binder's
        /// type argument from being inferred.
        /// </summary>
        private static string Fallback(ParameterSpec parameter)
        {
            string? literal = parameter.DefaultLiteral;
            if (literal is null)
            {
                return "default!";
            }
            ValueKind kind = parameter.Type!.Kind;
            bool number = kind >= ValueKind.SByte && kind <= ValueKind.Decimal;
            return number && literal != "default" && literal != "null" ? "(" + parameter.ClrTypeName + ")(" + literal + ")" : literal;
        }

        /// <summary>A parameter in words, for the comment above its parsing.</summary>
        private string Describe(ParameterSpec parameter)
        {
            var parts = new List<string> { parameter.Name + ": " + Expected(parameter.Type!) };
            parts.Add(parameter.IsRequired ? "required" : "optional, default " + (parameter.DefaultLiteral ?? "default"));
            Constraints c = parameter.Constraints!;
            if (parameter.Type!.Kind == ValueKind.String || parameter.Type.IsCollection)
            {
                parts.Add("length " + c.MinLength + ".." + (c.MaxLength ?? (parameter.Type.Kind == ValueKind.String ? _options.MaxStringLength : _options.MaxArrayLength)));
            }
            if (c.Minimum != null || c.Maximum != null)
            {
                parts.Add("range " + (c.Minimum?.JsonNumber ?? "") + ".." + (c.Maximum?.JsonNumber ?? ""));
            }
            if (c.Pattern != null)
            {
                parts.Add("pattern " + c.Pattern);
            }
            return string.Join(", ", parts);
        }
    }
}
