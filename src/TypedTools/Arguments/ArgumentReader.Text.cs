using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TypedTools.Arguments;

// Text-encoded values. Each reader accepts exactly one spelling, the one the generated schema describes
// with its "format" and "pattern", so that the schema and the parser agree on every input.
public sealed partial class ArgumentReader
{
    /// <summary>Reads a GUID in its 36-character hyphenated form (any hex case).</summary>
    public bool TryReadGuid(JsonElement value, in PathSegment at, out Guid result)
    {
        // Through the escape-safe text reader: JsonElement.TryGetGuid throws (not false) on a "\ud800" escape inside the
        // value, which AFL++ found within minutes.
        if (TryGetText(value, out ReadOnlySpan<byte> text) && text.Length == 36 &&
            System.Buffers.Text.Utf8Parser.TryParse(text, out result, out int consumed, 'D') && consumed == 36)
        {
            return true;
        }
        result = default;
        return FormatError(value, at, "a GUID string like \"0f8fad5b-d9cb-469f-a165-70867728950e\"");
    }

    /// <summary>Reads an RFC 3339 date-time with an offset: <c>2025-06-01T12:30:00Z</c>, <c>...+02:00</c>, up to 7 fraction digits.</summary>
    public bool TryReadDateTimeOffset(JsonElement value, in PathSegment at, out DateTimeOffset result)
    {
        const string Expected = "an RFC 3339 date-time string like \"2025-06-01T12:30:00Z\"";
        result = default;
        if (!TryGetText(value, out ReadOnlySpan<byte> text))
        {
            return FormatError(value, at, Expected);
        }
        if (text.Length < 20 || text[10] != (byte)'T' ||
            !TextFormats.TryParseDate(text[..10], out DateOnly date))
        {
            return FormatError(value, at, Expected);
        }
        ReadOnlySpan<byte> rest = text[11..];
        int offsetStart = rest.IndexOfAny((byte)'Z', (byte)'+', (byte)'-');
        if (offsetStart < 0 || !TextFormats.TryParseTime(rest[..offsetStart], out TimeOnly time) ||
            !TextFormats.TryParseOffset(rest[offsetStart..], out TimeSpan offset))
        {
            return FormatError(value, at, Expected);
        }
        DateTime local = date.ToDateTime(time);
        long utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < 0 || utcTicks > DateTime.MaxValue.Ticks)
        {
            ReportOutOfRange(at, "a date-time whose UTC value lies between years 1 and 9999");
            return false;
        }
        result = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>Reads a date <c>yyyy-MM-dd</c> (JSON Schema format "date").</summary>
    public bool TryReadDateOnly(JsonElement value, in PathSegment at, out DateOnly result)
    {
        result = default;
        return TryGetText(value, out ReadOnlySpan<byte> text) && TextFormats.TryParseDate(text, out result)
            || FormatError(value, at, "a date string like \"2025-06-01\"");
    }

    /// <summary>Reads a time of day <c>HH:mm:ss</c> with up to 7 fraction digits.</summary>
    public bool TryReadTimeOnly(JsonElement value, in PathSegment at, out TimeOnly result)
    {
        result = default;
        return TryGetText(value, out ReadOnlySpan<byte> text) && TextFormats.TryParseTime(text, out result)
            || FormatError(value, at, "a time string like \"13:45:00\"");
    }

    /// <summary>Reads a duration in .NET's constant format <c>[-][d.]hh:mm:ss[.fffffff]</c>.</summary>
    public bool TryReadTimeSpan(JsonElement value, in PathSegment at, out TimeSpan result)
    {
        result = default;
        return TryGetText(value, out ReadOnlySpan<byte> text) && TextFormats.TryParseTimeSpan(text, out result)
            || FormatError(value, at, "a duration string like \"1.02:03:04\" (days.hours:minutes:seconds) or \"00:30:00\"");
    }

    /// <summary>
    /// Reads an absolute URI: a scheme, then printable ASCII with no spaces or backslashes (international
    /// names must arrive in their ASCII form). Relative references such as <c>//host/x</c> are refused.
    /// </summary>
    public bool TryReadUri(JsonElement value, in PathSegment at, out Uri result)
    {
        const string Expected = "an absolute URI string like \"https://example.org/page\"";
        result = null!;
        if (!TryReadString(value, at, out string text))
        {
            return false;
        }
        if (!TextFormats.IsUriText(text) || !Uri.TryCreate(text, UriKind.Absolute, out Uri? uri))
        {
            Report(ArgumentErrorCodes.Format, at, $"Expected {Expected}.", "Send an absolute URI with a scheme, in ASCII, without spaces or backslashes.");
            return false;
        }
        result = uri;
        return true;
    }

