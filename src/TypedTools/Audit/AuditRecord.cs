using System.Buffers;
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

    /// <summary>The suffix length after the body: <c>,"hash":"</c> + 64 hex digits + <c>"}</c>.</summary>
    public const int HashSuffixLength = 75;

    /// <summary><see cref="Genesis"/> as the 64 ASCII bytes <see cref="Serialize(AuditRecord, ReadOnlySpan{byte})"/> takes.</summary>
    public static ReadOnlySpan<byte> GenesisUtf8 => "0000000000000000000000000000000000000000000000000000000000000000"u8;

    private static readonly SearchValues<byte> s_lowerHex = SearchValues.Create("0123456789abcdef"u8);

    // One buffer per thread: serialising a record allocates only the line (and, through the string overload, its hash text).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>One JSON line (without the newline) for <paramref name="record"/> following <paramref name="prevHash"/>, and its hash.</summary>
    public static (byte[] Line, string Hash) Serialize(AuditRecord record, string prevHash)
    {
        byte[] line = Serialize(record, prevHash, default);
        return (line, Encoding.ASCII.GetString(HashOf(line)));
    }

    /// <summary>
    /// One JSON line (without the newline) for <paramref name="record"/> following the record whose hash is
    /// <paramref name="prevHash"/> (64 lowercase hex digits as ASCII, e.g. <see cref="HashOf"/> of the line before, or
    /// <see cref="GenesisUtf8"/>). The same bytes as the string overload, without building the hashes' text.
    /// </summary>
    public static byte[] Serialize(AuditRecord record, ReadOnlySpan<byte> prevHash)
    {
        if (prevHash.Length != 64 || prevHash.ContainsAnyExcept(s_lowerHex))
        {
            throw new ArgumentException("The previous hash must be 64 lowercase hex digits.", nameof(prevHash));
        }
        return Serialize(record, null, prevHash);
    }

    /// <summary>The hash a line ends with, as its 64 ASCII hex digits.</summary>
    public static ReadOnlySpan<byte> HashOf(ReadOnlySpan<byte> line) => line.Slice(line.Length - HashSuffixLength + 9, 64);

    /// <summary>The line, from the previous hash as text (<paramref name="prevText"/>) or as checked hex bytes.</summary>
    private static byte[] Serialize(AuditRecord record, string? prevText, ReadOnlySpan<byte> prevHex)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        // What the hash covers, in one buffer: the previous hash's ASCII, a newline, then the body written after them.
        if (prevText is null)
        {
            AuditLineWriter.Raw(buffer, prevHex);
        }
        else
        {
            buffer.Advance(Encoding.ASCII.GetBytes(prevText, buffer.GetSpan(prevText.Length)));
        }
        AuditLineWriter.Raw(buffer, "\n"u8);
        int prefix = buffer.WrittenCount;
        AuditLineWriter.Raw(buffer, "{\"type\":"u8);
        AuditLineWriter.Value(buffer, record.Type);
        AuditLineWriter.Name(buffer, "timestamp"u8);
        Span<byte> timestamp = stackalloc byte[TimestampLength];
        WriteTimestamp(record.Timestamp, timestamp);
        AuditLineWriter.Quoted(buffer, timestamp);
        AuditLineWriter.Field(buffer, "requestId"u8, record.RequestId);
        AuditLineWriter.Field(buffer, "rpcId"u8, record.RpcId);
        AuditLineWriter.Field(buffer, "session"u8, record.Session);
        AuditLineWriter.Field(buffer, "principal"u8, record.Principal);
        AuditLineWriter.Field(buffer, "role"u8, record.Role);
        AuditLineWriter.Field(buffer, "tool"u8, record.Tool);
        AuditLineWriter.Field(buffer, "profile"u8, record.Profile);
        if (!record.Arguments.IsEmpty)
        {
            // Canonical JSON the pipeline wrote (or the shape of malformed input): copied as it is.
            AuditLineWriter.Name(buffer, "arguments"u8);
            AuditLineWriter.Raw(buffer, record.Arguments.Span);
            AuditLineWriter.Field(buffer, "argumentsKind"u8, record.ArgumentsKind);
        }
        AuditLineWriter.Field(buffer, "decision"u8, record.Decision);
        AuditLineWriter.Field(buffer, "reason"u8, record.Reason);
        AuditLineWriter.Field(buffer, "message"u8, record.Message);
        AuditLineWriter.Field(buffer, "confirmation"u8, record.Confirmation);
        AuditLineWriter.Field(buffer, "preview"u8, record.Preview);
        AuditLineWriter.Field(buffer, "status"u8, record.Status);
        if (record.DurationMs is { } duration)
        {
            WriteMilliseconds(buffer, "durationMs"u8, duration);
        }
        if (record.AuditMs is { } auditMs)
        {
            WriteMilliseconds(buffer, "auditMs"u8, auditMs);
        }
        AuditLineWriter.Field(buffer, "exception"u8, record.Exception);
        AuditLineWriter.Field(buffer, "toolHash"u8, record.ToolHash);
        AuditLineWriter.Name(buffer, "prevHash"u8);
        if (prevText is null)
        {
            AuditLineWriter.Quoted(buffer, prevHex);
        }
        else
        {
            AuditLineWriter.Value(buffer, prevText);
        }
        AuditLineWriter.Raw(buffer, "}"u8);

        ReadOnlySpan<byte> body = buffer.WrittenSpan[prefix..];
        Span<byte> digest = stackalloc byte[32];
        ChainSha256.Hash(buffer.WrittenSpan, digest);
        // The line is the body without its closing brace, then ,"hash":"<64 hex digits>"}
        byte[] line = new byte[body.Length - 1 + HashSuffixLength];
        body[..^1].CopyTo(line);
        Span<byte> suffix = line.AsSpan(body.Length - 1);
        ",\"hash\":\""u8.CopyTo(suffix);
        Convert.TryToHexStringLower(digest, suffix.Slice(9, 64), out _);
        "\"}"u8.CopyTo(suffix[73..]);
        return line;
    }

    /// <summary>UTC, ISO 8601 with seven fractional digits: sortable as text.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp)
    {
        Span<byte> text = stackalloc byte[TimestampLength];
        WriteTimestamp(timestamp, text);
        return Encoding.ASCII.GetString(text);
    }

    /// <summary>The length of <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    private const int TimestampLength = 28;

    // The date and time to the second of this thread's last timestamp (yyyy-MM-ddTHH:mm:ss.), and which second that was:
    // records made in the same second need only their seven fractional digits written.
    [ThreadStatic]
    private static byte[]? t_secondText;

    [ThreadStatic]
    private static long t_second;

    /// <summary>
    /// Writes <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, what the round-trip format (<c>"O"</c>) prints for a UTC time, digit by
    /// digit (the general formatter cost about a tenth of a record), reusing the text up to the second from the
    /// thread's previous timestamp when it fell in the same second.
    /// </summary>
    private static void WriteTimestamp(DateTimeOffset timestamp, Span<byte> text)
    {
        long ticks = timestamp.UtcTicks;
        long second = ticks / TimeSpan.TicksPerSecond;
        byte[] secondText = t_secondText ??= new byte[20];
        if (second != t_second || secondText[0] == 0)
        {
            DateTime utc = timestamp.UtcDateTime;
            (int year, int month, int day) = utc;
            int ofDay = (int)(second % 86_400);
            Digits(secondText.AsSpan(0, 4), year);
            secondText[4] = (byte)'-';
            Digits(secondText.AsSpan(5, 2), month);
            secondText[7] = (byte)'-';
            Digits(secondText.AsSpan(8, 2), day);
            secondText[10] = (byte)'T';
            Digits(secondText.AsSpan(11, 2), ofDay / 3600);
            secondText[13] = (byte)':';
            Digits(secondText.AsSpan(14, 2), ofDay / 60 % 60);
            secondText[16] = (byte)':';
            Digits(secondText.AsSpan(17, 2), ofDay % 60);
            secondText[19] = (byte)'.';
            t_second = second;
        }
        secondText.CopyTo(text);
        Digits(text.Slice(20, 7), (int)(ticks - second * TimeSpan.TicksPerSecond));
        text[27] = (byte)'Z';

        static void Digits(Span<byte> destination, int value)
        {
            for (int i = destination.Length - 1; i >= 0; i--)
            {
                destination[i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }
    }

    /// <summary>SHA-256 (hex) over the previous hash's ASCII, a newline, and a record's body (what <see cref="Verify"/> recomputes).</summary>
    public static string Hash(string prevHash, ReadOnlySpan<byte> body)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(prevHash.Length + 1 + body.Length);
        try
        {
            int prefix = Encoding.ASCII.GetBytes(prevHash, rented);
            rented[prefix++] = (byte)'\n';
            body.CopyTo(rented.AsSpan(prefix));
            Span<byte> digest = stackalloc byte[32];
            ChainSha256.Hash(rented.AsSpan(0, prefix + body.Length), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes milliseconds with at most three decimals, exactly as <c>Math.Round(value, 3)</c> prints as a JSON number,
    /// without the shortest round-trip formatting of a double (a few hundred nanoseconds, twice in every allowed call).
    /// </summary>
    private static void WriteMilliseconds(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> name, double milliseconds)
    {
        AuditLineWriter.Name(buffer, name);
        Span<byte> text = buffer.GetSpan(32);
        if (FormatMilliseconds(milliseconds, text) is int length and > 0)
        {
            buffer.Advance(length);
        }
        else
        {
            AuditLineWriter.Number(buffer, Math.Round(milliseconds, 3));
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
        // Up to three decimals, trailing zeros dropped; constant divisors (a loop over a variable one divided in hardware).
        int fraction = (int)(thousandths % 1000);
        if (fraction != 0)
        {
            text[at++] = (byte)'.';
            text[at++] = (byte)('0' + fraction / 100);
            if (fraction % 100 != 0)
            {
                text[at++] = (byte)('0' + fraction / 10 % 10);
                if (fraction % 10 != 0)
                {
                    text[at++] = (byte)('0' + fraction % 10);
                }
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
}
