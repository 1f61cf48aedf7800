using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TypedTools.Arguments;

/// <summary>
/// The strict reader that generated argument parsers are built from. It reads one JSON value at a time into
/// an exact .NET type, never coerces (no numbers from strings, no nulls for non-nullable values), and records
/// every problem with its JSON path instead of stopping at the first, so that a model can repair a call in
/// one round trip. Reading allocates nothing beyond the values themselves unless an error is reported.
/// </summary>
/// <remarks>Instances are pooled per thread: rent one for a parse, then return it. Not thread-safe.</remarks>
public sealed partial class ArgumentReader
{
    // Enough to repair a call; a flood of errors from one huge bad array is not worth recording.
    private const int MaxRecordedErrors = 32;

    [ThreadStatic]
    private static ArgumentReader? t_cached;

    private PathSegment[] _path = new PathSegment[8];
    private int _depth;
    private int _maxDepth;
    private int _errorCount;
    private List<ArgumentError>? _errors;
    private readonly StringBuilder _pathText = new(); // reused for error paths (the reader is pooled per thread)
    private List<string>? _parameterNames;

    private ArgumentReader()
    {
    }

    /// <summary>Takes a reader for one parse.</summary>
    /// <param name="maxDepth">How deep objects and arrays may nest below the arguments object.</param>
    public static ArgumentReader Rent(int maxDepth)
    {
        ArgumentReader reader = t_cached ?? new ArgumentReader();
        t_cached = null;
        reader._maxDepth = maxDepth;
        return reader;
    }

    /// <summary>Gives the reader back for reuse on this thread.</summary>
    public void Return()
    {
        _depth = 0;
        _errorCount = 0;
        _errors?.Clear();
        t_cached = this;
    }

    /// <summary>
    /// An empty list for a tool's parameter names, reused with the reader: they are listed only to name the arguments a
    /// call sends that no parameter takes, and a model flooding such calls must not make each one allocate for them.
    /// </summary>
    internal List<string> EmptyNameList()
    {
        List<string> names = _parameterNames ??= [];
        names.Clear();
        return names;
    }

    /// <summary>How many errors were found so far (including those past the recording limit).</summary>
    public int ErrorCount => _errorCount;

    /// <summary>True once any error was found.</summary>
    public bool HasErrors => _errorCount > 0;

    /// <summary>A copy of the recorded errors, in the order they were found.</summary>
    public ArgumentError[] GetErrors() => _errors is null ? [] : [.. _errors];

    // ---- structure ------------------------------------------------------------------------------------

