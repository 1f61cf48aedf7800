using System.Globalization;
using System.Text.Json;

namespace TypedTools.Results;

/// <summary>
/// Writes leaf values of structured results in the same spellings the argument parser reads, so a value a
/// tool returns can be sent back to another tool unchanged. Generated writers call one overload per type.
/// </summary>
public static class JsonValues
{
    /// <summary>Writes a string, or null.</summary>
    public static void Write(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Writes a boolean.</summary>
    public static void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, sbyte value) => writer.WriteNumberValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, byte value) => writer.WriteNumberValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, short value) => writer.WriteNumberValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, ushort value) => writer.WriteNumberValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, uint value) => writer.WriteNumberValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, ulong value) => writer.WriteNumberValue(value);
    /// <summary>Writes a finite number (non-finite values cannot be JSON and throw).</summary>
    public static void Write(Utf8JsonWriter writer, float value) => writer.WriteNumberValue(value);
    /// <summary>Writes a finite number (non-finite values cannot be JSON and throw).</summary>
    public static void Write(Utf8JsonWriter writer, double value) => writer.WriteNumberValue(value);
    /// <summary>Writes a number.</summary>
    public static void Write(Utf8JsonWriter writer, decimal value) => writer.WriteNumberValue(value);
    /// <summary>Writes a GUID in its hyphenated form.</summary>
    public static void Write(Utf8JsonWriter writer, Guid value) => writer.WriteStringValue(value);

    /// <summary>Writes an RFC 3339 date-time.</summary>
    public static void Write(Utf8JsonWriter writer, DateTimeOffset value) =>
        writer.WriteStringValue(value.Offset == TimeSpan.Zero
            ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));

    /// <summary>Writes <c>yyyy-MM-dd</c>.</summary>
    public static void Write(Utf8JsonWriter writer, DateOnly value) => writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Writes <c>HH:mm:ss[.fffffff]</c>.</summary>
    public static void Write(Utf8JsonWriter writer, TimeOnly value) => writer.WriteStringValue(value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));

    /// <summary>Writes <c>[-][d.]hh:mm:ss[.fffffff]</c>, without trailing zeros in the fraction.</summary>
    public static void Write(Utf8JsonWriter writer, TimeSpan value)
    {
        string text = value.ToString("c", CultureInfo.InvariantCulture);
        // The constant format pads a fraction to seven digits; the day separator is also '.', so only trim after the last ':'.
        if (text.LastIndexOf('.') > text.LastIndexOf(':'))
        {
            text = text.TrimEnd('0');
        }
        writer.WriteStringValue(text);
    }

    /// <summary>Writes a URI as it was given, or null.</summary>
    public static void Write(Utf8JsonWriter writer, Uri? value) => Write(writer, value?.OriginalString);
}
