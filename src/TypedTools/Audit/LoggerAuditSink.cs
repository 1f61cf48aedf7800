using Microsoft.Extensions.Logging;

namespace TypedTools.Audit;

/// <summary>
/// Audit records as log events (high-performance logging). Argument values appear only at debug level. It is
/// not durable: use it beside a file or database sink, or alone where logs are the only trail there is.
/// </summary>
public sealed partial class LoggerAuditSink(ILogger<LoggerAuditSink> logger) : IAuditSink
{
    /// <inheritdoc />
    public ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        Record(logger, record.Type, record.Tool, record.RequestId, record.Decision, record.Reason, record.Status, record.Confirmation, record.DurationMs);
        if (logger.IsEnabled(LogLevel.Debug) && !record.Arguments.IsEmpty)
        {
            Arguments(logger, record.RequestId, System.Text.Encoding.UTF8.GetString(record.Arguments.Span));
        }
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Audit {Type} {Tool} request {RequestId}: decision {Decision} reason {Reason} status {Status} confirmation {Confirmation} in {DurationMs} ms")]
    private static partial void Record(ILogger logger, string type, string tool, string requestId, string? decision, string? reason, string? status,
        string? confirmation, double? durationMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Audit request {RequestId} arguments {Arguments}")]
    private static partial void Arguments(ILogger logger, string requestId, string arguments);
}
