using System.Text;

namespace TypedTools.Testing.Fuzzing;

/// <summary>
/// Turns fuzzer bytes into the text a JSON string can carry. A set high bit in the selector byte reads the rest as
/// UTF-16 (so lone surrogates, which <c>\uD800</c> escapes deliver, are reachable); otherwise as UTF-8.
/// </summary>
internal static class FuzzText
{
    internal static string Decode(byte selector, ReadOnlySpan<byte> bytes) =>
        (selector & 0x80) != 0 ? new string(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(bytes[..(bytes.Length & ~1)]))
            : Encoding.UTF8.GetString(bytes);
}
