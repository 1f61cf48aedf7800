namespace TypedTools.Audit;

/// <summary>The embedded audit configuration. More sinks (SQLite, PostgreSQL...) are added as <see cref="IAuditSink"/> services.</summary>
public sealed class AuditOptions
{
    /// <summary>The JSON Lines log, or null for none. With no sink at all, records go to the log events (<see cref="LoggerAuditSink"/>).</summary>
    public string? JsonLinesPath { get; set; }

    /// <summary>Rotate the JSON Lines file past this size.</summary>
    public long MaxFileBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Strings in recorded arguments longer than this are cut and hashed.</summary>
    public int MaxStringLength { get; set; } = 1024;
}
