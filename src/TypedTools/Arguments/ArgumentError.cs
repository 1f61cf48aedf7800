namespace TypedTools.Arguments;

/// <summary>One problem found in a tool's arguments.</summary>
/// <param name="Code">A stable code starting with <c>argument.</c>, see <see cref="ArgumentErrorCodes"/>.</param>
/// <param name="Field">The JSON path of the offending value, for example <c>options.tags[2]</c>.</param>
/// <param name="Message">What is wrong, for the model and the person reading the log.</param>
/// <param name="Hint">How to repair the call.</param>
public sealed record ArgumentError(string Code, string Field, string Message, string? Hint);

/// <summary>The stable codes of argument refusals.</summary>
public static class ArgumentErrorCodes
{
    /// <summary>A property the tool does not declare.</summary>
    public const string UnknownField = "argument.unknown_field";
    /// <summary>The same property sent twice in one object.</summary>
    public const string DuplicateField = "argument.duplicate_field";
    /// <summary>A required property is absent.</summary>
    public const string Missing = "argument.missing";
    /// <summary>The JSON kind is wrong (a string for a number, an object for an array...).</summary>
    public const string Type = "argument.type";
    /// <summary><c>null</c> for a value that cannot be null.</summary>
    public const string Null = "argument.null";
    /// <summary>A number outside the target type's range or the declared range.</summary>
    public const string Range = "argument.range";
    /// <summary>A number with a fractional part where an integer is expected.</summary>
    public const string NotInteger = "argument.not_integer";
    /// <summary>A name outside the enumeration's set.</summary>
    public const string Enum = "argument.enum";
    /// <summary>A string that is not in the expected format (date, GUID, URI...).</summary>
    public const string Format = "argument.format";
    /// <summary>A string or array that is too short or too long.</summary>
    public const string Length = "argument.length";
    /// <summary>A string that does not match the declared pattern.</summary>
    public const string Pattern = "argument.pattern";
    /// <summary>Objects or arrays nested deeper than the limit.</summary>
    public const string TooDeep = "argument.too_deep";

    /// <summary>Every code above: a refusal with any other code is a bug.</summary>
    public static IReadOnlyList<string> All { get; } =
        [UnknownField, DuplicateField, Missing, Type, Null, Range, NotInteger, Enum, Format, Length, Pattern, TooDeep];
}
