using System.Globalization;
using System.Text.Json;
using TypedTools.Audit;

namespace TypedTools.Cli;

/// <summary>One complete record of a log, read for queries.</summary>
public sealed record AuditEntry(
    AuditLine Line,
    string Type,
    DateTimeOffset Timestamp,
    string RequestId,
    string Tool,
    string? Decision,
    string? Reason,
    string? Message,
    string? Confirmation,
    string? Status,
    double? DurationMs,
    double? AuditMs,
    string? Role,
    string? Principal,
    string? Exception)
{
    /// <summary>Reads the fields a query needs; null for a line that is not a record.</summary>
    public static AuditEntry? Parse(AuditLine line)
    {
        if (line.Torn)
        {
            return null;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(line.Bytes);
            JsonElement r = document.RootElement;
            if (r.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            string? Text(string name) => r.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            double? Number(string name) => r.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
            return new AuditEntry(line, Text("type") ?? "", DateTimeOffset.Parse(Text("timestamp")!, CultureInfo.InvariantCulture), Text("requestId") ?? "",
                Text("tool") ?? "", Text("decision"), Text("reason"), Text("message"), Text("confirmation"), Text("status"), Number("durationMs"),
                Number("auditMs"), Text("role"), Text("principal"), Text("exception"));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or ArgumentNullException or InvalidOperationException)
        {
            // InvalidOperationException: half a surrogate pair in a name or a value, which System.Text.Json will not
            // compare or read as a string. A log someone edited is still shown; only its unreadable lines are skipped.
            return null;
        }
    }
}
