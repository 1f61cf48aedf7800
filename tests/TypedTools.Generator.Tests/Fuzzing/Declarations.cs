using System.Text;

namespace TypedTools.Generator.Tests.Fuzzing;

/// <summary>
/// Writes a random but (nearly always) legal C# program of tools from a seed: odd names (keywords, the generated code's
/// own locals, non-ASCII, names that differ only in case or by an underscore), enums with aliases, flags and other
/// underlying types, records, classes, structs, inheritance, a generic record, collections and nullables of all of them,
/// defaults of every literal kind, validation and policy attributes, doc comments and descriptions with characters that
/// need escaping, tools in static, instance, nested, generic and file-local types, sync and async results.
/// </summary>
/// <remarks>
/// The same seed and sizes give the same program. A program the compiler refuses on its own is not a finding: the test
/// counts those and requires that they stay rare, so that the fuzzer keeps exploring legal declarations.
/// </remarks>
public sealed class Declarations
{
    /// <summary>
    /// A type a parameter, property or result can have: its spelling, constant defaults and attributes that fit it, and
    /// whether the generator may take a parameter of it for a service (a class that is not a plain DTO).
    /// </summary>
    private sealed record Shape(string Type, bool IsValueType, string[] Defaults, string[] Attributes, bool CanWrap = true, bool MaybeService = false);

    private static readonly string[] s_numberAttributes =
        ["[Range(0, 9)]", "[Range(-1.5, 2.5)]", "[Range(typeof(decimal), \"0.5\", \"1.5\")]", "[Range(1, 0)]", "[Range(0.2, 0.8)]", "[Range(0, 1e30)]",
         "[Range(double.NegativeInfinity, 0)]", "[Range(0, double.MaxValue)]", "[Range(-1, 1, MinimumIsExclusive = true, MaximumIsExclusive = true)]",
         "[Description(\"a \\\"number\\\"\")]"];

    private static readonly string[] s_textAttributes =
    [
        "[StringLength(5)]", "[StringLength(10, MinimumLength = 2)]", "[MinLength(1)]", "[MaxLength(3)]", "[Length(1, 4)]",
        "[RegularExpression(\"^[a-z]+$\")]", "[RegularExpression(\"\\\\d{2}\\\\\\\\\")]", "[RegularExpression(\"(?<x>a)\\\\k<x>\")]", "[RegularExpression(\"(\")]",
        "[AllowedPath(\"workspace\")]", "[AllowedDomain(\"example.org\", \"*.example.net\")]", "[Secret]", "[EmailAddress]", "[Url]",
        "[AllowedValues(\"a\", \"b\")]", "[Description(\"quote \\\" backslash \\\\ line\\nbreak \u00e9 \\u2028 </summary>\")]", "[Destination]",
        "[FromClaim(\"sub\")]", "[MatchesClaim(\"tenant\")]",
    ];

    private static readonly string[] s_listAttributes = ["[MinItems(1)]", "[MaxItems(3)]", "[MinLength(1)]", "[Length(1, 2)]", "[Description(\"items\")]"];

    private static readonly Shape[] s_primitives =
    [
        new("bool", true, ["true", "false"], ["[Description(\"yes or no\")]"]),
        new("byte", true, ["255", "0"], s_numberAttributes),
        new("sbyte", true, ["-128"], s_numberAttributes),
        new("short", true, ["-5"], s_numberAttributes),
        new("ushort", true, ["7"], s_numberAttributes),
        new("int", true, ["0", "-1", "int.MaxValue", "int.MinValue"], s_numberAttributes),
        new("uint", true, ["4294967295"], s_numberAttributes),
        new("long", true, ["long.MinValue", "9007199254740993"], s_numberAttributes),
        new("ulong", true, ["ulong.MaxValue"], s_numberAttributes),
        new("float", true, ["1.5f", "float.NaN", "float.PositiveInfinity", "-0f", "float.MaxValue"], s_numberAttributes),
        new("double", true, ["0.1", "double.NegativeInfinity", "1e308", "double.Epsilon", "double.NaN", "-0.0"], s_numberAttributes),
        new("decimal", true, ["1.5m", "decimal.MaxValue", "-0.0m", "0.1m", "1.000m"], s_numberAttributes),
        new("char", true, ["'x'", "'\\''", "'\\0'", "'\\uD800'", "'\"'"], []),
        new("string", false, ["null", "\"a\\\"b\"", "\"\\u2028\"", "\"\u00e9\"", "\"\"", "\"{\\\"a\\\":1}\"", "\"\\uD800\"", "\"\\\\\"", "\"\\0\"", "\"\\\"\\\"\\\"\""],
            s_textAttributes),
        new("System.Guid", true, ["default"], []),
        new("System.DateTimeOffset", true, ["default"], []),
        new("System.DateOnly", true, ["default"], []),
        new("System.TimeOnly", true, ["default"], []),
        new("System.TimeSpan", true, ["default"], []),
        new("System.Uri", false, ["null"], ["[AllowedDomain(\"example.org\")]", "[AllowedDomain(\"*.example.org\", \"localhost:8080\")]", "[Destination]"]),
        new("System.DateTime", true, ["default"], []),
        new("object", false, ["null"], []),
        new("System.Half", true, [], []),
        new("System.Int128", true, [], []),
        new("nint", true, ["0"], []),
        new("System.Text.Json.JsonElement", true, ["default"], []),
        new("System.Text.Json.Nodes.JsonNode", false, ["null"], []),
        new("byte[]", false, ["null"], [], CanWrap: false),
    ];

