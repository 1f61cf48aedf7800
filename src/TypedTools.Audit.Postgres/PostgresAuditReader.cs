using System.Text;
using Npgsql;

namespace TypedTools.Audit.Postgres;

/// <summary>One writer's chain: the hash it continues from (genesis, or the retention anchor) and its records in order.</summary>
/// <param name="Chain">The chain id.</param>
/// <param name="StartHash">The hash the first remaining record must follow.</param>
/// <param name="Lines">The records.</param>
public sealed record PostgresAuditChain(string Chain, string StartHash, IReadOnlyList<AuditLine> Lines);

/// <summary>Reads a PostgreSQL audit table as the lines its chains were computed over.</summary>
public static class PostgresAuditReader
{
    /// <summary>Whether <paramref name="log"/> names a PostgreSQL database (an Npgsql connection string) rather than a file.</summary>
    public static bool IsConnectionString(string log) => log.Contains("Host=", StringComparison.OrdinalIgnoreCase) && log.Contains(';');

    /// <summary>Every record, oldest first (by insertion).</summary>
    public static IEnumerable<AuditLine> ReadLines(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var select = new NpgsqlCommand($"SELECT seq, chain, line FROM {PostgresAuditSchema.Table} ORDER BY seq", connection);
        using NpgsqlDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            yield return new AuditLine("postgres:" + reader.GetString(1), reader.GetInt64(0), Encoding.UTF8.GetBytes(reader.GetString(2)), Torn: false);
        }
    }

    /// <summary>
    /// Rows whose query columns disagree with the record line the chain covers (someone edited a column, not the
    /// line): the chain alone would not see that, so verification checks it too.
    /// </summary>
    public static IEnumerable<(long Seq, string Column)> ColumnMismatches(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var select = new NpgsqlCommand(
            $"SELECT seq, line, type, timestamp, request_id, tool, decision, reason, status, confirmation, principal, role FROM {PostgresAuditSchema.Table} ORDER BY seq",
            connection);
        using NpgsqlDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            // The SELECT lists the columns in AuditColumns.Checked's order, after seq and line.
            string? Column(string name)
            {
                int ordinal = 2 + AuditColumns.Checked.ToList().IndexOf(name);
                return reader.IsDBNull(ordinal) ? null
                    : name == "timestamp" ? reader.GetFieldValue<DateTimeOffset>(ordinal).ToString("O", System.Globalization.CultureInfo.InvariantCulture)
                    : reader.GetString(ordinal);
            }
            if (AuditColumns.FirstMismatch(Encoding.UTF8.GetBytes(reader.GetString(1)), Column, TimeSpan.FromTicks(10)) is { } column)
            {
                yield return (reader.GetInt64(0), column);
            }
        }
    }

    /// <summary>Each chain with its start and its records, for verification.</summary>
    public static IReadOnlyList<PostgresAuditChain> ReadChains(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var anchors = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var select = new NpgsqlCommand($"SELECT chain, prev_hash FROM {PostgresAuditSchema.Anchors}", connection))
        using (NpgsqlDataReader reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                anchors[reader.GetString(0)] = reader.GetString(1);
            }
        }
        var chains = new Dictionary<string, List<AuditLine>>(StringComparer.Ordinal);
        using (var select = new NpgsqlCommand($"SELECT chain, chain_seq, line FROM {PostgresAuditSchema.Table} ORDER BY chain, chain_seq", connection))
        using (NpgsqlDataReader reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                string chain = reader.GetString(0);
                if (!chains.TryGetValue(chain, out List<AuditLine>? lines))
                {
                    chains[chain] = lines = [];
                }
                lines.Add(new AuditLine("postgres:" + chain, reader.GetInt64(1), Encoding.UTF8.GetBytes(reader.GetString(2)), Torn: false));
            }
        }
        return [.. chains.Select(c => new PostgresAuditChain(c.Key, anchors.GetValueOrDefault(c.Key, AuditChain.Genesis), c.Value))];
    }
}
