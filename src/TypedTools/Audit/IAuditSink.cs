namespace TypedTools.Audit;

/// <summary>
/// Where audit records go. <see cref="AppendAsync"/> completes only when the record is durable (for file and
/// database sinks: flushed to the storage device); it throws when the record cannot be persisted, and the
/// pipeline then denies the call (<c>policy.audit_unavailable</c>). A sink takes records in the order the calls
/// to <see cref="AppendAsync"/> are made, before its first await: the pipeline waits for a call's write-ahead record,
/// but hands over its outcome record without waiting, relying on that order to keep it ahead of later calls' records.
/// </summary>
public interface IAuditSink
{
    /// <summary>Persists one record.</summary>
    ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken);
}
