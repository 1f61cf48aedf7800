using System.Net;
using System.Net.Sockets;

namespace TypedTools.Tests.Harness;

/// <summary>
/// A private PostgreSQL server for one test class: initdb in a temporary directory, listening on a free loopback port,
/// trust authentication for its own user; stopped and removed on dispose. The server binaries come from Debian's
/// packages (<c>apt-get install postgresql</c>; .ci/run installs them when missing). As root, the server runs as the
/// <c>postgres</c> user (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly bool _asPostgresUser;

    private PostgresServer(string bin, string directory, int port, bool asPostgresUser)
    {
        _bin = bin;
        _directory = directory;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>A connection string for the server's own database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=typedtools;Database=postgres;Timeout=5;Command Timeout=15";

    private string Data => Path.Join(_directory, "data");

    /// <summary>Starts a new server; fails with how to install PostgreSQL when its binaries are missing.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        string bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL's server programs (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. " +
            "Install them with: apt-get install -y postgresql   (.ci/run does this when they are missing).");
        string directory = Directory.CreateTempSubdirectory("typedtools-pg-").FullName;
        bool asPostgresUser = (await Processes.RunAsync("id", ["-u"], directory, cancellationToken)).Trim() == "0";
        if (asPostgresUser)
        {
            await Processes.RunAsync("chown", ["-R", "postgres", directory], directory, cancellationToken);
        }
        var server = new PostgresServer(bin, directory, LoopbackPorts.Free(), asPostgresUser);
        await server.RunAsync("initdb", ["-D", server.Data, "-U", "typedtools", "-A", "trust", "--no-sync", "-E", "UTF8"], cancellationToken);
        await server.StartInstanceAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the (stopped) server again on the same port and data.</summary>
    public Task StartInstanceAsync(CancellationToken cancellationToken) =>
        RunAsync("pg_ctl", ["-D", Data, "-l", Path.Join(_directory, "server.log"), "-w", "-t", "30",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on", "start"], cancellationToken);

    /// <summary>Stops the server at once, as a crash or an outage would (no checkpoint, connections cut).</summary>
    public Task KillAsync(CancellationToken cancellationToken) => RunAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"], cancellationToken);

    /// <summary>Runs one SQL command as the server's user through a fresh connection; returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>A new, empty database on this server, as a connection string (tests that share a server do not see each other's rows).</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        string name = "d" + Guid.NewGuid().ToString("N")[..12];
        await ScalarAsync($"CREATE DATABASE {name}", cancellationToken);
        return ConnectionString.Replace("Database=postgres", "Database=" + name, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary directory
        }
    }

    private Task<string> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken) => _asPostgresUser
        ? Processes.RunAsync("runuser", ["-u", "postgres", "--", Path.Join(_bin, program), .. arguments], _directory, cancellationToken)
        : Processes.RunAsync(Path.Join(_bin, program), arguments, _directory, cancellationToken);

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Join(v, "bin")).Where(b => File.Exists(Path.Join(b, "initdb")) && File.Exists(Path.Join(b, "pg_ctl")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;
}
