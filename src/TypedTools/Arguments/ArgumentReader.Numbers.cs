using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TypedTools.Arguments;

public sealed partial class ArgumentReader
{
    // Integers follow JSON Schema's meaning of "integer": any number whose value is whole, so 5, 5.0 and
    // 5e0 are all 5, and 5.5 is refused. Decided on the exact decimal text, never through a double.

    /// <summary>Reads a <see cref="sbyte"/>.</summary>
    public bool TryReadSByte(JsonElement value, in PathSegment at, out sbyte result)
    {
        bool ok = TryReadInteger(value, at, sbyte.MinValue, sbyte.MaxValue, out Int128 v);
        result = (sbyte)v;
        return ok;
    }

    /// <summary>Reads a <see cref="byte"/>.</summary>
    public bool TryReadByte(JsonElement value, in PathSegment at, out byte result)
    {
        bool ok = TryReadInteger(value, at, byte.MinValue, byte.MaxValue, out Int128 v);
        result = (byte)v;
        return ok;
    }

    /// <summary>Reads a <see cref="short"/>.</summary>
    public bool TryReadInt16(JsonElement value, in PathSegment at, out short result)
    {
        bool ok = TryReadInteger(value, at, short.MinValue, short.MaxValue, out Int128 v);
        result = (short)v;
        return ok;
    }

    /// <summary>Reads a <see cref="ushort"/>.</summary>
    public bool TryReadUInt16(JsonElement value, in PathSegment at, out ushort result)
    {
        bool ok = TryReadInteger(value, at, ushort.MinValue, ushort.MaxValue, out Int128 v);
        result = (ushort)v;
        return ok;
    }

    /// <summary>Reads an <see cref="int"/>.</summary>
    public bool TryReadInt32(JsonElement value, in PathSegment at, out int result)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out result))
        {
            return true;
        }
        bool ok = TryReadInteger(value, at, int.MinValue, int.MaxValue, out Int128 v);
        result = (int)v;
        return ok;
    }

    /// <summary>Reads a <see cref="uint"/>.</summary>
    public bool TryReadUInt32(JsonElement value, in PathSegment at, out uint result)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out result))
        {
            return true;
        }
        bool ok = TryReadInteger(value, at, uint.MinValue, uint.MaxValue, out Int128 v);
        result = (uint)v;
        return ok;
    }

    /// <summary>Reads a <see cref="long"/>.</summary>
    public bool TryReadInt64(JsonElement value, in PathSegment at, out long result)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out result))
        {
            return true;
        }
        bool ok = TryReadInteger(value, at, long.MinValue, long.MaxValue, out Int128 v);
        result = (long)v;
        return ok;
    }

    /// <summary>Reads a <see cref="ulong"/>.</summary>
    public bool TryReadUInt64(JsonElement value, in PathSegment at, out ulong result)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out result))
        {
            return true;
        }
        bool ok = TryReadInteger(value, at, ulong.MinValue, ulong.MaxValue, out Int128 v);
        result = (ulong)v;
        return ok;
    }

    /// <summary>Reads a finite <see cref="double"/>.</summary>
    public bool TryReadDouble(JsonElement value, in PathSegment at, out double result)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            ReportKind(at, value, "a number");
            result = 0;
            return false;
        }
        if (value.TryGetDouble(out result) && double.IsFinite(result))
        {
            return true;
        }
        ReportOutOfRange(at, $"between {double.MinValue.ToString("R", CultureInfo.InvariantCulture)} and {double.MaxValue.ToString("R", CultureInfo.InvariantCulture)}");
        result = 0;
        return false;
    }

    // float.MaxValue as a writer spells it (3.4028235E+38, its shortest text), a little above its exact value as a double: a
    // value up to it rounds to float.MaxValue, so what a float's canonical form or result writes reads back.
    private const double SingleLimit = 3.4028235E+38;

    /// <summary>Reads a finite <see cref="float"/>; a value beyond its range is refused, not rounded to infinity.</summary>
    public bool TryReadSingle(JsonElement value, in PathSegment at, out float result)
    {
        result = 0;
        if (!TryReadDouble(value, at, out double wide))
        {
            return false;
        }
        if (Math.Abs(wide) > SingleLimit)
        {
            ReportOutOfRange(at, "between -3.4028235E+38 and 3.4028235E+38");
            return false;
        }
        result = (float)wide;
        return true;
    }

    /// <summary>Reads a <see cref="decimal"/>.</summary>
    public bool TryReadDecimal(JsonElement value, in PathSegment at, out decimal result)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            ReportKind(at, value, "a number");
            result = 0;
            return false;
        }
        if (JsonNumberText.TryParseSimpleDecimal(JsonMarshal.GetRawUtf8Value(value), out result) || value.TryGetDecimal(out result))
        {
            return true;
        }
        ReportOutOfRange(at, $"between {decimal.MinValue.ToString(CultureInfo.InvariantCulture)} and {decimal.MaxValue.ToString(CultureInfo.InvariantCulture)}");
        return false;
    }

    private bool TryReadInteger(JsonElement value, in PathSegment at, Int128 min, Int128 max, out Int128 result)
    {
        result = 0;
        if (value.ValueKind != JsonValueKind.Number)
        {
            ReportKind(at, value, "an integer");
            return false;
        }
        switch (JsonNumberText.TryParseInteger(JsonMarshal.GetRawUtf8Value(value), out Int128 parsed))
        {
            case JsonNumberText.IntegerParse.Fraction:
                Report(ArgumentErrorCodes.NotInteger, at, "Expected an integer but the number has a fractional part.", "Send a whole number.");
                return false;
            case JsonNumberText.IntegerParse.Ok when parsed >= min && parsed <= max:
                result = parsed;
                return true;
            default:
                ReportOutOfRange(at, $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
                return false;
        }
    }
}

