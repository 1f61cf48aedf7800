namespace TypedTools.Audit;

/// <summary>One line of an audit log as stored.</summary>
/// <param name="Source">The file (or database) it came from.</param>
/// <param name="Number">Its 1-based line (or row) number there.</param>
/// <param name="Bytes">The line without its newline.</param>
/// <param name="Torn">The final line of a file that does not end with a newline: an interrupted write.</param>
public sealed record AuditLine(string Source, long Number, byte[] Bytes, bool Torn);

/// <summary>What <see cref="AuditVerifier"/> found.</summary>
/// <param name="Records">Complete records checked.</param>
/// <param name="ProblemLine">The first record that breaks the chain, if any.</param>
/// <param name="Problem">What is wrong with it.</param>
/// <param name="TornFinalLine">A torn final line, reported (not an error: a crash leaves at most one).</param>
public sealed record AuditVerification(long Records, AuditLine? ProblemLine, string? Problem, AuditLine? TornFinalLine)
{
    /// <summary>Whether the chain is whole.</summary>
    public bool Valid => Problem is null;
}

/// <summary>Reads JSON Lines audit logs, rotated files included, in order.</summary>
public static class AuditLogReader
{
    /// <summary>Every line of the log at <paramref name="path"/> (rotated files first).</summary>
    public static IEnumerable<AuditLine> ReadJsonLines(string path)
    {
        foreach (string file in AuditLogFiles.InOrder(path))
        {
            byte[] content = File.ReadAllBytes(file);
            int start = 0;
            long number = 0;
            while (start < content.Length)
            {
                int newline = Array.IndexOf(content, (byte)'\n', start);
                number++;
                if (newline < 0)
                {
                    yield return new AuditLine(file, number, content[start..], Torn: true);
                    break;
                }
                yield return new AuditLine(file, number, content[start..newline], Torn: false);
                start = newline + 1;
            }
        }
    }
}

/// <summary>Checks a log's hash chain from its first record: reports the first record that was edited, removed or inserted.</summary>
public static class AuditVerifier
{
    /// <summary>Verifies <paramref name="lines"/> in order, the first following <paramref name="startHash"/> (genesis by default; a retention anchor where old records were removed).</summary>
    public static AuditVerification Verify(IEnumerable<AuditLine> lines, string? startHash = null)
    {
        string prev = startHash ?? AuditChain.Genesis;
        long records = 0;
        AuditLine? torn = null;
        foreach (AuditLine line in lines)
        {
            if (torn is not null)
            {
                return new AuditVerification(records, torn, "a torn line is followed by more records (it is not the final line)", null);
            }
            if (line.Torn)
            {
                torn = line;
                continue;
            }
            (bool valid, string? hash, string? problem) = AuditChain.Verify(line.Bytes, prev);
            if (!valid)
            {
                return new AuditVerification(records, line, problem, null);
            }
            prev = hash!;
            records++;
        }
        return new AuditVerification(records, null, null, torn);
    }
}

/// <summary>
/// The query columns a database sink keeps beside each chained line. The chain covers the line only, so a verifier
/// also compares the columns with it: an edited column would mislead every query while the chain stayed intact.
/// </summary>
public static class AuditColumns
{
    /// <summary>The column names, as the record's JSON names them.</summary>
    public static IReadOnlyList<string> Checked { get; } = ["type", "timestamp", "requestId", "tool", "decision", "reason", "status", "confirmation", "principal", "role"];

    /// <summary>
    /// The first checked column whose value (from <paramref name="column"/>, by JSON name) differs from the line's, or
    /// null. A database that keeps time more coarsely than the line (PostgreSQL: microseconds) names its
    /// <paramref name="timestampResolution"/>, and the instants are compared at that resolution.
    /// </summary>
    public static string? FirstMismatch(ReadOnlySpan<byte> line, Func<string, string?> column, TimeSpan? timestampResolution = null)
    {
        using var document = System.Text.Json.JsonDocument.Parse(line.ToArray());
        foreach (string name in Checked)
        {
            if (!Same(document.RootElement, name, column(name), timestampResolution))
            {
                return name;
            }
        }
        return null;
    }

    // A line's value that cannot be read matches no column: the line is not an object, the value not a string, it holds
    // half a surrogate pair (System.Text.Json throws on one, in a value or in any name it passes), or a time does not parse.
    private static bool Same(System.Text.Json.JsonElement record, string name, string? inColumn, TimeSpan? timestampResolution)
    {
        try
        {
            string? inLine = record.TryGetProperty(name, out System.Text.Json.JsonElement value) ? value.GetString() : null;
            return name == "timestamp" && timestampResolution is { } resolution && inLine is not null && inColumn is not null
                ? Truncate(DateTimeOffset.Parse(inLine, System.Globalization.CultureInfo.InvariantCulture), resolution) ==
                  Truncate(DateTimeOffset.Parse(inColumn, System.Globalization.CultureInfo.InvariantCulture), resolution)
                : inColumn == inLine;
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset instant, TimeSpan resolution) =>
        new(instant.UtcTicks - instant.UtcTicks % resolution.Ticks, TimeSpan.Zero);
}
