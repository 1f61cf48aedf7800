using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TypedTools.Audit;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>
/// Audit lines are written by hand (a fixed shape needs none of the general JSON writer's bookkeeping). They must be,
/// byte for byte, the lines the general writer produces: every log already written is verified against them.
/// </summary>
public sealed class AuditLineTests
{
    private static readonly string[] s_texts =
    [
        "", "a", "read_file", "policy.path_outside_root", "019ab6f2-3c4d-7e8f-9a0b-1c2d3e4f5a6b", "it's <b>&amp;</b> + `x`",
        "say \"hi\"", "C:\\temp\\x", "line\nbreak\ttab\r", "\u0001\u001f", "del\u007f", "caf\u00e9", "\u65e5\u672c", "emoji \ud83d\ude00",
        "lone \ud800 high", "lone \udc00 low", "\u2028\u2029", "\ufeffbom", new string('x', 3000), "ends with \\",
    ];

    [Fact]
    public void Random_records_are_written_as_the_general_writer_writes_them()
    {
        var random = new Random(11);
        string prev = AuditChain.Genesis;
        for (int i = 0; i < 20_000; i++)
        {
            AuditRecord record = RandomRecord(random);
            (byte[] expectedLine, string expectedHash) = Reference(record, prev);
            (byte[] line, string hash) = AuditChain.Serialize(record, prev);
            Assert.Equal(Encoding.UTF8.GetString(expectedLine), Encoding.UTF8.GetString(line));
            Assert.Equal(expectedLine, line);
            Assert.Equal(expectedHash, hash);
            Assert.Equal(line, AuditChain.Serialize(record, Encoding.ASCII.GetBytes(prev)));
            Assert.Equal(hash, Encoding.ASCII.GetString(AuditChain.HashOf(line)));
            Assert.True(AuditChain.Verify(line, prev).Valid);
            prev = hash;
        }
    }

    [Fact]
    public void Every_ascii_character_is_written_as_the_general_writer_writes_it()
    {
        for (char c = '\0'; c < 128; c++)
        {
            var record = new AuditRecord { Type = "decision", Timestamp = DateTimeOffset.UnixEpoch, RequestId = $"{c}", Tool = $"a{c}b{c}", Message = new string(c, 40) };
            Assert.Equal(Reference(record, AuditChain.Genesis).Line, AuditChain.Serialize(record, AuditChain.Genesis).Line);
        }
    }

