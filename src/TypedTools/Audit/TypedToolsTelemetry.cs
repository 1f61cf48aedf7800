using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TypedTools.Audit;

/// <summary>
/// The <c>TypedTools</c> meter and activity source: one span per call, and the operational signals the security
/// guidance names (denials by reason, confirmations and their outcomes, unexpected-argument rejections per tool,
/// errors by tool and role, audit persistence latency, call duration).
/// </summary>
public static class TypedToolsTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "TypedTools";

    /// <summary>Spans, one per tool call.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, "0.1.0");

    private static readonly Meter s_meter = new(Name, "0.1.0");

    /// <summary>Calls by tool, decision and status.</summary>
    public static Counter<long> Calls { get; } = s_meter.CreateCounter<long>("typedtools.calls", "{call}", "Tool calls by tool, decision and status.");

    /// <summary>Denied calls by tool and reason.</summary>
    public static Counter<long> Denials { get; } = s_meter.CreateCounter<long>("typedtools.denials", "{call}", "Denied calls by reason (argument.* and policy.*).");

    /// <summary>Confirmations by tool and outcome (requested, accepted, declined, unavailable, invalid).</summary>
    public static Counter<long> Confirmations { get; } = s_meter.CreateCounter<long>("typedtools.confirmations", "{call}", "Calls that required confirmation, by outcome.");

    /// <summary>Argument rejections by tool and code; argument.unknown_field is the unexpected-argument rate.</summary>
    public static Counter<long> ArgumentRejections { get; } = s_meter.CreateCounter<long>("typedtools.argument_rejections", "{call}", "Malformed calls by tool and first error code.");

    /// <summary>Calls whose method failed, by tool and caller role.</summary>
    public static Counter<long> Errors { get; } = s_meter.CreateCounter<long>("typedtools.errors", "{call}", "Failed tool calls by tool and caller role.");

    /// <summary>Time from a record being made to it being durable in every sink.</summary>
    public static Histogram<double> AuditPersistLatency { get; } = s_meter.CreateHistogram<double>("typedtools.audit.persist_latency", "ms", "From a tool action to its audit record being persisted.");

    /// <summary>Audit records a sink failed to persist, by record type (a write-ahead failure also refuses its call).</summary>
    public static Counter<long> AuditFailures { get; } = s_meter.CreateCounter<long>("typedtools.audit.failures", "{record}", "Audit records that could not be persisted, by record type.");

    /// <summary>Call duration by tool and decision.</summary>
    public static Histogram<double> CallDuration { get; } = s_meter.CreateHistogram<double>("typedtools.call.duration", "ms", "Tool call duration by tool and decision.");
}