    private bool FormatError(JsonElement value, in PathSegment at, string expected)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            ReportKind(at, value, expected);
        }
        else
        {
            Report(ArgumentErrorCodes.Format, at, $"Expected {expected}.", $"Send {expected}.");
        }
        return false;
    }

    // ---- names and string values as UTF-8: matched against member names, and read by the text formats ----------

    // What a name or value that is not valid Unicode is compared as: a byte no UTF-8 text holds. It equals none of the
    // names a generated reader compares with (each a UTF-8 literal, which cannot hold half a surrogate pair), so the
    // reader falls through to its report of a name it does not know.
    private static readonly byte[] s_equalsNoName = [0xFF];

    /// <summary>
    /// A property's name as UTF-8, for a generated reader to compare with its members' names: the bytes as sent when
    /// they hold no escape (nearly always; no copy), else the name unescaped. A name that is not valid Unicode (an
    /// unpaired surrogate escape) equals no member's name. (<see cref="JsonProperty.NameEquals(ReadOnlySpan{byte})"/>
    /// throws on one, and looks the name up again for every member it is compared with.)
    /// </summary>
    public static ReadOnlySpan<byte> NameOf(in JsonProperty property)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return raw;
        }
        return TryGetName(property, out string name) ? Encoding.UTF8.GetBytes(name) : s_equalsNoName;
    }

    /// <summary>A string value's text as UTF-8 (an enum member's name), for comparing as <see cref="NameOf"/> reads names.</summary>
    public static ReadOnlySpan<byte> TextOf(JsonElement value) => TryGetText(value, out ReadOnlySpan<byte> text) ? text : s_equalsNoName;

    /// <summary>
    /// A string value's text as UTF-8: the bytes as sent when they hold no escape (no copy), else unescaped. False when
    /// it is not a string, or not valid Unicode.
    /// </summary>
    private static bool TryGetText(JsonElement value, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            if (!TryGetString(value, out string unescaped))
            {
                return false;
            }
            raw = Encoding.UTF8.GetBytes(unescaped);
        }
        text = raw;
        return true;
    }
}

/// <summary>Exact parsers for the text formats the generated schemas name.</summary>
internal static class TextFormats
{
    internal static bool TryParseDate(ReadOnlySpan<byte> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-' ||
            !TryDigits(s[..4], out int year) || !TryDigits(s.Slice(5, 2), out int month) || !TryDigits(s.Slice(8, 2), out int day))
        {
            return false;
        }
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary><c>HH:mm:ss</c> with an optional fraction of 1 to 7 digits.</summary>
    internal static bool TryParseTime(ReadOnlySpan<byte> s, out TimeOnly time)
    {
        time = default;
        if (s.Length < 8 || s[2] != (byte)':' || s[5] != (byte)':' ||
            !TryDigits(s[..2], out int hour) || !TryDigits(s.Slice(3, 2), out int minute) || !TryDigits(s.Slice(6, 2), out int second) ||
            hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        if (!TryFraction(s[8..], out long fractionTicks))
        {
            return false;
        }
        time = new TimeOnly(new TimeOnly(hour, minute, second).Ticks + fractionTicks);
        return true;
    }

    /// <summary><c>Z</c>, or <c>+HH:mm</c> / <c>-HH:mm</c> within ±14:00.</summary>
    internal static bool TryParseOffset(ReadOnlySpan<byte> s, out TimeSpan offset)
    {
        offset = default;
        if (s.Length == 1 && s[0] == (byte)'Z')
        {
            return true;
        }
        if (s.Length != 6 || (s[0] != (byte)'+' && s[0] != (byte)'-') || s[3] != (byte)':' ||
            !TryDigits(s.Slice(1, 2), out int hours) || !TryDigits(s.Slice(4, 2), out int minutes) || minutes > 59)
        {
            return false;
        }
        if (hours > 14 || (hours == 14 && minutes != 0))
        {
            return false;
        }
        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == (byte)'-')
        {
            offset = -offset;
        }
        return true;
    }

    /// <summary><c>[-][d.]hh:mm:ss[.fffffff]</c> with at most 7 day digits (always within TimeSpan's range).</summary>
    internal static bool TryParseTimeSpan(ReadOnlySpan<byte> s, out TimeSpan span)
    {
        span = default;
        bool negative = s.Length > 0 && s[0] == (byte)'-';
        if (negative)
        {
            s = s[1..];
        }
        int days = 0;
        int colon = s.IndexOf((byte)':');
        int dot = s.IndexOf((byte)'.');
        if (dot >= 0 && colon >= 0 && dot < colon)
        {
            if (dot == 0 || dot > 7 || !TryDigits(s[..dot], out days))
            {
                return false;
            }
            s = s[(dot + 1)..];
        }
        if (!TryParseTime(s, out TimeOnly time))
        {
            return false;
        }
        span = TimeSpan.FromDays(days) + time.ToTimeSpan();
        if (negative)
        {
            span = -span;
        }
        return true;
    }

    /// <summary>A scheme followed by printable ASCII other than the backslash, every <c>%</c> starting an escape of two hex digits.</summary>
    internal static bool IsUriText(string text)
    {
        int colon = text.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }
        for (int i = 1; i < colon; i++)
        {
            char c = text[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c <= ' ' || c > '~' || c == '\\' ||
                (c == '%' && (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))))
            {
                return false;
            }
        }
        return true;
    }

    private static bool TryFraction(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        if (s.IsEmpty)
        {
            return true;
        }
        if (s[0] != (byte)'.' || s.Length < 2 || s.Length > 8)
        {
            return false;
        }
        long scale = TimeSpan.TicksPerSecond;
        for (int i = 1; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit((char)s[i]))
            {
                return false;
            }
            scale /= 10;
            ticks += (s[i] - '0') * scale;
        }
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }
        foreach (byte b in s)
        {
            if (b < '0' || b > '9')
            {
                return false;
            }
            value = value * 10 + (b - '0');
        }
        return true;
    }
}
