using System.Runtime.CompilerServices;
using System.Text.Json;
using TypedTools.Policy;
using TypedTools.Policy.Network;
using TypedTools.Policy.Paths;

namespace TypedTools.Arguments;

/// <summary>What a generated tool declares about one parameter, beyond its type.</summary>
[Flags]
public enum ArgumentFlags
{
    /// <summary>Optional, never null.</summary>
    None = 0,
    /// <summary>The call must send it.</summary>
    Required = 1,
    /// <summary>A <c>[Secret]</c>: redacted wherever the arguments are shown or kept.</summary>
    Secret = 4,
}

/// <summary>
/// One pass over a tool's parameters. A generated tool describes its parameters once (its <c>{Method}_Bind</c> method,
/// which <c>BindArguments</c> runs): one call per parameter, naming its type's codec and its declared limits. The base
/// class runs that description in each mode it needs: to parse the call's arguments strictly, to apply the parameters'
/// policy constraints, to write the canonical arguments, and (only to name unknown arguments) to list the names. One description instead of a
/// parser, a constraint method and a writer per tool: the compiler's cost on a large tool set follows the members and
/// statements it is given, and a 1,000-tool project paid for three methods a tool.
/// </summary>
public ref struct ArgumentBinder
{
    private readonly Mode _mode;
    private readonly ArgumentReader? _reader;
    private readonly IDictionary<string, JsonElement>? _arguments;
    // The SDK's arguments are a Dictionary: looked up directly, not through the interface's dispatch (a parse of three
    // primitives spent more time dispatching than hashing).
    private readonly Dictionary<string, JsonElement>? _dictionary;
    private readonly ConstraintChecker? _check;
    private readonly ToolDescriptor? _descriptor;
    private readonly Utf8JsonWriter? _writer;
    private readonly bool _redactSecrets;
    private readonly List<string>? _names;
    private int _matched;
    private bool _constrained;

    /// <summary>JSON null is a valid value: set by the methods for parameters that may be null, not by generated code.</summary>
    private const ArgumentFlags Nullable = (ArgumentFlags)2;

    private enum Mode : byte
    {
        Parse,
        Constrain,
        Write,
        Names,
    }

    private ArgumentBinder(Mode mode, ArgumentReader? reader = null, IDictionary<string, JsonElement>? arguments = null, ConstraintChecker? check = null,
        ToolDescriptor? descriptor = null, Utf8JsonWriter? writer = null, bool redactSecrets = false, List<string>? names = null)
    {
        _mode = mode;
        _reader = reader;
        _arguments = arguments;
        _dictionary = arguments as Dictionary<string, JsonElement>;
        _check = check;
        _descriptor = descriptor;
        _writer = writer;
        _redactSecrets = redactSecrets;
        _names = names;
    }

    internal static ArgumentBinder ForParse(ArgumentReader reader, IDictionary<string, JsonElement>? arguments) => new(Mode.Parse, reader, arguments);

    /// <summary>The constraint pass: the rules generated code names by index are the descriptor's.</summary>
    internal static ArgumentBinder ForConstraints(ConstraintChecker check, ToolDescriptor descriptor) => new(Mode.Constrain, check: check, descriptor: descriptor);

    internal static ArgumentBinder ForWrite(Utf8JsonWriter writer, bool redactSecrets) => new(Mode.Write, writer: writer, redactSecrets: redactSecrets);

    internal static ArgumentBinder ForNames(List<string> names) => new(Mode.Names, names: names);

    /// <summary>How many of the call's arguments the parse matched to a parameter.</summary>
    internal readonly int Matched => _matched;

    /// <summary>Whether the parse met a parameter with a policy constraint (so that the constraint pass is needed).</summary>
    internal readonly bool HasConstraints => _constrained;

    // ---- parameters: one method per shape, so that a parameter's nullability is its method's (the generated code
    // ---- compiles without nullable warnings either way); each pair shares one implementation below. Each asks to be
    // ---- inlined, so that the parse (the pass every call makes) branches to its own method; the other passes share one.

    /// <summary>
    /// A string parameter with its length bounds (in code points). Returns true when the parse read a value that passed
    /// them, so that the generated code can check a pattern on it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool String(ref string value, string name, ArgumentFlags flags, string fallback, int minLength, int maxLength) =>
        _mode == Mode.Parse ? ParseString(ref value!, name, flags, fallback, minLength, maxLength) : Other(value, name, flags, Results.JsonValueWriters.String);

    /// <summary>A string parameter that may be null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool StringOrNull(ref string? value, string name, ArgumentFlags flags, string? fallback, int minLength, int maxLength) =>
        _mode == Mode.Parse ? ParseString(ref value, name, flags | Nullable, fallback, minLength, maxLength) : Other(value, name, flags, Results.JsonValueWriters.String);

    /// <summary>
    /// A parameter of any other kind but arrays, read and written by <paramref name="codec"/>. Returns true when the
    /// parse read a (non-null) value, so that the generated code can check a declared range on it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Value<T>(ref T value, string name, ArgumentFlags flags, T fallback, ArgumentCodec<T> codec) where T : notnull =>
        _mode == Mode.Parse ? Parse(ref value, name, flags, fallback, codec.Read, codec.Expected) : Other(value, name, flags, codec.Write);

    /// <summary>A parameter of a reference type that may be null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ValueOrNull<T>(ref T? value, string name, ArgumentFlags flags, T? fallback, ArgumentCodec<T> codec) where T : class =>
        _mode == Mode.Parse ? Parse(ref value, name, flags | Nullable, fallback, codec.Read!, codec.Expected) : Other(value, name, flags, codec.Write!);

    /// <summary>A parameter of a nullable value type (<c>int?</c>, an enum or a struct that may be null).</summary>
    public bool NullableValue<T>(ref T? value, string name, ArgumentFlags flags, T? fallback, ArgumentCodec<T> codec) where T : struct
    {
        if (_mode != Mode.Parse)
        {
            // Other's writer takes the value type itself: its nullable form is unwrapped here.
            return value is { } present ? Other(present, name, flags, codec.Write) : Other<object?>(null, name, flags, null!);
        }
        if (!TryFind(name, flags | Nullable, codec.Expected, out JsonElement json, out bool sentNull))
        {
            value = sentNull ? null : fallback;
            return false;
        }
        if (codec.Read(_reader!, json, name, out T read))
        {
            value = read;
            return true;
        }
        value = fallback;
        return false;
    }

    /// <summary>An array, list, set or dictionary parameter with its bounds on items or entries, checked before any is read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Collection<T>(ref T value, string name, ArgumentFlags flags, T fallback, CollectionArgumentCodec<T> codec, int minCount, int maxCount) where T : notnull =>
        _mode == Mode.Parse ? ParseCollection(ref value!, name, flags, fallback, codec.Read!, codec.Expected, minCount, maxCount) : Other(value, name, flags, codec.Write);

    /// <summary>A collection parameter of a nullable value type (<c>ImmutableArray&lt;T&gt;?</c>).</summary>
    public bool NullableCollection<T>(ref T? value, string name, ArgumentFlags flags, T? fallback, CollectionArgumentCodec<T> codec, int minCount, int maxCount) where T : struct
    {
        if (_mode != Mode.Parse)
        {
            // Other's writer takes the value type itself: its nullable form is unwrapped here, as NullableValue does.
            return value is { } present ? Other(present, name, flags, codec.Write) : Other<object?>(null, name, flags, null!);
        }
        if (!TryFind(name, flags | Nullable, codec.Expected, out JsonElement json, out bool sentNull))
        {
            value = sentNull ? null : fallback;
            return false;
        }
        if (codec.Read(_reader!, json, name, minCount, maxCount, out T read))
        {
            value = read;
            return true;
        }
        value = fallback;
        return false;
    }

    /// <summary>An array, list or dictionary parameter that may be null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CollectionOrNull<T>(ref T? value, string name, ArgumentFlags flags, T? fallback, CollectionArgumentCodec<T> codec, int minCount, int maxCount) where T : class =>
        _mode == Mode.Parse ? ParseCollection(ref value, name, flags | Nullable, fallback, codec.Read!, codec.Expected, minCount, maxCount) : Other(value, name, flags, codec.Write!);

#nullable disable
    // Nullability is the public methods' concern: these read null only where the Nullable flag allows it.

    private bool ParseString(ref string value, string name, ArgumentFlags flags, string fallback, int minLength, int maxLength)
    {
        if (!TryFind(name, flags, "a string", out JsonElement json, out bool sentNull))
        {
            value = sentNull ? null : fallback;
            return false;
        }
        if (_reader.TryReadString(json, name, out string text) && _reader.CheckLength(text, name, minLength, maxLength))
        {
            value = text;
            return true;
        }
        value = fallback;
        return false;
    }

    private bool Parse<T>(ref T value, string name, ArgumentFlags flags, T fallback, JsonValueReader<T> read, string expected)
    {
        if (!TryFind(name, flags, expected, out JsonElement json, out bool sentNull))
        {
            value = sentNull ? default : fallback;
            return false;
        }
        if (read(_reader, json, name, out T parsed))
        {
            value = parsed;
            return true;
        }
        value = fallback;
        return false;
    }

    private bool ParseCollection<T>(ref T value, string name, ArgumentFlags flags, T fallback, JsonCollectionReader<T> read, string expected, int minCount, int maxCount)
    {
        if (!TryFind(name, flags, expected, out JsonElement json, out bool sentNull))
        {
            value = sentNull ? default : fallback;
            return false;
        }
        // The count bounds go to the reader, which checks them before it reads any item or entry.
        if (read(_reader, json, name, minCount, maxCount, out T parsed))
        {
            value = parsed;
            return true;
        }
        value = fallback;
        return false;
    }

    /// <summary>The passes after the parse, for a parameter of any shape: write it (null as null), or list its name.</summary>
    private readonly bool Other<T>(T value, string name, ArgumentFlags flags, Results.JsonValueWriter<T> write)
    {
        if (_mode == Mode.Write && !WriteRedacted(name, flags))
        {
            if (value is null)
            {
                _writer.WriteNullValue();
            }
            else
            {
                write(_writer, value);
            }
        }
        else if (_mode == Mode.Names)
        {
            _names.Add(name);
        }
        return false;
    }
#nullable restore

    // ---- checks on a value the parse read (the generated code calls these when a parameter method returned true) ----

    /// <summary>Reports a declared range violation when <paramref name="inRange"/> is false.</summary>
    public readonly void CheckRange(bool inRange, string name, string bounds) => _reader!.CheckRange(inRange, name, bounds);

    /// <summary>Checks a string against its declared pattern.</summary>
    public readonly void CheckPattern(string value, string name, System.Text.RegularExpressions.Regex pattern, string patternText) =>
        _reader!.CheckPattern(value, name, pattern, patternText);

    // ---- policy constraints (applied in their own pass, after the parse) ----------------------------------

    /// <summary>
    /// <c>[AllowedPath]</c>: the value becomes the canonical full path inside the root, or the call is refused.
    /// <paramref name="rule"/> is the parameter's place among the tool's <c>[AllowedPath]</c> parameters: the index of its
    /// rule in <see cref="ToolDescriptor.PathRules"/> (out of range, the check throws and the call is refused).
    /// </summary>
    public void Path(ref string value, string name, int rule)
    {
        if (Constrains())
        {
            PathRule path = _descriptor!.PathRules[rule];
            value = _check!.Path(value, name, path.Root, path.Access);
        }
    }

    /// <summary><c>[AllowedPath]</c> by rule index on a parameter that may be null (null passes).</summary>
    public void OptionalPath(ref string? value, string name, int rule)
    {
        if (Constrains())
        {
            PathRule path = _descriptor!.PathRules[rule];
            value = _check!.OptionalPath(value, name, path.Root, path.Access);
        }
    }

    /// <summary><c>[AllowedPath]</c> with its root and access given (hand-written tools).</summary>
    public void Path(ref string value, string name, string root, PathAccess access)
    {
        if (Constrains())
        {
            value = _check!.Path(value, name, root, access);
        }
    }

    /// <summary><c>[AllowedPath]</c> with its root and access given, on a parameter that may be null (null passes).</summary>
    public void OptionalPath(ref string? value, string name, string root, PathAccess access)
    {
        if (Constrains())
        {
            value = _check!.OptionalPath(value, name, root, access);
        }
    }

    /// <summary>
    /// <c>[AllowedDomain]</c> on a URI: the value becomes the checked URL, or the call is refused. <paramref name="rule"/>
    /// is the parameter's place among the tool's <c>[AllowedDomain]</c> parameters: the index of its rule in
    /// <see cref="ToolDescriptor.DomainRules"/> (out of range, the check throws and the call is refused).
    /// </summary>
    public void Url(ref Uri value, string name, int rule)
    {
        if (Constrains())
        {
            value = _check!.Url(value, name, _descriptor!.DomainRules[rule]);
        }
    }

    /// <summary><c>[AllowedDomain]</c> on a string.</summary>
    public void Url(ref string value, string name, int rule)
    {
        if (Constrains())
        {
            value = _check!.Url(value, name, _descriptor!.DomainRules[rule]);
        }
    }

    /// <summary><c>[AllowedDomain]</c> on a URI that may be null.</summary>
    public void OptionalUrl(ref Uri? value, string name, int rule)
    {
        if (Constrains())
        {
            value = _check!.OptionalUrl(value, name, _descriptor!.DomainRules[rule]);
        }
    }

    /// <summary><c>[AllowedDomain]</c> on a string that may be null.</summary>
    public void OptionalUrl(ref string? value, string name, int rule)
    {
        if (Constrains())
        {
            value = _check!.OptionalUrl(value, name, _descriptor!.DomainRules[rule]);
        }
    }

    /// <summary><c>[MatchesClaim]</c>: the value must be the caller's own.</summary>
    public void Claim(string value, string name, string claimType)
    {
        if (Constrains())
        {
            _check!.Claim(value, name, claimType);
        }
    }

    /// <summary><c>[MatchesClaim]</c> on a parameter that may be null.</summary>
    public void OptionalClaim(string? value, string name, string claimType)
    {
        if (Constrains())
        {
            _check!.OptionalClaim(value, name, claimType);
        }
    }

    // ---- the passes' shared steps ---------------------------------------------------------------------------

    /// <summary>
    /// Looks the argument up (counting it as matched): true when there is a value to read. When not, it was absent (a
    /// missing required one is reported) or, where the parameter allows it, sent as null (<paramref name="sentNull"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryFind(string name, ArgumentFlags flags, string expected, out JsonElement json, out bool sentNull)
    {
        json = default;
        if (_dictionary?.TryGetValue(name, out json) ?? _arguments?.TryGetValue(name, out json) ?? false)
        {
            _matched++;
            // The flag first: a parameter that cannot be null leaves the kind to its reader, which checks it anyway.
            sentNull = (flags & Nullable) != 0 && json.ValueKind == JsonValueKind.Null;
            return !sentNull;
        }
        sentNull = false;
        if ((flags & ArgumentFlags.Required) != 0)
        {
            _reader!.ReportMissing(name, (flags & Nullable) != 0 ? expected + " or null" : expected);
        }
        return false;
    }

    /// <summary>Writes the property's name, then the redaction instead of a secret's value when asked; true if it did.</summary>
    private readonly bool WriteRedacted(string name, ArgumentFlags flags)
    {
        _writer!.WritePropertyName(name);
        if ((flags & ArgumentFlags.Secret) != 0 && _redactSecrets)
        {
            _writer.WriteStringValue("[redacted]"u8);
            return true;
        }
        return false;
    }

    /// <summary>True in the constraint pass; the parse only notes that a constraint exists.</summary>
    private bool Constrains()
    {
        if (_mode == Mode.Parse)
        {
            _constrained = true;
        }
        return _mode == Mode.Constrain;
    }
}