    // Names that the generated code uses itself, keywords, non-ASCII names, and names that differ only in case or by an underscore.
    private static readonly string[] s_memberNames =
    [
        "x", "value", "Value", "b", "arguments", "request", "cancellationToken", "services", "result", "Item1", "Rest", "@class", "@int", "\u00dcber", "_ber",
        "_", "__", "A_B", "a_b", "Id", "id", "m0Seen", "v0", "p0", "reader", "writer", "property", "index", "global", "System", "Name", "Text", "Items",
        "Type", "@default", "@event", "json", "Json", "schema", "tool", "instance", "Read", "Write", "Codec", "span", "e", "\u00e9t\u00e9",
    ];

    private static readonly string[] s_typeNames =
    [
        "Query", "Item", "@record", "Node", "Color", "Point", "A_B", "A", "\u00dcber", "Result", "Level", "Mode", "Options", "Entity", "Person", "@enum",
        "Value", "Arguments", "Tools", "Codec_Query", "ToolTypes", "Read_Query", "Box", "Schema", "E", "e",
    ];

    private static readonly string[] s_namespaces = ["", "Fuzz", "A.B_C", "A_B.C", "@namespace.@class", "\u00dcber.Tools", "TypedTools.Fuzz", "Global"];

    private static readonly string[] s_toolNames =
        ["run", "get_item", "a.b-c", "Run", "x", "bad name", "", "\u00fcnicode", new string('t', 129), "tool_1", "RUN", "a/b"];

    private static readonly string[] s_summaries =
    [
        "Reads &lt;x&gt; &amp; y.", "Quote \" and backslash \\ and \u00e9.", "Line one.\n    /// Line two.", "Compares <see cref=\"System.String\"/> values.",
        "Runs <c>code</c> and <paramref name=\"x\"/>.", "   ", "A \t tab and a \u00a0 no-break space.", "Ends with a backslash \\", "{\"json\": true}",
        "<b>unknown</b> tag", "*/ closes a comment", "\"\"\" three quotes",
    ];

    private readonly Random _random;
    private readonly StringBuilder _types = new();
    private readonly List<Shape> _shapes = [.. s_primitives];
    private readonly List<string> _inheritable = []; // classes a later class may derive from
    private readonly List<string> _enums = []; // enums declared so far, which may key a dictionary
    private readonly HashSet<string> _usedTypeNames = new(StringComparer.Ordinal);

    private Declarations(int seed) => _random = new Random(seed);

    /// <summary>A program, and for each tool method the tool's name and the parameters its arguments must carry.</summary>
    public sealed record Program(string Source, IReadOnlyList<ToolMethod> Tools)
    {
        public override string ToString() => Source;
    }

    /// <summary>
    /// A tool method: its tool's name, the parameters its arguments must carry, and those of classes the generator may
    /// take for services instead (the services, claims and tokens themselves left out).
    /// </summary>
    public sealed record ToolMethod(string Name, IReadOnlyList<string> Parameters, IReadOnlyList<string> MaybeServices);

    private readonly List<ToolMethod> _tools = [];

    /// <summary>The program for a seed: <paramref name="types"/> user types, <paramref name="tools"/> tool methods.</summary>
    public static Program Write(int seed, int types, int tools, int parameters) =>
        new Declarations(seed).Write(types, tools, parameters);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(int percent) => _random.Next(100) < percent;

