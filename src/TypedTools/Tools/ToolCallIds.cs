using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TypedTools;

/// <summary>
/// Identifiers for tool calls: UUID version 7 (RFC 9562), written as 32 lowercase hex digits (the form of
/// <c>Guid.ToString("N")</c>). <c>Guid.CreateVersion7</c> asks the operating system for 74 random bits on every
/// call (a system call, about a microsecond, on every tool call); here the random bits are drawn once per
/// process and followed by a counter (RFC 9562, section 6.2, a fixed-length dedicated counter), so an id costs a
/// clock read and an increment. Ids are unique across processes (42 random bits tell processes apart, and the
/// counter starts at a random value) and sort by creation time within a process (but where the 32-bit counter wraps).
/// </summary>
public static class ToolCallIds
{
    // 42 random bits fixed for this process: rand_a (12 bits) after the version, and the top 30 bits of rand_b after the variant.
    private static readonly ulong s_process = RandomBits(42);
    private static readonly ulong s_versionAndRandA = 0x7000 | s_process >> 30;
    private static readonly ulong s_variantAndProcess = 0x8000_0000_0000_0000 | (s_process & 0x3FFF_FFFF) << 32;
    private static uint s_counter = (uint)RandomBits(32);

    /// <summary>A new unique, time-ordered identifier for one tool call.</summary>
    public static string Create() => Create(DateTimeOffset.UtcNow);

    /// <summary>A new identifier for a call that began at <paramref name="now"/> (a clock read the caller shares).</summary>
    internal static string Create(DateTimeOffset now)
    {
        long milliseconds = now.ToUnixTimeMilliseconds();
        uint counter = Interlocked.Increment(ref s_counter);
        Span<byte> id = stackalloc byte[16];
        Write(id, milliseconds, counter);
        return Convert.ToHexStringLower(id);
    }

    /// <summary>The 16 bytes of an id, big-endian as RFC 9562 lays them out.</summary>
    internal static void Write(Span<byte> id, long unixMilliseconds, uint counter)
    {
        // unix_ts_ms (48) | ver = 7 (4) | rand_a (12), then var = 0b10 (2) | rand_b (62): 30 process bits and the counter.
        BinaryPrimitives.WriteUInt64BigEndian(id, (ulong)unixMilliseconds << 16 | s_versionAndRandA);
        BinaryPrimitives.WriteUInt64BigEndian(id[8..], s_variantAndProcess | counter);
    }

    private static ulong RandomBits(int bits)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return BinaryPrimitives.ReadUInt64LittleEndian(random) >> (64 - bits);
    }
}
