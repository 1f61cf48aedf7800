using Npgsql;

namespace TypedTools.Audit.Postgres;

/// <summary>
/// Deletes old records chain by chain, oldest first, and records for each chain the hash its remaining records
/// continue from (an anchor), so that a verifier checks the rest of the chain instead of reporting a break.
/// </summary>
public static class PostgresAuditRetention
{
    /// <summary>
    /// Deletes, in each chain, the records before its first record at or after <paramref name="cutoff"/> (a chain is
    /// cut only at a prefix, so nothing newer than the cutoff goes); returns how many were deleted.
    /// </summary>
    public static async Task<long> DeleteOlderThanAsync(string connectionString, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        const string T = PostgresAuditSchema.Table;
        // For each chain, the last record of the prefix to remove: every record before the chain's first one at or after the cutoff
        // (or all of a chain with nothing after it but its final record, which stays as the anchor for writers still continuing it).
        string sql = $"""
            WITH cut AS (
                SELECT c.chain, max(a.chain_seq) AS last_seq
                FROM (SELECT DISTINCT chain FROM {T}) c
                JOIN {T} a ON a.chain = c.chain
                WHERE a.chain_seq < COALESCE((SELECT min(b.chain_seq) FROM {T} b WHERE b.chain = c.chain AND b.timestamp >= $1),
                                             (SELECT max(b.chain_seq) FROM {T} b WHERE b.chain = c.chain))
                GROUP BY c.chain),
            anchors AS (
                INSERT INTO {PostgresAuditSchema.Anchors} (chain, chain_seq, prev_hash, cut_before)
                SELECT a.chain, a.chain_seq, a.hash, $1 FROM {T} a JOIN cut ON a.chain = cut.chain AND a.chain_seq = cut.last_seq
                ON CONFLICT (chain) DO UPDATE SET chain_seq = EXCLUDED.chain_seq, prev_hash = EXCLUDED.prev_hash, cut_before = EXCLUDED.cut_before
                RETURNING chain)
            DELETE FROM {T} a USING cut WHERE a.chain = cut.chain AND a.chain_seq <= cut.last_seq
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff.ToUniversalTime(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        long deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
