using System.Text;
using System.Text.Json;
using TypedTools.Shared;

namespace TypedTools.Arguments;

/// <summary>
/// The JSON form of a <c>[Flags]</c> enum: an array of its member names, each at most once, whose values are combined
/// (<c>["Read","Write"]</c>; <c>[]</c> for none). One instance per enum, in the assembly's generated <c>ToolTypes</c>.
/// </summary>
public sealed class FlagNames
{
    private readonly string[] _names;
    private readonly byte[][] _utf8;
    private readonly ulong[] _bits;
    private readonly string _allowed;

    /// <param name="names">Every member's name, in declaration order.</param>
    /// <param name="bits">Each member's value, as the bits of its underlying integer.</param>
    public FlagNames(string[] names, ulong[] bits)
    {
        _names = names;
        _bits = bits;
        _utf8 = new byte[names.Length][];
        for (int i = 0; i < names.Length; i++)
        {
            _utf8[i] = Encoding.UTF8.GetBytes(names[i]);
        }
        _allowed = string.Join(", ", names);
    }

    /// <summary>Reads an array of distinct member names; on failure the reader holds the errors.</summary>
    public bool TryRead(ArgumentReader reader, JsonElement json, in PathSegment at, out ulong bits)
    {
        bits = 0;
        if (!reader.ExpectArray(json, at, 0, _names.Length) || !reader.Enter(at))
        {
            return false;
        }
        int errors = reader.ErrorCount;
        // Two items are the same JSON value exactly when they name the same member (an alias is another name), so
        // uniqueItems is a flag per member. The array holds at most as many items as there are names (checked above).
        Span<bool> named = _names.Length <= 256 ? stackalloc bool[_names.Length] : new bool[_names.Length];
        named.Clear();
        int index = 0;
        foreach (JsonElement item in json.EnumerateArray())
        {
            if (reader.ExpectEnumName(item, index, _allowed))
            {
                int member = IndexOf(item);
                if (member < 0)
                {
                    reader.ReportInvalidEnum(index, _allowed);
                }
                else if (named[member])
                {
                    reader.ReportRepeatedItem(index);
                }
                else
                {
                    named[member] = true;
                    bits |= _bits[member];
                }
            }
            index++;
        }
        reader.Exit();
        return reader.ErrorCount == errors;
    }

    /// <summary>
    /// Writes the names of the members <paramref name="value"/> holds (<see cref="FlagCover"/>). Bits that no member
    /// holds are written as a number, which no schema of the enum allows: the output check withholds such a result.
    /// </summary>
    public void Write(Utf8JsonWriter writer, ulong value)
    {
        writer.WriteStartArray();
        ulong rest = value;
        for (int i = 0; i < _bits.Length; i++)
        {
            if (FlagCover.Takes(value, _bits[i], ref rest))
            {
                writer.WriteStringValue(_utf8[i]);
            }
        }
        if (rest != 0)
        {
            writer.WriteNumberValue(rest);
        }
        writer.WriteEndArray();
    }

    private int IndexOf(JsonElement item)
    {
        ReadOnlySpan<byte> name = ArgumentReader.TextOf(item); // never throws, where ValueEquals does on half a surrogate pair
        for (int i = 0; i < _utf8.Length; i++)
        {
            if (name.SequenceEqual(_utf8[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
