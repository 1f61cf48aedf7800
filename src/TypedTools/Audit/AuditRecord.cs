using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypedTools.Audit;

/// <summary>
/// One audit record. A denied or malformed call has one (<see cref="AuditRecordTypes.Decision"/> with status
/// <c>denied</c>); an allowed call has a write-ahead decision record, persisted before the method runs, and an
/// <see cref="AuditRecordTypes.Outcome"/> record after it. Field names are those of the JSON Lines format.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>decision, outcome or recovery.</summary>
    public required string Type { get; init; }

    /// <summary>When the record was made (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>TypedTools' id for the call (also in the refusal the model saw).</summary>
    public required string RequestId { get; init; }

    /// <summary>The JSON-RPC request id.</summary>
    public string? RpcId { get; init; }

    /// <summary>The MCP session, where the transport has one.</summary>
    public string? Session { get; init; }

    /// <summary>The caller, where known.</summary>
    public string? Principal { get; init; }

    /// <summary>The caller's roles, where known (comma-separated).</summary>
    public string? Role { get; init; }

    /// <summary>The tool's name as called.</summary>
    public required string Tool { get; init; }

    /// <summary>The workflow profile in force.</summary>
    public string? Profile { get; init; }

    /// <summary>Validated canonical arguments (secrets redacted, long values truncated with a hash), or for a malformed call the shape of what came in.</summary>
    public ReadOnlyMemory<byte> Arguments { get; init; }

    /// <summary>"validated" or "shape".</summary>
    public string? ArgumentsKind { get; init; }

    /// <summary>allow, deny or pending (a confirmation was requested).</summary>
    public string? Decision { get; init; }

    /// <summary>The stable code of a denial (<c>argument.*</c>, <c>policy.*</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>The denial's message.</summary>
    public string? Message { get; init; }

    /// <summary>not_required, requested, accepted, declined, unavailable or invalid.</summary>
    public string? Confirmation { get; init; }

    /// <summary>ok, error, denied, cancelled or pending.</summary>
    public string? Status { get; init; }

    /// <summary>Time from the call's arrival to this record.</summary>
    public double? DurationMs { get; init; }

    /// <summary>The confirmation's preview: shown, none, failed or timed_out (absent when nobody was asked).</summary>
    public string? Preview { get; init; }

    /// <summary>On an outcome record: how long the call's write-ahead record took to become durable.</summary>
    public double? AuditMs { get; init; }

    /// <summary>The exception type of a failed call (never its message: it may carry data).</summary>
    public string? Exception { get; init; }

    /// <summary>A hash of the tool's definition (name, schemas, hints and policy facts).</summary>
    public string? ToolHash { get; init; }
}

/// <summary>The values of <see cref="AuditRecord.Type"/>.</summary>
public static class AuditRecordTypes
{
    /// <summary>The decision about a call: write-ahead for allowed calls, the only record for denied ones.</summary>
    public const string Decision = "decision";

    /// <summary>What happened when an allowed call ran.</summary>
    public const string Outcome = "outcome";

    /// <summary>A writer found and set aside a torn final line after a crash.</summary>
    public const string Recovery = "recovery";
}