    /// <summary>The name, or the name and a number when it is taken (<c>@class</c> and <c>class</c> are one name).</summary>
    private static string Unique(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int n = 2; !used.Add(candidate.TrimStart('@')); n++)
        {
            candidate = name + n;
        }
        return candidate;
    }

    /// <summary>The attributes of a shape that a property may carry (the policy attributes are for parameters only).</summary>
    private static string[] PropertyAttributes(Shape shape) =>
        shape.Attributes.Where(a => !a.StartsWith("[Allowed", StringComparison.Ordinal) && !a.StartsWith("[Secret", StringComparison.Ordinal) &&
                                    !a.Contains("Claim(", StringComparison.Ordinal)).ToArray();

    private Program Write(int types, int tools, int parameters)
    {
        string ns = Pick(s_namespaces);
        for (int i = 0; i < types; i++)
        {
            if (Chance(35))
            {
                Enum();
            }
            else
            {
                ObjectType();
            }
        }

        var toolClasses = new StringBuilder();
        int written = 0;
        while (written < tools)
        {
            int count = Math.Min(tools - written, 1 + _random.Next(3));
            toolClasses.Append(ToolClass(Unique(Pick(["Tools", "@class", "MyTools", "tools", "\u00dcberTools", "A_B", "Tools_1"]), _usedTypeNames), count, parameters));
            written += count;
        }

        var source = new StringBuilder("""
            #nullable enable
            using System;
            using System.Collections.Generic;
            using System.ComponentModel;
            using System.ComponentModel.DataAnnotations;
            using System.Text.Json.Serialization;
            using System.Threading;
            using System.Threading.Tasks;
            using ModelContextProtocol.Server;
            using TypedTools;

            """);
        bool fileScoped = ns.Length > 0 && Chance(50);
        if (ns.Length > 0)
        {
            source.Append("namespace ").Append(ns).Append(fileScoped ? ";\n" : "\n{\n");
        }
        source.Append("public interface IClock { DateTimeOffset Now { get; } }\n");
        source.Append(_types).Append(toolClasses);
        if (ns.Length > 0 && !fileScoped)
        {
            source.Append("}\n");
        }
        return new Program(source.ToString(), _tools);
    }

    private string TypeName() => Unique(Pick(s_typeNames), _usedTypeNames);

    private void Enum()
    {
        string name = TypeName();
        string underlying = Pick(["", "", " : byte", " : sbyte", " : long", " : ulong", " : short"]);
        bool signed = underlying is "" or " : sbyte" or " : long" or " : short";
        bool flags = Chance(25);
        var members = new List<string>();
        var plain = new List<string>(); // the members' C# names
        var used = new HashSet<string>(StringComparer.Ordinal);
        int count = _random.Next(Chance(10) ? 0 : 1, 6);
        for (int i = 0; i < count; i++)
        {
            string member = Unique(Pick(["A", "B", "Red", "None", "Value", "value", "@class", "\u00dcber", "_", "All", "Item1", "a_b", "A_B"]), used);
            string value = Pick(["", "", "0", "1", "2", "4", "8", "1 << 3", "3", "-1", "-128", "127", plain.Count > 0 ? plain[0] : ""]);
            if (!signed && value.StartsWith('-'))
            {
                value = "";
            }
            // A JSON name of its own sometimes, clashing names and odd ones included.
            string renamed = Chance(15) ? $"[JsonStringEnumMemberName({Pick(["\"x\"", "\"a b\"", "\"in-progress\"", "\"A\"", "\"\"", "\"\\\"q\\\"\""])})] " : "";
            members.Add(renamed + (value.Length == 0 ? member : $"{member} = {value}"));
            plain.Add(member);
        }
        _types.Append(flags ? "[Flags] " : "").Append($"public enum {name}{underlying} {{ {string.Join(", ", members)} }}\n");
        string[] defaults = plain.Count > 0 ? [$"{name}.{plain[0]}", "default", $"({name})99"] : ["default"];
        _shapes.Add(new Shape(name, true, defaults, ["[Description(\"a choice\")]"]));
        _enums.Add(name);
    }

    private void ObjectType()
    {
        string name = TypeName();
        var used = new HashSet<string>(StringComparer.Ordinal) { name.TrimStart('@') };
        int count = _random.Next(0, 4);
        string Member() => Unique(Pick(s_memberNames), used);

        switch (_random.Next(7))
        {
            case 0 or 1: // a positional record (class or struct), perhaps with extra properties
            {
                string kind = Pick(["sealed record", "record", "record struct", "readonly record struct", "sealed record class"]);
                var parameters = new List<string>();
                bool optional = false;
                for (int i = 0; i < count; i++)
                {
                    Shape shape = MemberShape(name, !kind.Contains("struct"));
                    string[] fitting = PropertyAttributes(shape);
                    string attributes = (fitting.Length > 0 && Chance(30) ? "[property: " + Pick(fitting).Trim('[', ']') + "] " : "") +
                                        (Chance(5) ? "[property: JsonIgnore] " : "");
                    optional |= Chance(30) && shape.Defaults.Length > 0;
                    string dflt = optional && shape.Defaults.Length > 0 ? " = " + Pick(shape.Defaults) : "";
                    if (optional && dflt.Length == 0)
                    {
                        break;
                    }
                    parameters.Add($"{attributes}{shape.Type} {Member()}{dflt}");
                }
                string extra = Chance(30) ? $" {{ public {MemberShape(name, !kind.Contains("struct")).Type} {Member()} {{ get; {(kind is "record struct" ? "set" : "init")}; }} }}" : ";";
                _types.Append($"public {kind} {name}({string.Join(", ", parameters)}){extra}\n");
                Register(name, kind.Contains("struct"));
                break;
            }
            case 2 or 3: // a class or struct of properties
            {
                string kind = Pick(["sealed class", "class", "struct"]);
                string inherits = kind == "class" && _inheritable.Count > 0 && Chance(40) ? " : " + Pick(_inheritable) : "";
                var body = new StringBuilder();
                for (int i = 0; i < count; i++)
                {
                    Shape shape = MemberShape(name, kind != "struct");
                    string[] fitting = PropertyAttributes(shape);
                    string attributes = fitting.Length > 0 && Chance(25) ? Pick(fitting) + " " : "";
                    attributes += Pick(["", "", "", "[JsonIgnore] ", "[JsonPropertyName(\"x\")] ", "[JsonPropertyName(\"a b\")] ", "[JsonPropertyName(\"$ref\")] ",
                        "[JsonPropertyName(\"\u00e9\")] ", "[JsonPropertyName(\"\\\"q\\\"\")] ", "[JsonRequired] ", "[Required] "]);
                    string accessors = Pick(["{ get; set; }", "{ get; set; }", "{ get; init; }", "{ get; }", "{ get; private set; }"]);
                    string required = kind != "struct" && Chance(20) && accessors.Contains("set;") && !accessors.Contains("private") ? "required " : "";
                    string initializer = kind != "struct" && (accessors == "{ get; }" || Chance(20)) && shape.Defaults.Length > 0 ? " = " + Pick(shape.Defaults) + ";"
                        : kind != "struct" && Chance(5) ? " = " + (shape.IsValueType ? "default!" : Pick(["null!", "default!", "(null)!"])) + ";" // starts as the default all the same
                        : "";
                    body.Append($" {attributes}public {required}{shape.Type} {Member()} {accessors}{initializer}");
                }
                if (Chance(15))
                {
                    body.Append($" public {name}() {{ }} public {name}(int other) {{ }}");
                }
                _types.Append($"public {kind} {name}{inherits} {{{body} }}\n");
                Register(name, kind == "struct", maybeService: kind != "struct");
                if (kind == "class")
                {
                    _inheritable.Add(name);
                }
                break;
            }
            case 4: // a generic record, used closed
            {
                Shape argument = MemberShape(name, isClass: false);
                _types.Append($"public sealed record {name}<T>(T {Member()}, int {Member()} = 1);\n");
                _shapes.Add(new Shape($"{name}<{argument.Type}>", false, ["null"], []));
                break;
            }
            case 5: // a class built through its constructor
            {
                Shape shape = MemberShape(name, isClass: true);
                string member = Member();
                string parameter = Chance(50) ? member.TrimStart('@').ToLowerInvariant() : member;
                if (parameter is "class" or "int" or "default" or "event")
                {
                    parameter = "@" + parameter;
                }
                bool marked = Chance(50);
                _types.Append($"public sealed class {name} {{ {(marked ? "[JsonConstructor] " : "")}public {name}({shape.Type} {parameter}) {{ this.{member} = {parameter}; }} public {shape.Type} {member} {{ get; }} }}\n");
                Register(name, false, maybeService: !marked);
                break;
            }
            default: // a recursive node
            {
                string child = Member();
                _types.Append($"public sealed record {name}(string {Member()}, {name}? {child} = null, List<{name}>? {Member()} = null);\n");
                Register(name, false);
                break;
            }
        }
    }

    private void Register(string name, bool isValueType, bool maybeService = false) =>
        _shapes.Add(new Shape(name, isValueType, isValueType ? ["default"] : ["null"], [], MaybeService: maybeService));

    /// <summary>A member's type: any shape declared so far, sometimes wrapped, sometimes the declaring class itself (nullable).</summary>
    private Shape MemberShape(string declaring, bool isClass) =>
        isClass && Chance(5) ? new Shape(declaring + "?", false, ["null"], [], CanWrap: false) : Wrap(Pick(_shapes));

    private Shape Wrap(Shape shape)
    {
        if (!shape.CanWrap || Chance(55))
        {
            return shape;
        }
        string t = shape.Type;
        return _random.Next(17) switch
        {
            0 or 1 => new Shape(t + "?", false, ["null", .. shape.Defaults], shape.Attributes, CanWrap: false, shape.MaybeService),
            2 => new Shape(t + "[]", false, ["null"], s_listAttributes),
            3 => new Shape($"List<{t}>", false, ["null"], s_listAttributes),
            4 => new Shape($"IReadOnlyList<{t}>", false, ["null"], s_listAttributes),
            5 => new Shape($"IEnumerable<{t}>", false, ["null"], s_listAttributes),
            6 => new Shape($"Dictionary<string, {t}>", false, ["null"], s_listAttributes),
            11 => new Shape($"IReadOnlyDictionary<string, {t}>", false, ["null"], s_listAttributes),
            12 => new Shape($"{Pick(["Dictionary", "IReadOnlyDictionary", "System.Collections.Frozen.FrozenDictionary"])}<{Pick(["int", "Guid", "string", .. _enums, .. _enums])}, {t}>", false, ["null"], s_listAttributes),
            7 => new Shape($"HashSet<{t}>", false, ["null"], s_listAttributes),
            8 => new Shape($"System.Collections.Immutable.ImmutableArray<{t}>", true, ["default"], s_listAttributes),
            9 => new Shape($"{t}[][]", false, ["null"], s_listAttributes, CanWrap: false),
            13 => new Shape($"System.Collections.Immutable.{Pick(["ImmutableList", "IImmutableList"])}<{t}>", false, ["null"], s_listAttributes),
            14 => new Shape($"{Pick(["System.Collections.Immutable.ImmutableHashSet", "System.Collections.Immutable.IImmutableSet", "System.Collections.Frozen.FrozenSet"])}<{t}>", false, ["null"], s_listAttributes),
            15 => new Shape($"{Pick(["System.Collections.Immutable.ImmutableDictionary", "System.Collections.Immutable.IImmutableDictionary", "System.Collections.Frozen.FrozenDictionary", "System.Collections.ObjectModel.ReadOnlyDictionary"])}<string, {t}>", false, ["null"], s_listAttributes),
            16 => new Shape($"{Pick(["System.Collections.ObjectModel.ReadOnlyCollection", "SortedSet"])}<{t}>", false, ["null"], s_listAttributes),
            _ => new Shape($"({t}, int)", true, ["default"], [], CanWrap: false),
        };
    }

    private string ToolClass(string name, int tools, int parameters)
    {
        string kind = Pick(["public static class", "public static class", "public sealed class", "internal static partial class", "nested", "public static class<T>", "file static class", "public sealed class(IClock)"]);
        var methods = new StringBuilder();
        bool isStatic = kind.Contains("static") || kind == "nested";
        var usedMethods = new HashSet<string>(StringComparer.Ordinal) { name.TrimStart('@') };
        for (int i = 0; i < tools; i++)
        {
            methods.Append(Tool(isStatic || Chance(30), usedMethods, parameters));
        }
        return kind switch
        {
            "nested" => $"public static class Outer{name.TrimStart('@')} {{\n public static class {name} {{\n{methods} }}\n}}\n",
            "public static class<T>" => $"public static class {name}<T> {{\n{methods}}}\n",
            "public sealed class(IClock)" => $"public sealed class {name}(IClock clock) {{\n public IClock Clock => clock;\n{methods}}}\n",
            _ => $"{kind} {name} {{\n{methods}}}\n",
        };
    }

    private string Tool(bool isStatic, HashSet<string> usedMethods, int parameterCount)
    {
        var text = new StringBuilder();
        var parameters = new List<string>();
        var documented = new List<string>();
        var arguments = new List<string>();
        var maybeServices = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        int count = _random.Next(0, parameterCount + 1);
        bool optional = false;
        for (int i = 0; i < count; i++)
        {
            string special = Chance(8) ? Pick(["CancellationToken", "IServiceProvider", "IClock", "RequestContext<ModelContextProtocol.Protocol.CallToolRequestParams>", "McpServer",
                "IProgress<ModelContextProtocol.ProgressNotificationValue>"]) : "";
            string name = Unique(Pick(s_memberNames), used);
            if (special.Length > 0)
            {
                parameters.Add($"{special} {name}{(optional ? " = default" : "")}");
                continue;
            }
            Shape shape = Wrap(Pick(_shapes));
            string attributes = shape.Attributes.Length > 0 && Chance(40) ? Pick(shape.Attributes) + " " : "";
            optional |= Chance(25) && shape.Defaults.Length > 0;
            if (optional && shape.Defaults.Length == 0)
            {
                continue;
            }
            if (!attributes.Contains("FromClaim", StringComparison.Ordinal))
            {
                (shape.MaybeService ? maybeServices : arguments).Add(name.TrimStart('@'));
            }
            parameters.Add($"{attributes}{shape.Type} {name}{(optional ? " = " + Pick(shape.Defaults) : "")}");
            documented.Add(name.TrimStart('@'));
        }

        if (Chance(60))
        {
            text.Append("    /// <summary>").Append(Pick(s_summaries)).Append("</summary>\n");
            foreach (string name in documented.Where(_ => Chance(50)))
            {
                text.Append($"    /// <param name=\"{name}\">{Pick(s_summaries)}</param>\n");
            }
            if (Chance(30))
            {
                text.Append("    /// <returns>").Append(Pick(s_summaries)).Append("</returns>\n");
            }
        }

        var tool = new List<string>();
        string? toolName = Chance(75) ? Pick(s_toolNames) + (Chance(70) ? "_" + usedMethods.Count : "") : null;
        if (toolName != null)
        {
            tool.Add($"Name = \"{toolName}\"");
        }
        if (Chance(15))
        {
            tool.Add("Title = \"A \\\"title\\\" \u00e9\"");
        }
        foreach (string hint in new[] { "ReadOnly = true", "Destructive = false", "Destructive = true", "Idempotent = true", "OpenWorld = false", "UseStructuredContent = true" })
        {
            if (Chance(8))
            {
                tool.Add(hint);
            }
        }
        text.Append("    [McpServerTool").Append(tool.Count > 0 ? "(" + string.Join(", ", tool) + ")" : "");
        foreach (string effect in new[] { "TypedTools.ReadOnly", Pick(["Destructive", "Destructive(\"deletes\")"]), "Idempotent", "OpenWorld(false)", "RequiresConfirmation(\"send\")",
            "ReadsPrivateData", "ReturnsUntrustedContent", "SendsExternally", "Description(\"What it does: \\\"this\\\" \\\\ \u00e9.\")" })
        {
            if (Chance(10))
            {
                text.Append(", ").Append(effect);
            }
        }
        text.Append(']');

        string result = Result();
        string method = Unique(Pick(["Run", "Get", "@class", "\u00dcber", "_ber", "Run_1", "Tool", "Invoke", "Bind", "ToString", "Equals", "Read"]), usedMethods);
        string body = result == "void" ? "{ }" : result.StartsWith("async ", StringComparison.Ordinal)
            ? result.Contains('<') ? "{ await Task.Yield(); return default!; }" : "{ await Task.Yield(); }"
            : "=> default!;";
        text.Append($"\n    public {(isStatic ? "static " : "")}{result} {method}({string.Join(", ", parameters)}) {body}\n");
        _tools.Add(new ToolMethod(toolName ?? TypedTools.Shared.ToolNames.DefaultToolName(method.TrimStart('@'), isAsync: false), arguments, maybeServices));
        return text.ToString();
    }

    private string Result()
    {
        if (Chance(15))
        {
            return Pick(["void", "Task", "ValueTask", "async Task", "ModelContextProtocol.Protocol.CallToolResult", "IAsyncEnumerable<int>"]);
        }
        string type = Wrap(Pick(_shapes)).Type;
        return _random.Next(5) switch
        {
            0 => $"Task<{type}>",
            1 => $"ValueTask<{type}>",
            2 => $"async Task<{type}>",
            _ => type,
        };
    }
}
