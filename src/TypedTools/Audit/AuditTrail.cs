using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Policy;
using TypedTools.Policy.Confirmation;

namespace TypedTools.Audit;

/// <summary>Raised when the audit sinks cannot persist a write-ahead record: the call is then denied.</summary>
public sealed class AuditUnavailableException(Exception inner) : Exception("The audit record could not be persisted.", inner);

/// <summary>Writes every call's records to all configured sinks (each must succeed) and keeps the metrics.</summary>
public sealed class AuditTrail
{
    private readonly IAuditSink[] _sinks;
    private readonly TimeProvider _time;
    private readonly int _maxString;

    /// <summary>Creates the trail over <paramref name="sinks"/>.</summary>
    public AuditTrail(IEnumerable<IAuditSink> sinks, TimeProvider time, int maxStringLength = 1024)
    {
        _sinks = [.. sinks];
        _time = time;
        _maxString = maxStringLength;
    }

    /// <summary>Starts the records of one call.</summary>
    public AuditCall Begin(ToolDescriptor tool, string toolHash, RequestContext<CallToolRequestParams> request, string requestId) =>
        Begin(tool, toolHash, request, requestId, _time.GetUtcNow());

    /// <summary>Starts the records of a call that began at <paramref name="startedAt"/> (the clock read its request id was made from).</summary>
    internal AuditCall Begin(ToolDescriptor tool, string toolHash, RequestContext<CallToolRequestParams> request, string requestId, DateTimeOffset startedAt) =>
        new(this, tool, toolHash, request, requestId, startedAt, _time.GetTimestamp());

    internal TimeProvider Time => _time;

    internal int MaxString => _maxString;

    /// <summary>Persists a record in every sink; completes with how long that took since <paramref name="start"/>, in milliseconds.</summary>
    internal ValueTask<double> PersistAsync(AuditRecord record, long start, CancellationToken cancellationToken) => Persist(record, timed: true, start, cancellationToken);

    /// <summary>
    /// Hands a record to every sink without waiting for it to be durable. The sinks take it in this order (each
    /// queues synchronously); a failure is counted in <see cref="TypedToolsTelemetry.AuditFailures"/>. Its latency is
    /// measured only for a listener: nobody else reads it.
    /// </summary>
    internal void PersistWithoutWaiting(AuditRecord record, long start)
    {
        ValueTask<double> persisted = Persist(record, TypedToolsTelemetry.AuditPersistLatency.Enabled, start, CancellationToken.None);
        if (!persisted.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(persisted);
        }

        static async Task ObserveAsync(ValueTask<double> persisted)
        {
            try
            {
                await persisted.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Counted by Persist.
            }
        }
    }

    /// <summary>
    /// Appends to the sinks. A sink that completes synchronously (the in-memory one) costs no state machine; a
    /// failure, synchronous or not, is counted and surfaces through the returned task, never as a throw from this method.
    /// The latency runs from <paramref name="start"/>, the caller's clock read when it made the record.
    /// </summary>
    private ValueTask<double> Persist(AuditRecord record, bool timed, long start, CancellationToken cancellationToken)
    {
        ValueTask appended;
        try
        {
            appended = _sinks.Length == 1 ? _sinks[0].AppendAsync(record, cancellationToken) : AppendToAll(record, cancellationToken);
        }
        catch (Exception exception)
        {
            appended = ValueTask.FromException(exception);
        }
        if (appended.IsCompletedSuccessfully)
        {
            appended.GetAwaiter().GetResult();
            return new ValueTask<double>(Persisted(record, timed, start));
        }
        return AwaitAsync(appended, record, timed, start, cancellationToken);
    }

    // Apart from Persist: its lambda's closure would be allocated on every record, one sink or many.
    private ValueTask AppendToAll(AuditRecord record, CancellationToken cancellationToken) =>
        new(Task.WhenAll(_sinks.Select(s => s.AppendAsync(record, cancellationToken).AsTask())));

    private async ValueTask<double> AwaitAsync(ValueTask appended, AuditRecord record, bool timed, long start, CancellationToken cancellationToken)
    {
        try
        {
            await appended.ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A caller's cancellation is not a sink failure.
            TypedToolsTelemetry.AuditFailures.Add(1, new KeyValuePair<string, object?>("type", record.Type));
            throw;
        }
        return Persisted(record, timed, start);
    }

    /// <summary>Records the persist latency (when timed) and returns it in milliseconds.</summary>
    private double Persisted(AuditRecord record, bool timed, long start)
    {
        if (!timed)
        {
            return 0;
        }
        double elapsed = _time.GetElapsedTime(start).TotalMilliseconds;
        TypedToolsTelemetry.AuditPersistLatency.Record(elapsed, new KeyValuePair<string, object?>("tool", record.Tool));
        return elapsed;
    }
}

