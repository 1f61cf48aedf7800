using Microsoft.Extensions.DependencyInjection;
using TypedTools.Audit;
using TypedTools.Audit.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite audit sink beside any others (every sink must persist a record before the call runs).</summary>
public static class SqliteAuditServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="SqliteAuditSink"/> writing to <paramref name="path"/>.</summary>
    public static IServiceCollection AddTypedToolsSqliteAudit(this IServiceCollection services, string path) =>
        services.AddSingleton<IAuditSink>(_ => new SqliteAuditSink(path));
}
