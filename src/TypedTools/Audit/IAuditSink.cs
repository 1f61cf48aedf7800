namespace TypedTools.Audit;

/// <summary>
/// Where audit records go. <see cref="AppendAsync"/> completes only when the record is durable (for file and
/// database sinks: flushed to the storage device); it throws when the record cannot be persisted, and the
/// pipeline then denies the call (<c>policy.audit_unavailable</c>).
/// </summary>
public interface IAuditSink
{
    /// <summary>Persists one record.</summary>
    ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken);
}
