namespace TypedTools;

// Item-count bounds for list and array arguments (JSON Schema's minItems/maxItems), and entry-count bounds for
// dictionaries (minProperties/maxProperties). The generated parser and
// schema enforce them; unlike DataAnnotations' [MinLength]/[MaxLength], whose validation reflects over a Count
// property (RequiresUnreferencedCode), they carry no code at all, so a Native AOT server builds without warnings.

/// <summary>The list or array argument has at least <paramref name="count"/> items (a dictionary, entries).</summary>
/// <param name="count">The fewest items allowed.</param>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class MinItemsAttribute(int count) : Attribute
{
    /// <summary>The fewest items allowed.</summary>
    public int Count { get; } = count;
}

/// <summary>The list or array argument has at most <paramref name="count"/> items (a dictionary, entries).</summary>
/// <param name="count">The most items allowed.</param>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class MaxItemsAttribute(int count) : Attribute
{
    /// <summary>The most items allowed.</summary>
    public int Count { get; } = count;
}