    /// <summary>Descends into the value at <paramref name="segment"/>; false (and an error) when too deep.</summary>
    public bool Enter(in PathSegment segment)
    {
        if (_depth >= _maxDepth)
        {
            Report(ArgumentErrorCodes.TooDeep, segment,
                $"Objects and arrays are nested deeper than {_maxDepth.ToString(CultureInfo.InvariantCulture)} levels.",
                "Send a flatter value.");
            return false;
        }
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }
        _path[_depth++] = segment;
        return true;
    }

    /// <summary>Leaves the value entered last.</summary>
    public void Exit() => _depth--;

    // ---- the top-level arguments object ---------------------------------------------------------------

    /// <summary>
    /// Reports every top-level argument the tool does not declare. Cheap when there are none: the count of
    /// matched names equals the dictionary's size.
    /// </summary>
    public void ReportUnknownArguments(IDictionary<string, JsonElement>? arguments, int matched, ReadOnlySpan<string> knownNames)
    {
        if (arguments is null || arguments.Count == matched)
        {
            return;
        }
        foreach (string key in arguments.Keys)
        {
            if (knownNames.IndexOf(key) < 0)
            {
                ReportUnknownField(key, knownNames);
            }
        }
    }

    // ---- reporting ------------------------------------------------------------------------------------

    /// <summary>Records one error at <paramref name="at"/> below the current position.</summary>
    public void Report(string code, in PathSegment at, string message, string? hint)
    {
        _errorCount++;
        if (_errorCount > MaxRecordedErrors)
        {
            return;
        }
        (_errors ??= []).Add(new ArgumentError(code, FormatPath(at), message, hint));
    }

    /// <summary>A required property is missing.</summary>
    public void ReportMissing(string name, string typeDescription) =>
        Report(ArgumentErrorCodes.Missing, name, $"The required property '{name}' is missing.", $"Add '{name}' ({typeDescription}).");

    /// <summary>A property the object does not declare.</summary>
    public void ReportUnknownField(string name, ReadOnlySpan<string> knownNames) =>
        Report(ArgumentErrorCodes.UnknownField, name, $"'{name}' is not a property of this object.",
            knownNames.Length == 0 ? "Send no properties here." : $"Remove it. Allowed properties: {string.Join(", ", knownNames)}.");

    /// <summary>A property the object does not declare, named as sent (or a placeholder when its name is not valid Unicode).</summary>
    public void ReportUnknownField(in JsonProperty property, ReadOnlySpan<string> knownNames)
    {
        TryGetName(property, out string name);
        ReportUnknownField(name, knownNames);
    }

    /// <summary>A property sent twice in one object.</summary>
    public void ReportDuplicate(string name) => ReportDuplicate(name, name);

    /// <summary>An item of a set (or of a <c>[Flags]</c> enum's names) that equals an earlier one (JSON Schema's <c>uniqueItems</c>).</summary>
    public void ReportRepeatedItem(in PathSegment at) =>
        Report(ArgumentErrorCodes.DuplicateField, at, "The item repeats an earlier one; each item may appear once.", "Send each value once.");

    private void ReportDuplicate(in PathSegment at, string name) =>
        Report(ArgumentErrorCodes.DuplicateField, at, $"'{name}' appears more than once.", "Send each property once.");

    /// <summary>A value outside a declared range.</summary>
    public void ReportOutOfRange(in PathSegment at, string bounds) =>
        Report(ArgumentErrorCodes.Range, at, $"The value is out of range: it must be {bounds}.", $"Send a number {bounds}.");

    /// <summary>A name that is not one of the enumeration's members.</summary>
    public void ReportInvalidEnum(in PathSegment at, string allowed) =>
        Report(ArgumentErrorCodes.Enum, at, $"The value is not one of the allowed names: {allowed}.", $"Send one of: {allowed} (case-sensitive).");

    private void ReportKind(in PathSegment at, JsonElement value, string expected)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            Report(ArgumentErrorCodes.Null, at, $"null is not allowed here; expected {expected}.", $"Send {expected}, or leave the property out if it is optional.");
            return;
        }
        string hint = value.ValueKind == JsonValueKind.String && (expected.Contains("number") || expected.Contains("integer") || expected.Contains("boolean"))
            ? $"Send {expected} without quotes."
            : $"Send {expected}.";
        Report(ArgumentErrorCodes.Type, at, $"Expected {expected} but got {Describe(value.ValueKind)}.", hint);
    }

    private string FormatPath(in PathSegment leaf)
    {
        if (_depth == 0 && leaf.Name is { } name)
        {
            return name; // a top-level argument: its path is its name
        }
        StringBuilder builder = _pathText.Clear();
        for (int i = 0; i < _depth; i++)
        {
            _path[i].AppendTo(builder);
        }
        leaf.AppendTo(builder);
        return builder.Length == 0 ? "$" : builder.ToString();
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // ---- containers -----------------------------------------------------------------------------------

    /// <summary>Checks that the value is an object.</summary>
    public bool ExpectObject(JsonElement value, in PathSegment at)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }
        ReportKind(at, value, "an object");
        return false;
    }

    /// <summary>Checks that the value is an array with an allowed number of items.</summary>
    public bool ExpectArray(JsonElement value, in PathSegment at, int minItems, int maxItems)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            ReportKind(at, value, "an array");
            return false;
        }
        return CheckCount(at, value.GetArrayLength(), minItems, maxItems, "The array", "items");
    }

    /// <summary>Checks that the value is an object, read as a dictionary, with an allowed number of entries.</summary>
    public bool ExpectMap(JsonElement value, in PathSegment at, int minEntries, int maxEntries)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            ReportKind(at, value, "an object");
            return false;
        }
        return CheckCount(at, value.GetPropertyCount(), minEntries, maxEntries, "The object", "properties");
    }

    private bool CheckCount(in PathSegment at, int count, int min, int max, string what, string units)
    {
        if (count >= min && count <= max)
        {
            return true;
        }
        Report(ArgumentErrorCodes.Length, at,
            $"{what} has {count.ToString(CultureInfo.InvariantCulture)} {units}; it must have {DescribeCount(min, max, units)}.",
            $"Send {DescribeCount(min, max, units)}.");
        return false;
    }

    /// <summary>
    /// Reads the name of a property of an object read as a dictionary: its key, at most <paramref name="maxLength"/> code
    /// points long (as JSON Schema's <c>propertyNames</c> counts), and new in its object.
    /// </summary>
    /// <param name="property">The property.</param>
    /// <param name="maxLength">The longest key allowed.</param>
    /// <param name="taken">The keys read so far in this object (for duplicates).</param>
    /// <param name="key">The key.</param>
    public bool TryReadKey<TValue>(in JsonProperty property, int maxLength, Dictionary<string, TValue> taken, out string key)
    {
        if (!TryReadName(property, out key))
        {
            return false;
        }
        if (taken.ContainsKey(key))
        {
            ReportDuplicate(PathSegment.Key(key), key);
            return false;
        }
        return CheckLength(key, PathSegment.Key(key), 0, maxLength);
    }

    /// <summary>
    /// Reports a property of an object read as a dictionary keyed by an enum whose name is none of the enum's member
    /// names (the generated key reader compared it with each).
    /// </summary>
    public void ReportInvalidKey(in JsonProperty property, string allowed)
    {
        if (TryReadName(property, out string name))
        {
            Report(ArgumentErrorCodes.Enum, PathSegment.Key(name), $"The key is not one of the allowed names: {allowed}.", $"Use one of: {allowed} (case-sensitive) as the key.");
        }
    }

    /// <summary>
    /// Reads the name of a property of an object read as a dictionary keyed by an integer type: the number's one decimal
    /// spelling (no sign but a minus, no leading zero, no <c>-0</c>, no fraction or exponent), within the type's range.
    /// </summary>
    public bool TryReadIntegerKey(in JsonProperty property, long min, ulong max, out Int128 value, out string name)
    {
        value = default;
        if (!TryReadName(property, out name))
        {
            return false;
        }
        ReadOnlySpan<char> digits = name.StartsWith('-') ? name.AsSpan(1) : name;
        bool canonical = digits.Length is > 0 and <= 20 && !digits.ContainsAnyExceptInRange('0', '9') && (digits[0] != '0' || name == "0");
        if (!canonical || !Int128.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            Report(ArgumentErrorCodes.Format, PathSegment.Key(name), "The key is not an integer in its one decimal spelling.",
                "Write the key as an integer: digits, a minus sign for a negative one, no leading zeros, no fraction.");
            return false;
        }
        if (value < min || value > max)
        {
            string bounds = $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
            Report(ArgumentErrorCodes.Range, PathSegment.Key(name), $"The key is out of range: it must be {bounds}.", $"Use a key {bounds}.");
            return false;
        }
        return true;
    }

    /// <summary>Whether an enum or integer key just read from <paramref name="property"/> is new in its object; reports it when it is not.</summary>
    public bool CheckNewKey<TKey, TValue>(Dictionary<TKey, TValue> taken, TKey key, in JsonProperty property) where TKey : notnull
    {
        if (!taken.ContainsKey(key))
        {
            return true;
        }
        string name = property.Name; // it was read as a member's name or a number, so it is valid Unicode
        ReportDuplicate(PathSegment.Key(name), name);
        return false;
    }

    private bool TryReadName(in JsonProperty property, out string name)
    {
        if (TryGetName(property, out name))
        {
            return true;
        }
        Report(ArgumentErrorCodes.Format, name,
            "The property name is not valid Unicode (an unpaired surrogate escape or bytes that are not UTF-8).", "Send valid Unicode names.");
        name = null!;
        return false;
    }

    /// <summary>A property's name; when it is no .NET string faithfully, false and a placeholder that says so for error paths.</summary>
    private static bool TryGetName(in JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            // An unpaired surrogate escape, or (raw request bytes, found by fuzzing) a nested name that is not UTF-8.
            name = "(a name that is not valid Unicode)";
            return false;
        }
    }

    // ---- strings --------------------------------------------------------------------------------------

    /// <summary>Reads a non-null string.</summary>
    public bool TryReadString(JsonElement value, in PathSegment at, out string result)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            ReportKind(at, value, "a string");
            result = null!;
            return false;
        }
        if (TryGetString(value, out result))
        {
            return true;
        }
        Report(ArgumentErrorCodes.Format, at, "The string is not valid Unicode (an unpaired surrogate escape or bytes that are not UTF-8).", "Send valid Unicode text.");
        return false;
    }

    /// <summary>A string value's text; false when it is no .NET string faithfully (the value's kind is the caller's to check).</summary>
    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // Unpaired UTF-16 surrogates in \u escapes (or raw bytes that are not UTF-8).
            text = null!;
            return false;
        }
    }

    /// <summary>
    /// Checks a string's length in Unicode code points, which is how JSON Schema's <c>minLength</c> and
    /// <c>maxLength</c> count (a surrogate pair is one).
    /// </summary>
    public bool CheckLength(string value, in PathSegment at, int minLength, int maxLength)
    {
        int units = value.Length;
        // Code points lie between units/2 and units, so most strings are decided without counting.
        if (units <= maxLength && (units + 1) / 2 >= minLength)
        {
            return true;
        }
        int codePoints = CountCodePoints(value);
        if (codePoints >= minLength && codePoints <= maxLength)
        {
            return true;
        }
        string expected = DescribeCount(minLength, maxLength, "characters");
        Report(ArgumentErrorCodes.Length, at,
            $"The string has {codePoints.ToString(CultureInfo.InvariantCulture)} characters; it must have {expected}.",
            $"Send {expected}.");
        return false;
    }

    /// <summary>Reports a declared range violation when <paramref name="inRange"/> is false; returns it.</summary>
    public bool CheckRange(bool inRange, in PathSegment at, string bounds)
    {
        if (!inRange)
        {
            ReportOutOfRange(at, bounds);
        }
        return inRange;
    }

    /// <summary>Checks a string against a pattern; a pattern that runs out of time fails the value.</summary>
    public bool CheckPattern(string value, in PathSegment at, System.Text.RegularExpressions.Regex pattern, string patternText)
    {
        bool matches;
        try
        {
            matches = pattern.IsMatch(value);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            matches = false;
        }
        if (!matches)
        {
            Report(ArgumentErrorCodes.Pattern, at, $"The string does not match the pattern {patternText}.", "Send a value that matches the pattern.");
        }
        return matches;
    }

    internal static int CountCodePoints(string value)
    {
        int count = 0;
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            count++;
        }
        return count;
    }

    private static string DescribeCount(int min, int max, string unit) =>
        min <= 0 ? $"at most {max.ToString(CultureInfo.InvariantCulture)} {unit}"
        : max == int.MaxValue ? $"at least {min.ToString(CultureInfo.InvariantCulture)} {unit}"
        : min == max ? $"exactly {min.ToString(CultureInfo.InvariantCulture)} {unit}"
        : $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)} {unit}";

    // ---- booleans -------------------------------------------------------------------------------------

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    public bool TryReadBoolean(JsonElement value, in PathSegment at, out bool result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                result = true;
                return true;
            case JsonValueKind.False:
                result = false;
                return true;
            default:
                ReportKind(at, value, "a boolean (true or false)");
                result = false;
                return false;
        }
    }

    // ---- enums ----------------------------------------------------------------------------------------

    /// <summary>Checks that an enumeration value arrived as a name (a string), never as a number.</summary>
    public bool ExpectEnumName(JsonElement value, in PathSegment at, string allowed)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return true;
        }
        ReportKind(at, value, $"one of the names {allowed}");
        return false;
    }
}