    [Fact]
    public void Timestamps_are_the_round_trip_format_of_their_utc_time()
    {
        var random = new Random(5);
        DateTimeOffset[] edges =
        [
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch, new(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-14)),
            new(1, 1, 1, 14, 0, 0, TimeSpan.FromHours(14)), new(9999, 12, 31, 0, 0, 0, TimeSpan.FromHours(-14)),
        ];
        IEnumerable<DateTimeOffset> randoms = Enumerable.Range(0, 100_000).Select(_ =>
        {
            long ticks = random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));
        });
        // A walk in small steps over second, day, month and year boundaries: consecutive records share the text up to the second.
        var walk = new List<DateTimeOffset>();
        for (var at = new DateTimeOffset(1999, 12, 31, 23, 59, 58, TimeSpan.Zero); at.Year < 2000 || at.Second < 3; at = at.AddTicks(random.Next(1, 3_000_000)))
        {
            walk.Add(at);
        }
        foreach (DateTimeOffset timestamp in edges.Concat(walk).Concat(randoms).Concat(walk))
        {
            Assert.Equal(timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), AuditChain.FormatTimestamp(timestamp));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000A")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000\"")]
    public void The_byte_form_takes_only_a_hash_as_the_previous_hash(string prevHash)
    {
        var record = new AuditRecord { Type = "decision", Timestamp = DateTimeOffset.UnixEpoch, RequestId = "r", Tool = "t" };
        Assert.Throws<ArgumentException>(() => AuditChain.Serialize(record, Encoding.ASCII.GetBytes(prevHash)));
    }

    [Fact]
    public void A_duration_json_cannot_hold_fails_the_record_as_the_general_writer_does()
    {
        var record = new AuditRecord { Type = "outcome", Timestamp = DateTimeOffset.UnixEpoch, RequestId = "r", Tool = "t", DurationMs = double.NaN };
        Assert.Throws<ArgumentException>(() => Reference(record, AuditChain.Genesis));
        Assert.Throws<ArgumentException>(() => AuditChain.Serialize(record, AuditChain.Genesis));
        // The failure leaves nothing behind: the next record on the thread is whole.
        AuditRecord next = record with { DurationMs = 1.5 };
        Assert.Equal(Reference(next, AuditChain.Genesis).Line, AuditChain.Serialize(next, AuditChain.Genesis).Line);
    }

    private static AuditRecord RandomRecord(Random random)
    {
        string? Text(int nullOneIn = 3) => random.Next(nullOneIn) == 0 ? null : s_texts[random.Next(s_texts.Length)];
        double? Milliseconds() => random.Next(3) switch
        {
            0 => null,
            1 => Math.Round(random.NextDouble() * 100, random.Next(6)),
            _ => random.NextDouble() * 1e13 * (random.Next(2) == 0 ? -1 : 1),
        };
        byte[] arguments = random.Next(3) switch
        {
            0 => [],
            1 => """{"path":"docs/readme.md","level":3,"recursive":true}"""u8.ToArray(),
            _ => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string?> { ["v"] = Text(), ["w"] = Text() })),
        };
        return new AuditRecord
        {
            Type = Text(int.MaxValue)!,
            Timestamp = new DateTimeOffset(random.NextInt64(DateTime.UnixEpoch.Ticks, DateTime.UnixEpoch.Ticks + TimeSpan.TicksPerDay * 36_500), TimeSpan.Zero),
            RequestId = Text(int.MaxValue)!,
            RpcId = Text(),
            Session = Text(),
            Principal = Text(),
            Role = Text(),
            Tool = Text(int.MaxValue)!,
            Profile = Text(),
            Arguments = arguments,
            ArgumentsKind = Text(),
            Decision = Text(),
            Reason = Text(),
            Message = Text(),
            Confirmation = Text(),
            Preview = Text(),
            Status = Text(),
            DurationMs = Milliseconds(),
            AuditMs = Milliseconds(),
            Exception = Text(),
            ToolHash = Text(),
        };
    }

    /// <summary>The line as the general writer produces it (how every line was written before), hashed with the one-shot SHA-256.</summary>
    private static (byte[] Line, string Hash) Reference(AuditRecord record, string prevHash)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", record.Type);
            writer.WriteString("timestamp", record.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("requestId", record.RequestId);
            Optional(writer, "rpcId", record.RpcId);
            Optional(writer, "session", record.Session);
            Optional(writer, "principal", record.Principal);
            Optional(writer, "role", record.Role);
            writer.WriteString("tool", record.Tool);
            Optional(writer, "profile", record.Profile);
            if (!record.Arguments.IsEmpty)
            {
                writer.WritePropertyName("arguments");
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
                writer.WriteNumber("durationMs", Math.Round(duration, 3));
            }
            if (record.AuditMs is { } auditMs)
            {
                writer.WriteNumber("auditMs", Math.Round(auditMs, 3));
            }
            Optional(writer, "exception", record.Exception);
            Optional(writer, "toolHash", record.ToolHash);
            writer.WriteString("prevHash", prevHash);
            writer.WriteEndObject();
        }
        byte[] body = buffer.WrittenSpan.ToArray();
        string hash = Convert.ToHexStringLower(SHA256.HashData([.. Encoding.ASCII.GetBytes(prevHash + "\n"), .. body]));
        return ([.. body.AsSpan(0, body.Length - 1), .. Encoding.ASCII.GetBytes($",\"hash\":\"{hash}\"}}")], hash);
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