/// <summary>
/// The JSON Lines form of a record and its place in the hash chain: each record carries the hash of the one
/// before (<c>prevHash</c>) and its own (<c>hash</c>, always the last field), SHA-256 over the previous hash and
/// the record's bytes up to its hash. Removing, inserting or editing any record breaks the chain.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    public static string Genesis { get; } = new('0', 64);

    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The suffix length after the body: <c>,"hash":"</c> + 64 hex digits + <c>"}</c>.</summary>
    public const int HashSuffixLength = 75;

    // One writer and buffer per thread: serialising a record allocates only the line and its hash text.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // One SHA-256 context per thread, reset after each record: the one-shot form creates and frees one every time.
    [ThreadStatic]
    private static IncrementalHash? t_sha;

    /// <summary>One JSON line (without the newline) for <paramref name="record"/> following <paramref name="prevHash"/>, and its hash.</summary>
    public static (byte[] Line, string Hash) Serialize(AuditRecord record, string prevHash)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        // What the hash covers, in one buffer: the previous hash, a newline, then the body written after them.
        int prefix = WriteHashPrefix(prevHash, buffer);
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer, s_options);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("type"u8, record.Type);
        Span<byte> timestamp = stackalloc byte[40];
        writer.WriteString("timestamp"u8, timestamp[..FormatTimestamp(record.Timestamp, timestamp)]);
        writer.WriteString("requestId"u8, record.RequestId);
        Optional(writer, "rpcId", record.RpcId);
        Optional(writer, "session", record.Session);
        Optional(writer, "principal", record.Principal);
        Optional(writer, "role", record.Role);
        writer.WriteString("tool"u8, record.Tool);
        Optional(writer, "profile", record.Profile);
        if (!record.Arguments.IsEmpty)
        {
            writer.WritePropertyName("arguments"u8);
            writer.WriteRawValue(record.Arguments.Span, skipInputValidation: true);
            Optional(writer, "argumentsKind", record.ArgumentsKind);
        }
        Optional(writer, "decision", record.Decision);
        Optional(writer, "reason", record.Reason);
        Optional(writer, "message", record.Message);
        Optional(writer, "confirmation", record.Confirmation);
        Optional(writer, "preview", record.Preview);
        Optional(writer, "status", record.Status);
        if (record.DurationMs is { } duration)
        {
            WriteMilliseconds(writer, "durationMs"u8, duration);
        }
        if (record.AuditMs is { } auditMs)
        {
            WriteMilliseconds(writer, "auditMs"u8, auditMs);
        }
        Optional(writer, "exception", record.Exception);
        Optional(writer, "toolHash", record.ToolHash);
        writer.WriteString("prevHash"u8, prevHash);
        writer.WriteEndObject();
        writer.Flush();

        ReadOnlySpan<byte> body = buffer.WrittenSpan[prefix..];
        Span<byte> digest = stackalloc byte[32];
        Sha256(buffer.WrittenSpan, digest);
        // The line is the body without its closing brace, then ,"hash":"<64 hex digits>"}
        byte[] line = new byte[body.Length - 1 + HashSuffixLength];
        body[..^1].CopyTo(line);
        Span<byte> suffix = line.AsSpan(body.Length - 1);
        ",\"hash\":\""u8.CopyTo(suffix);
        Convert.TryToHexStringLower(digest, suffix.Slice(9, 64), out _);
        "\"}"u8.CopyTo(suffix[73..]);
        return (line, Encoding.ASCII.GetString(suffix.Slice(9, 64)));
    }

    /// <summary>UTC, ISO 8601 with seven fractional digits: sortable as text.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp)
    {
        Span<byte> text = stackalloc byte[40];
        return Encoding.ASCII.GetString(text[..FormatTimestamp(timestamp, text)]);
    }

    // The round-trip format of a UTC DateTime is exactly yyyy-MM-ddTHH:mm:ss.fffffffZ.
    private static int FormatTimestamp(DateTimeOffset timestamp, Span<byte> destination) =>
        timestamp.UtcDateTime.TryFormat(destination, out int written, "O", System.Globalization.CultureInfo.InvariantCulture) ? written
            : throw new InvalidOperationException("The timestamp did not fit.");

    /// <summary>SHA-256 (hex) over the previous hash and a record's body.</summary>
    public static string Hash(string prevHash, ReadOnlySpan<byte> body)
    {
        Span<byte> digest = stackalloc byte[32];
        HashInto(prevHash, body, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>SHA-256 of the previous hash's ASCII, a newline, and the body, in one pass over a pooled buffer.</summary>
    private static void HashInto(string prevHash, ReadOnlySpan<byte> body, Span<byte> digest)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(prevHash.Length + 1 + body.Length);
        try
        {
            int prefix = WriteHashPrefix(prevHash, rented);
            body.CopyTo(rented.AsSpan(prefix));
            Sha256(rented.AsSpan(0, prefix + body.Length), digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// SHA-256 through this thread's reusable context (about 0.13 us cheaper per record than the one-shot form, which
    /// creates and frees a context each time). A context an exception interrupted is dropped, never reused half-fed.
    /// </summary>
    private static void Sha256(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        IncrementalHash sha = t_sha ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        t_sha = null;
        sha.AppendData(data);
        sha.GetHashAndReset(digest);
        t_sha = sha;
    }

    /// <summary>Writes the previous hash's ASCII and a newline into the buffer; returns their length.</summary>
    private static int WriteHashPrefix(string prevHash, ArrayBufferWriter<byte> buffer)
    {
        int length = WriteHashPrefix(prevHash, buffer.GetSpan(prevHash.Length + 1));
        buffer.Advance(length);
        return length;
    }

    /// <summary>What the hash covers before the body: the previous hash's ASCII and a newline.</summary>
    private static int WriteHashPrefix(string prevHash, Span<byte> destination)
    {
        int written = Encoding.ASCII.GetBytes(prevHash, destination);
        destination[written] = (byte)'\n';
        return written + 1;
    }

    /// <summary>
    /// Writes milliseconds with at most three decimals, exactly as <c>Math.Round(value, 3)</c> prints as a JSON number,
    /// without the shortest round-trip formatting of a double (a few hundred nanoseconds, twice in every allowed call).
    /// </summary>
    private static void WriteMilliseconds(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double milliseconds)
    {
        Span<byte> text = stackalloc byte[32];
        if (FormatMilliseconds(milliseconds, text) is int length and > 0)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(text[..length], skipInputValidation: true);
        }
        else
        {
            writer.WriteNumber(name, Math.Round(milliseconds, 3));
        }
    }

    /// <summary>The text of <paramref name="milliseconds"/> rounded to three decimals; 0 when it is outside what this formats (then the caller falls back).</summary>
    internal static int FormatMilliseconds(double milliseconds, Span<byte> text)
    {
        double rounded = Math.Round(milliseconds, 3);
        if (!double.IsFinite(rounded) || Math.Abs(rounded) >= 1e12 || rounded == 0 && double.IsNegative(rounded))
        {
            return 0;
        }
        long thousandths = (long)Math.Round(rounded * 1000);
        int at = 0;
        if (thousandths < 0)
        {
            text[at++] = (byte)'-';
            thousandths = -thousandths;
        }
        System.Buffers.Text.Utf8Formatter.TryFormat(thousandths / 1000, text[at..], out int written);
        at += written;
        long fraction = thousandths % 1000;
        if (fraction != 0)
        {
            text[at++] = (byte)'.';
            for (long unit = 100; fraction != 0; unit /= 10)
            {
                text[at++] = (byte)('0' + fraction / unit);
                fraction %= unit;
            }
        }
        return at;
    }

    /// <summary>Checks one line: its hash matches its body, and its prevHash is <paramref name="expectedPrev"/>.</summary>
    public static (bool Valid, string? Hash, string? Problem) Verify(ReadOnlySpan<byte> line, string expectedPrev)
    {
        if (line.Length <= HashSuffixLength || !line[^HashSuffixLength..].StartsWith(",\"hash\":\""u8))
        {
            return (false, null, "the record has no hash at its end");
        }
        string stated = Encoding.ASCII.GetString(line.Slice(line.Length - HashSuffixLength + 9, 64));
        byte[] body = new byte[line.Length - HashSuffixLength + 1];
        line[..^HashSuffixLength].CopyTo(body);
        body[^1] = (byte)'}';
        string prev;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            prev = document.RootElement.GetProperty("prevHash").GetString() ?? "";
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (false, null, "the record is not valid JSON");
        }
        if (prev != expectedPrev)
        {
            return (false, stated, "its prevHash does not match the record before it (a record was removed, inserted or reordered)");
        }
        return Hash(prev, body) == stated ? (true, stated, null) : (false, stated, "its hash does not match its content (the record was edited)");
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