/// <summary>The audit records of one call, filled in as the pipeline learns more.</summary>
public sealed class AuditCall
{
    private readonly AuditTrail _trail;
    private readonly ToolDescriptor _tool;
    private readonly string _toolHash;
    private readonly RequestContext<CallToolRequestParams> _request;
    // The call's start on both clocks, read once each. Every later moment is one monotonic read: a record's time is the
    // start's wall-clock time plus the time elapsed (so the records and durations of one call always agree), and the
    // same read times the record's persistence. Clock reads cost tens of nanoseconds each inside a round trip.
    private readonly DateTimeOffset _startedAt;
    private readonly long _started;
    private ReadOnlyMemory<byte> _arguments;
    private double? _writeAheadMs;
    private string? _argumentsKind;
    private string? _rpcId;

    internal AuditCall(AuditTrail trail, ToolDescriptor tool, string toolHash, RequestContext<CallToolRequestParams> request, string requestId,
        DateTimeOffset startedAt, long started)
    {
        _trail = trail;
        _tool = tool;
        _toolHash = toolHash;
        _request = request;
        RequestId = requestId;
        _startedAt = startedAt;
        _started = started;
        // The span's name is built only when someone listens: StartActivity would take the concatenated name anyway.
        Activity = TypedToolsTelemetry.ActivitySource.HasListeners()
            ? TypedToolsTelemetry.ActivitySource.StartActivity("tools/call " + tool.Name, ActivityKind.Internal)
            : null;
        Activity?.SetTag("mcp.tool.name", tool.Name);
        Activity?.SetTag("typedtools.request_id", requestId);
    }

    /// <summary>The call's id.</summary>
    public string RequestId { get; }

    /// <summary>The call's span, if anyone listens.</summary>
    public Activity? Activity { get; }

    /// <summary>The profile in force.</summary>
    public string? Profile { get; set; }

    /// <summary>What became of the confirmation's preview: shown, none, failed, timed_out.</summary>
    public string? Preview { get; set; }

    /// <summary>The confirmation so far: not_required, requested, accepted, declined, unavailable, invalid.</summary>
    public string Confirmation { get; set; } = "not_required";

    /// <summary>Keeps the validated canonical arguments (long strings cut and hashed).</summary>
    public void ValidatedArguments(ReadOnlyMemory<byte> canonical)
    {
        _arguments = AuditArguments.Truncated(canonical, _trail.MaxString);
        _argumentsKind = "validated";
    }

    /// <summary>Keeps only the shape of malformed arguments.</summary>
    public void MalformedArguments(IDictionary<string, JsonElement>? raw)
    {
        _arguments = AuditArguments.Shape(raw);
        _argumentsKind = "shape";
    }

