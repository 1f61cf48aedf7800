using System.Text;
using Microsoft.Data.Sqlite;

namespace TypedTools.Audit.Sqlite;

/// <summary>
/// An audit sink on SQLite: WAL journal with <c>synchronous=FULL</c> (a committed record is on the device), the
/// same hash chain as the JSON Lines log (each row keeps its exact JSON line), and indexes by time, tool,
/// decision, reason and request id for <c>typedtools audit</c> queries. Concurrent records share one transaction
/// (group commit). After a failed commit the sink refuses further records until restarted.
/// </summary>
public sealed class SqliteAuditSink : IAuditSink, IAsyncDisposable, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS audit (
            seq INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            request_id TEXT NOT NULL,
            rpc_id TEXT, session TEXT, principal TEXT, role TEXT,
            tool TEXT NOT NULL, profile TEXT,
            arguments TEXT, arguments_kind TEXT,
            decision TEXT, reason TEXT, message TEXT, confirmation TEXT, status TEXT,
            duration_ms REAL, audit_ms REAL, exception TEXT, tool_hash TEXT,
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
            line TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_timestamp ON audit(timestamp);
        CREATE INDEX IF NOT EXISTS audit_tool ON audit(tool, timestamp);
        CREATE INDEX IF NOT EXISTS audit_decision ON audit(decision, reason);
        CREATE INDEX IF NOT EXISTS audit_request ON audit(request_id);
        """;

    private readonly SqliteConnection _connection;
    private readonly GroupCommit _writer;
    private string _prevHash;

    /// <summary>Opens (or creates) the database at <paramref name="path"/>.</summary>
    public SqliteAuditSink(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (SqliteCommand create = _connection.CreateCommand())
        {
            create.CommandText = Schema;
            create.ExecuteNonQuery();
        }
        using (SqliteCommand last = _connection.CreateCommand())
        {
            last.CommandText = "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1";
            _prevHash = last.ExecuteScalar() as string ?? AuditChain.Genesis;
        }
        _writer = new GroupCommit(Commit);
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken) => _writer.AppendAsync(record);

    /// <summary>Inserts a batch in one transaction (committed with synchronous=FULL: on the device).</summary>
    private void Commit(IReadOnlyList<AuditRecord> records)
    {
        string prev = _prevHash;
        using (SqliteTransaction transaction = _connection.BeginTransaction())
        {
            using SqliteCommand insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO audit (type, timestamp, request_id, rpc_id, session, principal, role, tool, profile, arguments, arguments_kind,
                    decision, reason, message, confirmation, status, duration_ms, audit_ms, exception, tool_hash, prev_hash, hash, line)
                VALUES ($type, $timestamp, $request_id, $rpc_id, $session, $principal, $role, $tool, $profile, $arguments, $arguments_kind,
                    $decision, $reason, $message, $confirmation, $status, $duration_ms, $audit_ms, $exception, $tool_hash, $prev_hash, $hash, $line)
                """;
            foreach (AuditRecord record in records)
            {
                (byte[] line, string hash) = AuditChain.Serialize(record, prev);
                insert.Parameters.Clear();
                Add(insert, "$type", record.Type);
                Add(insert, "$timestamp", AuditChain.FormatTimestamp(record.Timestamp));
                Add(insert, "$request_id", record.RequestId);
                Add(insert, "$rpc_id", record.RpcId);
                Add(insert, "$session", record.Session);
                Add(insert, "$principal", record.Principal);
                Add(insert, "$role", record.Role);
                Add(insert, "$tool", record.Tool);
                Add(insert, "$profile", record.Profile);
                Add(insert, "$arguments", record.Arguments.IsEmpty ? null : Encoding.UTF8.GetString(record.Arguments.Span));
                Add(insert, "$arguments_kind", record.ArgumentsKind);
                Add(insert, "$decision", record.Decision);
                Add(insert, "$reason", record.Reason);
                Add(insert, "$message", record.Message);
                Add(insert, "$confirmation", record.Confirmation);
                Add(insert, "$status", record.Status);
                Add(insert, "$duration_ms", record.DurationMs);
                Add(insert, "$audit_ms", record.AuditMs);
                Add(insert, "$exception", record.Exception);
                Add(insert, "$tool_hash", record.ToolHash);
                Add(insert, "$prev_hash", prev);
                Add(insert, "$hash", hash);
                Add(insert, "$line", Encoding.UTF8.GetString(line));
                insert.ExecuteNonQuery();
                prev = hash;
            }
            transaction.Commit();
        }
        _prevHash = prev;
    }

    private static void Add(SqliteCommand command, string name, object? value) => command.Parameters.AddWithValue(name, value ?? DBNull.Value);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>Reads a SQLite audit log's records as the lines its chain was computed over.</summary>
public static class SqliteAuditReader
{
    /// <summary>
    /// Rows whose query columns disagree with the record line the chain covers (someone edited a column, not the
    /// line): the chain alone would not see that, so verification checks it too.
    /// </summary>
    public static IEnumerable<(long Seq, string Column)> ColumnMismatches(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT seq, line, type, timestamp, request_id, tool, decision, reason, status, confirmation, principal, role FROM audit ORDER BY seq";
        using SqliteDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            // The SELECT lists the columns in AuditColumns.Checked's order, after seq and line.
            string? Column(string name)
            {
                int ordinal = 2 + AuditColumns.Checked.ToList().IndexOf(name);
                return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
            }
            if (AuditColumns.FirstMismatch(Encoding.UTF8.GetBytes(reader.GetString(1)), Column) is { } column)
            {
                yield return (reader.GetInt64(0), column);
            }
        }
    }

    /// <summary>Every record in order.</summary>
    public static IEnumerable<AuditLine> ReadLines(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT seq, line FROM audit ORDER BY seq";
        using SqliteDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            yield return new AuditLine(path, reader.GetInt64(0), Encoding.UTF8.GetBytes(reader.GetString(1)), Torn: false);
        }
    }
}
