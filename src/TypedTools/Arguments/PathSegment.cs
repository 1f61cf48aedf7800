using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypedTools.Arguments;

/// <summary>
/// One step of a JSON path: a property name, an array index or a dictionary's key. Parsers pass segments down instead
/// of strings so that a path is only formatted when an error is actually reported.
/// </summary>
public readonly struct PathSegment
{
    private const int KeyMarker = -2;

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

    /// <summary>
    /// A dictionary key's segment, written <c>["key"]</c> (JSON-quoted), since a key can hold anything a name would
    /// be confused by: dots, brackets, spaces.
    /// </summary>
    public static PathSegment Key(string key) => new(key, KeyMarker);

    internal bool IsRoot => _name is null && _index < 0;

    /// <summary>The property name, or null for an index (or the root).</summary>
    internal string? Name => _index == KeyMarker ? null : _name;

    internal static PathSegment Root => new(null, -1);

    internal void AppendTo(System.Text.StringBuilder builder)
    {
        if (_index == KeyMarker)
        {
            builder.Append("[\"").Append(JsonEncodedText.Encode(_name!, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString()).Append("\"]");
        }
        else if (_name is not null)
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
