namespace TypedTools.Arguments;

/// <summary>
/// One step of a JSON path: a property name or an array index. Parsers pass segments down instead of
/// strings so that a path is only formatted when an error is actually reported.
/// </summary>
public readonly struct PathSegment
{
    private readonly string? _name;
    private readonly int _index;

    private PathSegment(string? name, int index)
    {
        _name = name;
        _index = index;
    }

    /// <summary>A property-name segment.</summary>
    public static implicit operator PathSegment(string name) => new(name, -1);

    /// <summary>An array-index segment.</summary>
    public static implicit operator PathSegment(int index) => new(null, index);

    internal bool IsRoot => _name is null && _index < 0;

    /// <summary>The property name, or null for an index (or the root).</summary>
    internal string? Name => _name;

    internal static PathSegment Root => new(null, -1);

    internal void AppendTo(System.Text.StringBuilder builder)
    {
        if (_name is not null)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }
            builder.Append(_name);
        }
        else if (_index >= 0)
        {
            builder.Append('[').Append(_index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
        }
    }
}
