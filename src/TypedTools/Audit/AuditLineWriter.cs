using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypedTools.Audit;

/// <summary>
/// Writes the JSON of an audit line straight into a byte buffer. The line's shape is fixed (one flat object, known
/// field names, string, raw JSON and millisecond values), so the general writer's per-value bookkeeping (validation,
/// depth, name escaping) buys nothing there: about half of a record's serialisation before the hash. Plain ASCII
/// strings (nearly every value: ids, names, codes, hashes) are copied byte for byte. Every other string and number
/// goes through <see cref="Utf8JsonWriter"/> with the line's encoder, so the bytes are those it writes
/// (<c>AuditLineTests</c> compares whole lines against it).
/// </summary>
internal static class AuditLineWriter
{
    /// <summary>The line's encoder: a record stays readable text (quotes and backslashes are still escaped).</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The ASCII characters the encoder writes as they are. Asked of the encoder, not listed, so the two cannot disagree.
    private static readonly SearchValues<char> s_plain = SearchValues.Create(PlainAscii());

    // Escapes the strings (and writes the numbers) the fast path leaves, one writer and buffer per thread.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    [ThreadStatic]
    private static Utf8JsonWriter? t_general;

    /// <summary>Writes <c>,"name":"value"</c>; nothing when <paramref name="value"/> is null.</summary>
    public static void Field(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            Name(buffer, name);
            Value(buffer, value);
        }
    }

    /// <summary>Writes <c>,"name":</c> (the names are the format's own: plain ASCII).</summary>
    public static void Name(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> name)
    {
        Span<byte> span = buffer.GetSpan(name.Length + 4);
        span[0] = (byte)',';
        span[1] = (byte)'"';
        name.CopyTo(span[2..]);
        span[name.Length + 2] = (byte)'"';
        span[name.Length + 3] = (byte)':';
        buffer.Advance(name.Length + 4);
    }

    /// <summary>Writes a JSON string.</summary>
    public static void Value(ArrayBufferWriter<byte> buffer, string value)
    {
        if (value.AsSpan().ContainsAnyExcept(s_plain))
        {
            Utf8JsonWriter general = General();
            general.WriteStringValue(value);
            CopyGeneral(buffer, general);
            return;
        }
        Span<byte> span = buffer.GetSpan(value.Length + 2);
        span[0] = (byte)'"';
        int written = Encoding.ASCII.GetBytes(value, span[1..]);
        span[written + 1] = (byte)'"';
        buffer.Advance(written + 2);
    }

    /// <summary>Writes bytes that need no escaping (digits, hex, a timestamp) as a JSON string.</summary>
    public static void Quoted(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> plain)
    {
        Span<byte> span = buffer.GetSpan(plain.Length + 2);
        span[0] = (byte)'"';
        plain.CopyTo(span[1..]);
        span[plain.Length + 1] = (byte)'"';
        buffer.Advance(plain.Length + 2);
    }

    /// <summary>Writes a number as the general writer writes a double.</summary>
    public static void Number(ArrayBufferWriter<byte> buffer, double value)
    {
        Utf8JsonWriter general = General();
        general.WriteNumberValue(value);
        CopyGeneral(buffer, general);
    }

    /// <summary>Writes bytes as they are.</summary>
    public static void Raw(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes) => buffer.Write(bytes);

    private static Utf8JsonWriter General()
    {
        ArrayBufferWriter<byte> scratch = t_scratch ??= new ArrayBufferWriter<byte>(256);
        scratch.ResetWrittenCount();
        Utf8JsonWriter general = t_general ??= new Utf8JsonWriter(scratch, Options);
        general.Reset(scratch);
        return general;
    }

    private static void CopyGeneral(ArrayBufferWriter<byte> buffer, Utf8JsonWriter general)
    {
        general.Flush();
        buffer.Write(t_scratch!.WrittenSpan);
    }

    private static string PlainAscii()
    {
        var plain = new StringBuilder();
        for (char c = ' '; c <= '~'; c++)
        {
            if (!Options.Encoder!.WillEncode(c))
            {
                plain.Append(c);
            }
        }
        return plain.ToString();
    }
}
