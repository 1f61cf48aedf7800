using System.Text.Json;
using TypedTools.Results;

namespace TypedTools.Arguments;

/// <summary>Reads one JSON value strictly into <typeparamref name="T"/>; on failure the reader holds the errors.</summary>
public delegate bool JsonValueReader<T>(ArgumentReader reader, JsonElement json, in PathSegment at, out T value);

/// <summary>
/// Reads one JSON collection strictly (an array, or an object read as a dictionary), its count of items or entries
/// bounded before any of them is read.
/// </summary>
public delegate bool JsonCollectionReader<T>(ArgumentReader reader, JsonElement json, in PathSegment at, int minCount, int maxCount, out T value);

/// <summary>
/// How one kind of argument is read and written: the strict reader, the canonical writer and the words a refusal uses
/// for it. One instance per type: the runtime's for primitives (<see cref="ArgumentCodecs"/>), the assembly's generated
/// <c>ToolTypes</c> for its enums and objects. A generated tool names the codec in one call per parameter
/// (<see cref="ArgumentBinder"/>) instead of compiling its own read and write statements.
/// </summary>
public sealed class ArgumentCodec<T>
{
    /// <summary>Creates a codec.</summary>
    public ArgumentCodec(JsonValueReader<T> read, JsonValueWriter<T> write, string expected)
    {
        Read = read;
        Write = write;
        Expected = expected;
    }

    /// <summary>The strict reader.</summary>
    public JsonValueReader<T> Read { get; }

    /// <summary>The canonical writer.</summary>
    public JsonValueWriter<T> Write { get; }

    /// <summary>What a value must be, in words for a refusal ("an integer", "one of a, b").</summary>
    public string Expected { get; }
}

/// <summary>
/// An <see cref="ArgumentCodec{T}"/> for arrays, lists and dictionaries, whose reader takes the parameter's bounds on its
/// count of items or entries.
/// </summary>
public sealed class CollectionArgumentCodec<T>
{
    /// <summary>Creates a codec.</summary>
    public CollectionArgumentCodec(JsonCollectionReader<T> read, JsonValueWriter<T> write, string expected)
    {
        Read = read;
        Write = write;
        Expected = expected;
    }

    /// <summary>The strict reader.</summary>
    public JsonCollectionReader<T> Read { get; }

    /// <summary>The canonical writer.</summary>
    public JsonValueWriter<T> Write { get; }

    /// <summary>What a value must be, in words for a refusal.</summary>
    public string Expected { get; }
}

/// <summary>The codecs of the primitive kinds a tool parameter may have (strings have <see cref="ArgumentBinder.String"/>).</summary>
public static class ArgumentCodecs
{
    private const string Integer = "an integer";
    private const string Number = "a number";

    /// <summary>true or false.</summary>
    public static readonly ArgumentCodec<bool> Boolean = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out bool v) => r.TryReadBoolean(j, at, out v), JsonValues.Write, "true or false");
    /// <summary>An sbyte.</summary>
    public static readonly ArgumentCodec<sbyte> SByte = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out sbyte v) => r.TryReadSByte(j, at, out v), JsonValues.Write, Integer);
    /// <summary>A byte.</summary>
    public static readonly ArgumentCodec<byte> Byte = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out byte v) => r.TryReadByte(j, at, out v), JsonValues.Write, Integer);
    /// <summary>A short.</summary>
    public static readonly ArgumentCodec<short> Int16 = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out short v) => r.TryReadInt16(j, at, out v), JsonValues.Write, Integer);
    /// <summary>A ushort.</summary>
    public static readonly ArgumentCodec<ushort> UInt16 = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out ushort v) => r.TryReadUInt16(j, at, out v), JsonValues.Write, Integer);
    /// <summary>An int.</summary>
    public static readonly ArgumentCodec<int> Int32 = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out int v) => r.TryReadInt32(j, at, out v), JsonValues.Write, Integer);
    /// <summary>A uint.</summary>
    public static readonly ArgumentCodec<uint> UInt32 = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out uint v) => r.TryReadUInt32(j, at, out v), JsonValues.Write, Integer);
    /// <summary>A long.</summary>
    public static readonly ArgumentCodec<long> Int64 = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out long v) => r.TryReadInt64(j, at, out v), JsonValues.Write, Integer);
    /// <summary>A ulong.</summary>
    public static readonly ArgumentCodec<ulong> UInt64 = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out ulong v) => r.TryReadUInt64(j, at, out v), JsonValues.Write, Integer);
    /// <summary>A float.</summary>
    public static readonly ArgumentCodec<float> Single = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out float v) => r.TryReadSingle(j, at, out v), JsonValues.Write, Number);
    /// <summary>A double.</summary>
    public static readonly ArgumentCodec<double> Double = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out double v) => r.TryReadDouble(j, at, out v), JsonValues.Write, Number);
    /// <summary>A decimal.</summary>
    public static readonly ArgumentCodec<decimal> Decimal = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out decimal v) => r.TryReadDecimal(j, at, out v), JsonValues.Write, Number);
    /// <summary>A GUID string.</summary>
    public static readonly ArgumentCodec<Guid> Guid = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out Guid v) => r.TryReadGuid(j, at, out v), JsonValues.Write, "a GUID string");
    /// <summary>An RFC 3339 date-time string.</summary>
    public static readonly ArgumentCodec<DateTimeOffset> DateTimeOffset = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out DateTimeOffset v) => r.TryReadDateTimeOffset(j, at, out v), JsonValues.Write, "an RFC 3339 date-time string");
    /// <summary>A date string.</summary>
    public static readonly ArgumentCodec<DateOnly> DateOnly = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out DateOnly v) => r.TryReadDateOnly(j, at, out v), JsonValues.Write, "a date string yyyy-MM-dd");
    /// <summary>A time string.</summary>
    public static readonly ArgumentCodec<TimeOnly> TimeOnly = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out TimeOnly v) => r.TryReadTimeOnly(j, at, out v), JsonValues.Write, "a time string HH:mm:ss");
    /// <summary>A duration string.</summary>
    public static readonly ArgumentCodec<TimeSpan> TimeSpan = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out TimeSpan v) => r.TryReadTimeSpan(j, at, out v), JsonValues.Write, "a duration string [d.]hh:mm:ss");
    /// <summary>An absolute URI string.</summary>
    public static readonly ArgumentCodec<Uri> Uri = new(static (ArgumentReader r, JsonElement j, in PathSegment at, out Uri v) => r.TryReadUri(j, at, out v), JsonValues.Write, "an absolute URI string");
}