/// <summary>Exact reading of JSON number text as an integer, and of the common decimal spellings.</summary>
internal static class JsonNumberText
{
    internal enum IntegerParse
    {
        Ok,
        Fraction,
        TooLarge,
    }

    // More digits than this cannot be any .NET integer type we parse into (ulong has 20).
    private const int MaxIntegerDigits = 38;

    /// <summary>
    /// Parses JSON number text (already validated by the JSON reader) as an exact integer:
    /// <c>-?int(.frac)?([eE][+-]?exp)?</c>. 1.50e1 is 15; 1.5 is a fraction; 1e400 is too large.
    /// </summary>
    internal static IntegerParse TryParseInteger(ReadOnlySpan<byte> text, out Int128 value)
    {
        value = 0;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        if (negative)
        {
            text = text[1..];
        }

        int end = text.IndexOfAny((byte)'e', (byte)'E');
        ReadOnlySpan<byte> mantissa = end < 0 ? text : text[..end];
        long exponent = 0;
        if (end >= 0)
        {
            ReadOnlySpan<byte> exp = text[(end + 1)..];
            bool expNegative = exp.Length > 0 && exp[0] == (byte)'-';
            if (exp.Length > 0 && (exp[0] == (byte)'-' || exp[0] == (byte)'+'))
            {
                exp = exp[1..];
            }
            foreach (byte b in exp)
            {
                // Saturate: an exponent this large is decided by the sign alone below.
                exponent = Math.Min(exponent * 10 + (b - '0'), 1_000_000_000);
            }
            if (expNegative)
            {
                exponent = -exponent;
            }
        }

        int dot = mantissa.IndexOf((byte)'.');
        ReadOnlySpan<byte> intDigits = dot < 0 ? mantissa : mantissa[..dot];
        ReadOnlySpan<byte> fracDigits = dot < 0 ? [] : mantissa[(dot + 1)..];
        int total = intDigits.Length + fracDigits.Length;

        // Work over the concatenated digits; the decimal point sits after pointPos of them.
        int firstNonZero = -1, lastNonZero = -1;
        for (int i = 0; i < total; i++)
        {
            if (DigitAt(intDigits, fracDigits, i) != 0)
            {
                if (firstNonZero < 0)
                {
                    firstNonZero = i;
                }
                lastNonZero = i;
            }
        }
        if (firstNonZero < 0)
        {
            return IntegerParse.Ok; // zero in any spelling
        }

        long pointPos = intDigits.Length + exponent;
        if (lastNonZero >= pointPos)
        {
            return IntegerParse.Fraction;
        }
        if (pointPos - firstNonZero > MaxIntegerDigits)
        {
            return IntegerParse.TooLarge;
        }

        Int128 result = 0;
        for (long i = firstNonZero; i < pointPos; i++)
        {
            result = result * 10 + (i < total ? DigitAt(intDigits, fracDigits, (int)i) : 0);
        }
        value = negative ? -result : result;
        return IntegerParse.Ok;
    }

    // Digits a long holds whatever they are (10^18 - 1 < 2^63).
    private const int MaxSimpleDecimalDigits = 18;

    /// <summary>
    /// The common decimal spellings (<c>9.99</c>, <c>-120</c>, <c>0.5</c>: at most 18 digits, no exponent, not zero) read
    /// directly into the decimal's integer and scale, as the runtime's parser would (same value, same scale) at a fraction
    /// of its cost; false for anything else, which the caller parses the general way. DecimalParsingTests compares the two.
    /// </summary>
    internal static bool TryParseSimpleDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        int i = negative ? 1 : 0;
        ulong mantissa = 0;
        int digits = 0, scale = -1;
        for (; i < text.Length; i++)
        {
            byte b = text[i];
            if (b == (byte)'.' && scale < 0)
            {
                scale = 0;
                continue;
            }
            if ((uint)(b - '0') > 9 || ++digits > MaxSimpleDecimalDigits)
            {
                return false; // an exponent, or too many digits for a long
            }
            mantissa = mantissa * 10 + (uint)(b - '0');
            if (scale >= 0)
            {
                scale++;
            }
        }
        if (digits == 0 || mantissa == 0 || scale == 0)
        {
            return false; // nothing, a zero (its sign), or a point without digits: the general parser decides
        }
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    private static int DigitAt(ReadOnlySpan<byte> intDigits, ReadOnlySpan<byte> fracDigits, int index) =>
        (index < intDigits.Length ? intDigits[index] : fracDigits[index - intDigits.Length]) - '0';
}
