using Npgsql;

namespace TypedTools.Audit.Postgres;

/// <summary>
/// The audit tables: one row per record (its exact JSON line, which the chain covers, plus query columns indexed for
/// <c>typedtools audit</c>: time, tool, decision and reason, request id, principal), and one anchor per chain whose
/// oldest records retention removed (the hash the remaining records continue from).
/// </summary>
public static class PostgresAuditSchema
{
    /// <summary>The records table.</summary>
    public const string Table = "typedtools_audit";

    /// <summary>The retention anchors table.</summary>
    public const string Anchors = "typedtools_audit_anchors";

    private const string Ddl = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            seq bigserial PRIMARY KEY,
            chain text NOT NULL,
            chain_seq bigint NOT NULL,
            type text NOT NULL,
            timestamp timestamptz NOT NULL,
            request_id text NOT NULL,
            rpc_id text, session text, principal text, role text,
            tool text NOT NULL, profile text,
            arguments text, arguments_kind text,
            decision text, reason text, message text, confirmation text, status text,
            duration_ms double precision, audit_ms double precision, exception text, tool_hash text,
            prev_hash text NOT NULL, hash text NOT NULL,
            line text NOT NULL,
            UNIQUE (chain, chain_seq));
        CREATE INDEX IF NOT EXISTS {Table}_timestamp ON {Table} (timestamp);
        CREATE INDEX IF NOT EXISTS {Table}_tool ON {Table} (tool, timestamp);
        CREATE INDEX IF NOT EXISTS {Table}_decision ON {Table} (decision, reason);
        CREATE INDEX IF NOT EXISTS {Table}_request ON {Table} (request_id);
        CREATE INDEX IF NOT EXISTS {Table}_principal ON {Table} (principal, timestamp);
        CREATE TABLE IF NOT EXISTS {Anchors} (
            chain text PRIMARY KEY,
            chain_seq bigint NOT NULL,
            prev_hash text NOT NULL,
            cut_before timestamptz NOT NULL);
        """;

    /// <summary>
    /// Creates the tables and indexes if they are missing. Replicas starting at once take turns (a session advisory
    /// lock around the statements, each committing on its own), so none trips over another's half-created table.
    /// </summary>
    public static void Ensure(NpgsqlConnection connection)
    {
        using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock(hashtext('{Table}'))", connection))
        {
            command.ExecuteNonQuery();
        }
        try
        {
            foreach (string statement in Ddl.Split(";", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                using var command = new NpgsqlCommand(statement, connection);
                command.ExecuteNonQuery();
            }
        }
        finally
        {
            using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock(hashtext('{Table}'))", connection);
            unlock.ExecuteNonQuery();
        }
    }
}
