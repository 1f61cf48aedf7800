namespace TypedTools.Results;

/// <summary>
/// One writer per primitive kind, named after the kind, for generated tools' structured results: a tool returning an
/// <c>int</c> passes <see cref="Int32"/> instead of compiling a lambda of its own.
/// </summary>
public static class JsonValueWriters
{
    /// <summary>Writes a string (null as JSON null).</summary>
    public static readonly JsonValueWriter<string?> String = JsonValues.Write;
    /// <summary>Writes a boolean.</summary>
    public static readonly JsonValueWriter<bool> Boolean = JsonValues.Write;
    /// <summary>Writes an sbyte.</summary>
    public static readonly JsonValueWriter<sbyte> SByte = JsonValues.Write;
    /// <summary>Writes a byte.</summary>
    public static readonly JsonValueWriter<byte> Byte = JsonValues.Write;
    /// <summary>Writes a short.</summary>
    public static readonly JsonValueWriter<short> Int16 = JsonValues.Write;
    /// <summary>Writes a ushort.</summary>
    public static readonly JsonValueWriter<ushort> UInt16 = JsonValues.Write;
    /// <summary>Writes an int.</summary>
    public static readonly JsonValueWriter<int> Int32 = JsonValues.Write;
    /// <summary>Writes a uint.</summary>
    public static readonly JsonValueWriter<uint> UInt32 = JsonValues.Write;
    /// <summary>Writes a long.</summary>
    public static readonly JsonValueWriter<long> Int64 = JsonValues.Write;
    /// <summary>Writes a ulong.</summary>
    public static readonly JsonValueWriter<ulong> UInt64 = JsonValues.Write;
    /// <summary>Writes a float.</summary>
    public static readonly JsonValueWriter<float> Single = JsonValues.Write;
    /// <summary>Writes a double.</summary>
    public static readonly JsonValueWriter<double> Double = JsonValues.Write;
    /// <summary>Writes a decimal.</summary>
    public static readonly JsonValueWriter<decimal> Decimal = JsonValues.Write;
    /// <summary>Writes a GUID.</summary>
    public static readonly JsonValueWriter<Guid> Guid = JsonValues.Write;
    /// <summary>Writes a date and time with offset.</summary>
    public static readonly JsonValueWriter<DateTimeOffset> DateTimeOffset = JsonValues.Write;
    /// <summary>Writes a date.</summary>
    public static readonly JsonValueWriter<DateOnly> DateOnly = JsonValues.Write;
    /// <summary>Writes a time of day.</summary>
    public static readonly JsonValueWriter<TimeOnly> TimeOnly = JsonValues.Write;
    /// <summary>Writes a duration.</summary>
    public static readonly JsonValueWriter<TimeSpan> TimeSpan = JsonValues.Write;
    /// <summary>Writes a URI (null as JSON null).</summary>
    public static readonly JsonValueWriter<Uri?> Uri = JsonValues.Write;
}
