namespace TypedTools.Audit.Postgres;

/// <summary>Where and how the PostgreSQL audit sink writes.</summary>
public sealed class PostgresAuditOptions
{
    /// <summary>An Npgsql connection string (<c>Host=...;Database=...;Username=...</c>).</summary>
    public required string ConnectionString { get; set; }

    /// <summary>
    /// This writer's chain: every sink instance keeps its own hash chain in the shared table (replicas cannot share
    /// one without a lock around every write). By default the machine name, process id and a random suffix.
    /// </summary>
    public string? ChainId { get; set; }

    /// <summary>Keep records at least this long; older ones are deleted (with an anchor, so the chain still verifies). Null keeps everything.</summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>How often the retention runs (hourly by default).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}