    /// <summary>Records a denial. It never throws: the call is refused whether or not the record lands (the failure is counted).</summary>
    public async ValueTask DenyAsync(string code, string message, CancellationToken cancellationToken)
    {
        if (code.StartsWith("policy.confirmation_", StringComparison.Ordinal))
        {
            Confirmation = code["policy.confirmation_".Length..];
        }
        TypedToolsTelemetry.Denials.Add(1, Tag("tool", _tool.Name), Tag("reason", code));
        if (code.StartsWith("argument.", StringComparison.Ordinal))
        {
            TypedToolsTelemetry.ArgumentRejections.Add(1, Tag("tool", _tool.Name), Tag("reason", code));
        }
        long now = _trail.Time.GetTimestamp();
        double durationMs = Finish("deny", "denied", code, now);
        try
        {
            await _trail.PersistAsync(Record("deny", code, message, code == "call.cancelled" ? "cancelled" : "denied", durationMs, now), now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already refused; nothing ran. The sink's failure surfaces on the next allowed call.
        }
    }

    /// <summary>The write-ahead record of an allowed call: durable before the method runs, or <see cref="AuditUnavailableException"/>.</summary>
    public async ValueTask AllowAsync(CancellationToken cancellationToken)
    {
        try
        {
            long now = _trail.Time.GetTimestamp();
            _writeAheadMs = await _trail.PersistAsync(Record("allow", null, null, null, durationMs: null, now), now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new AuditUnavailableException(exception);
        }
    }

    /// <summary>Records that a confirmation question went to the client (the call will come back with the answer).</summary>
    public async ValueTask PendingAsync(CancellationToken cancellationToken)
    {
        Confirmation = "requested";
        TypedToolsTelemetry.Confirmations.Add(1, Tag("tool", _tool.Name), Tag("outcome", "requested"));
        long now = _trail.Time.GetTimestamp();
        double durationMs = Finish("pending", "pending", null, now);
        try
        {
            await _trail.PersistAsync(Record("pending", "policy.confirmation_required", "A confirmation was requested.", "pending", durationMs, now), now, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nothing runs on this pass; the retry that carries the answer writes its own write-ahead record.
        }
    }

    /// <summary>
    /// The outcome record of an allowed call. The response does not wait for it to become durable (the method has run,
    /// and its write-ahead record is durable): it is handed to the sinks in order, before the response is sent, so it
    /// lands before anything a later call records, and a sink that batches to a device commits it with the next batch
    /// instead of holding the response for a flush of its own. A lost outcome shows as a decision without one.
    /// </summary>
    public void Complete(string status, Exception? exception, string? reason = null)
    {
        if (status == "error")
        {
            TypedToolsTelemetry.Errors.Add(1, Tag("tool", _tool.Name), Tag("role", Roles(_request.User) ?? ""));
        }
        long now = _trail.Time.GetTimestamp();
        double durationMs = Finish("allow", status, null, now);
        _trail.PersistWithoutWaiting(new AuditRecord
        {
            Type = AuditRecordTypes.Outcome,
            Timestamp = At(now),
            RequestId = RequestId,
            RpcId = RpcId,
            Tool = _tool.Name,
            Status = status,
            Reason = reason,
            DurationMs = durationMs,
            Exception = exception?.GetType().FullName,
            AuditMs = _writeAheadMs,
        }, now);
    }

    /// <summary>The wall-clock time of the monotonic moment <paramref name="timestamp"/> of this call.</summary>
    private DateTimeOffset At(long timestamp) => _startedAt + _trail.Time.GetElapsedTime(_started, timestamp);

    /// <summary>Counts the call, ends its span, and returns its duration until <paramref name="now"/> in milliseconds.</summary>
    private double Finish(string decision, string status, string? reason, long now)
    {
        double durationMs = _trail.Time.GetElapsedTime(_started, now).TotalMilliseconds;
        if (Confirmation is not ("not_required" or "requested"))
        {
            TypedToolsTelemetry.Confirmations.Add(1, Tag("tool", _tool.Name), Tag("outcome", Confirmation));
        }
        TypedToolsTelemetry.Calls.Add(1, Tag("tool", _tool.Name), Tag("decision", decision), Tag("status", status));
        TypedToolsTelemetry.CallDuration.Record(durationMs, Tag("tool", _tool.Name), Tag("decision", decision));
        Activity?.SetTag("typedtools.decision", decision);
        Activity?.SetTag("typedtools.status", status);
        if (reason is not null)
        {
            Activity?.SetTag("typedtools.reason", reason);
            Activity?.SetStatus(ActivityStatusCode.Error, reason);
        }
        Activity?.Dispose();
        return durationMs;
    }

    /// <summary>The JSON-RPC id as text, for both records (a number's text is built once).</summary>
    private string? RpcId => _rpcId ??= _request.JsonRpcRequest?.Id.ToString();

    /// <summary>A decision record made at <paramref name="now"/>; <paramref name="durationMs"/> is the call's duration when it ended here.</summary>
    private AuditRecord Record(string decision, string? reason, string? message, string? status, double? durationMs, long now) => new()
    {
        Type = AuditRecordTypes.Decision,
        Timestamp = At(now),
        RequestId = RequestId,
        RpcId = RpcId,
        Session = _request.Server.SessionId,
        Principal = ConfirmationGate.PrincipalId(_request.User) is { Length: > 0 } principal ? principal : null,
        Role = Roles(_request.User),
        Tool = _tool.Name,
        Profile = Profile,
        Arguments = _arguments,
        ArgumentsKind = _argumentsKind,
        Decision = decision,
        Reason = reason,
        Message = message,
        Confirmation = Confirmation,
        Preview = Preview,
        Status = status,
        DurationMs = durationMs,
        ToolHash = _toolHash,
    };

    private static string? Roles(ClaimsPrincipal? user)
    {
        if (user is null)
        {
            return null;
        }
        // What FindAll(ClaimTypes.Role) finds, without its iterator and a list when (as for most callers) there is one role or none.
        string? first = null;
        List<string>? all = null;
        foreach (Claim claim in user.Claims)
        {
            if (string.Equals(claim.Type, ClaimTypes.Role, StringComparison.OrdinalIgnoreCase))
            {
                if (first is null)
                {
                    first = claim.Value;
                }
                else
                {
                    (all ??= [first]).Add(claim.Value);
                }
            }
        }
        return all is null ? first : string.Join(",", all);
    }

    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
