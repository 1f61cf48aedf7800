using TypedTools.Audit;
using TypedTools.Audit.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL audit sink beside any others (every sink must persist a record before the call runs).</summary>
public static class PostgresAuditServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="PostgresAuditSink"/> writing to the database <paramref name="connectionString"/> names.</summary>
    public static IServiceCollection AddTypedToolsPostgresAudit(this IServiceCollection services, string connectionString, Action<PostgresAuditOptions>? configure = null) =>
        services.AddSingleton<IAuditSink>(_ =>
        {
            var options = new PostgresAuditOptions { ConnectionString = connectionString };
            configure?.Invoke(options);
            return new PostgresAuditSink(options);
        });
}
