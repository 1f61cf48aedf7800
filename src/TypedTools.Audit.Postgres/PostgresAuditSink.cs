using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace TypedTools.Audit.Postgres;

/// <summary>
/// A central audit sink on PostgreSQL for servers running as several replicas. Records queue and are written in
/// batches (group commit: one binary COPY and one commit for everything queued); each caller resumes only when its
/// record's transaction committed with <c>synchronous_commit = on</c> (the write-ahead guarantee of the file sinks:
/// nothing runs unaudited). Each sink instance keeps its own hash chain in the shared table. After a failed write
/// (the database unreachable) the sink refuses every later record: calls are denied, never run unaudited.
/// </summary>
public sealed class PostgresAuditSink : IAuditSink, IAsyncDisposable, IDisposable
{
    private const string Columns = "chain, chain_seq, type, timestamp, request_id, rpc_id, session, principal, role, tool, profile, arguments, arguments_kind, " +
                                   "decision, reason, message, confirmation, status, duration_ms, audit_ms, exception, tool_hash, prev_hash, hash, line";

    private readonly GroupCommit _writer;
    private readonly PostgresAuditOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _retention;
    private NpgsqlConnection? _connection;
    private string _prevHash = AuditChain.Genesis;
    private long _chainSeq;

    /// <summary>
    /// Creates the sink. It connects (and creates the tables if needed) on its writer, at the first record: a server's
    /// request threads never wait on the database except for their own records.
    /// </summary>
    public PostgresAuditSink(PostgresAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Chain = options.ChainId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..];
        _writer = new GroupCommit(Commit);
        _retention = options.Retention is { } keep ? Task.Run(() => RetainAsync(keep)) : Task.CompletedTask;
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(_options.ConnectionString);
        connection.Open();
        using (var command = new NpgsqlCommand("SET synchronous_commit = on", connection))
        {
            command.ExecuteNonQuery();
        }
        PostgresAuditSchema.Ensure(connection);
        using (var last = new NpgsqlCommand($"SELECT chain_seq, hash FROM {PostgresAuditSchema.Table} WHERE chain = $1 ORDER BY chain_seq DESC LIMIT 1", connection))
        {
            // A chain id given again (a restarted replica with a fixed id) continues its chain.
            last.Parameters.Add(new NpgsqlParameter { Value = Chain });
            using NpgsqlDataReader reader = last.ExecuteReader();
            if (reader.Read())
            {
                _chainSeq = reader.GetInt64(0);
                _prevHash = reader.GetString(1);
            }
        }
        return connection;
    }

    /// <summary>This writer's chain id.</summary>
    public string Chain { get; }

    /// <summary>How many batches were committed.</summary>
    public long Commits => _writer.Commits;

    /// <inheritdoc />
    public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken) => _writer.AppendAsync(record);

    private void Commit(IReadOnlyList<AuditRecord> records)
    {
        NpgsqlConnection connection = _connection ??= Open();
        string prev = _prevHash;
        long seq = _chainSeq;
        using (NpgsqlTransaction transaction = connection.BeginTransaction())
        {
            using (NpgsqlBinaryImporter import = connection.BeginBinaryImport($"COPY {PostgresAuditSchema.Table} ({Columns}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (AuditRecord record in records)
                {
                    (byte[] line, string hash) = AuditChain.Serialize(record, prev);
                    import.StartRow();
                    import.Write(Chain, NpgsqlDbType.Text);
                    import.Write(++seq, NpgsqlDbType.Bigint);
                    import.Write(record.Type, NpgsqlDbType.Text);
                    import.Write(record.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                    import.Write(record.RequestId, NpgsqlDbType.Text);
                    Text(import, record.RpcId);
                    Text(import, record.Session);
                    Text(import, record.Principal);
                    Text(import, record.Role);
                    import.Write(record.Tool, NpgsqlDbType.Text);
                    Text(import, record.Profile);
                    Text(import, record.Arguments.IsEmpty ? null : Encoding.UTF8.GetString(record.Arguments.Span));
                    Text(import, record.ArgumentsKind);
                    Text(import, record.Decision);
                    Text(import, record.Reason);
                    Text(import, record.Message);
                    Text(import, record.Confirmation);
                    Text(import, record.Status);
                    Number(import, record.DurationMs);
                    Number(import, record.AuditMs);
                    Text(import, record.Exception);
                    Text(import, record.ToolHash);
                    import.Write(prev, NpgsqlDbType.Text);
                    import.Write(hash, NpgsqlDbType.Text);
                    import.Write(Encoding.UTF8.GetString(line), NpgsqlDbType.Text);
                    prev = hash;
                }
                import.Complete();
            }
            transaction.Commit();
        }
        // Only a committed batch moves the chain on: a failed one leaves no hole to continue from.
        _prevHash = prev;
        _chainSeq = seq;
    }

    private static void Text(NpgsqlBinaryImporter import, string? value)
    {
        if (value is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void Number(NpgsqlBinaryImporter import, double? value)
    {
        if (value is { } number)
        {
            import.Write(number, NpgsqlDbType.Double);
        }
        else
        {
            import.WriteNull();
        }
    }

    private async Task RetainAsync(TimeSpan keep)
    {
        using var timer = new PeriodicTimer(_options.RetentionInterval);
        do
        {
            try
            {
                await PostgresAuditRetention.DeleteOlderThanAsync(_options.ConnectionString, DateTimeOffset.UtcNow - keep, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                // Retention is housekeeping: a failed run is tried again at the next interval; writes are unaffected.
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _retention.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
