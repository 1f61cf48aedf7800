using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Arguments;
using TypedTools.Audit;
using TypedTools.Policy;
using TypedTools.Policy.Confirmation;
using TypedTools.Policy.Flow;
using TypedTools.Policy.Identity;
using TypedTools.Policy.Limits;
using TypedTools.Results;

namespace TypedTools;

/// <summary>
/// The base of every generated tool. It owns the call pipeline, so that each step is written (and tested)
/// once; a generated tool (<see cref="GeneratedTool{TArguments}"/>) contributes only what is specific to one method:
/// its protocol description, the description of its parameters and the typed call of the author's method.
/// </summary>
/// <typeparam name="TArguments">One call's parsed, validated arguments, as the generator shapes them: a named tuple of the parameters, the one parameter's value itself, <see cref="ValueTuple"/> when there are none, or a struct of the tool's own when a name cannot name a tuple element.</typeparam>
public abstract class TypedTool<TArguments> : McpServerTool, ITypedTool
{
    private readonly Tool _protocolTool;
    private readonly ToolDescriptor _descriptor;
    private readonly int _maxDepth;

    /// <summary>Creates the tool.</summary>
    /// <param name="protocolTool">The tool's description as published by <c>tools/list</c>.</param>
    /// <param name="descriptor">The tool's policy facts.</param>
    /// <param name="maxDepth">How deeply nested the arguments may be.</param>
    protected TypedTool(Tool protocolTool, ToolDescriptor descriptor, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(protocolTool);
        ArgumentNullException.ThrowIfNull(descriptor);
        _protocolTool = protocolTool;
        _descriptor = descriptor;
        _maxDepth = maxDepth;
    }

    /// <inheritdoc />
    public sealed override Tool ProtocolTool => _protocolTool;

    /// <inheritdoc />
    public ToolDescriptor Descriptor => _descriptor;

    /// <inheritdoc />
    public override IReadOnlyList<object> Metadata => [];

    /// <summary>
    /// Describes the tool's parameters to <paramref name="binder"/>, one call per parameter in declaration order: its
    /// name, type, limits and policy constraints. The base class runs this description to parse a call's arguments
    /// strictly, to apply the constraints (<c>[AllowedPath]</c>..., replacing values by their canonical forms; a refusal
    /// throws <see cref="PolicyDeniedException"/>) and to write the canonical arguments (parameter order, canonical paths
    /// and URLs): what a confirmation is bound to, and what the person sees and the audit record keeps (secrets redacted).
    /// </summary>
    protected abstract void BindArguments(ref ArgumentBinder binder, ref TArguments arguments);

    /// <summary>Parses the top-level arguments strictly; every problem is recorded on <paramref name="reader"/>.</summary>
    private bool TryParseArguments(ArgumentReader reader, IDictionary<string, JsonElement>? arguments, out TArguments parsed, out bool hasConstraints)
    {
        parsed = default!;
        var binder = ArgumentBinder.ForParse(reader, arguments);
        BindArguments(ref binder, ref parsed);
        hasConstraints = binder.HasConstraints;
        if (arguments is not null && arguments.Count != binder.Matched)
        {
            // Rare: an argument no parameter took. The names are listed only now, for the refusal.
            List<string> names = reader.EmptyNameList();
            var lister = ArgumentBinder.ForNames(names);
            BindArguments(ref lister, ref parsed);
            reader.ReportUnknownArguments(arguments, binder.Matched, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(names));
        }
        return !reader.HasErrors;
    }

    /// <summary>Applies the parameters' policy constraints; a refusal throws <see cref="PolicyDeniedException"/>.</summary>
    private void ApplyConstraints(ref TArguments arguments, ConstraintChecker check)
    {
        var binder = ArgumentBinder.ForConstraints(check, _descriptor);
        BindArguments(ref binder, ref arguments);
    }

    /// <summary>Writes the validated arguments as canonical JSON.</summary>
    private void WriteArguments(Utf8JsonWriter writer, ref TArguments arguments, bool redactSecrets)
    {
        var binder = ArgumentBinder.ForWrite(writer, redactSecrets);
        writer.WriteStartObject();
        BindArguments(ref binder, ref arguments);
        writer.WriteEndObject();
    }

    /// <summary>Adds the call's <c>[Destination]</c> values (where an external send goes), for the flow rules; called only for a tool whose descriptor <see cref="ToolDescriptor.DeclaresDestinations"/>.</summary>
    protected virtual void CollectDestinations(in TArguments arguments, List<string> destinations)
    {
    }

    /// <summary>
    /// The author's preview of the call's effect (<c>[Preview]</c> or a <c>{Method}Preview</c> method), shown in the
    /// confirmation question; null when the tool has none.
    /// </summary>
    protected virtual ValueTask<string?> PreviewAsync(TArguments arguments, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        new((string?)null);

    /// <summary>Adds the values of the call's <c>[Secret]</c> parameters, which are redacted from its result (for a tool whose descriptor <see cref="ToolDescriptor.HasSecrets"/>) and from its confirmation's preview.</summary>
    protected virtual void CollectSecrets(in TArguments arguments, List<string> secrets)
    {
    }

    /// <summary>Calls the author's method with validated arguments and converts what it returns.</summary>
    protected abstract ValueTask<CallToolResult> InvokeCoreAsync(TArguments arguments, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken);

    /// <summary>
    /// The call pipeline: profile gate, rate limits, identity, strict parse, constraints, flow rules, confirmation,
    /// the write-ahead audit record, then the author's method and its outcome record. Every step before the method
    /// refuses on any exception (fail closed), and every call, allowed or not, leaves its audit record.
    /// </summary>
    public sealed override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ValueTask<CallToolResult> call = CallAsync(request, cancellationToken);
        if (_protocolTool.OutputSchema is null)
        {
            return call;
        }
        return call.IsCompletedSuccessfully ? new(ToolResults.ConformError(call.Result, _protocolTool.OutputSchema.Value)) : ConformAsync(call);
    }

    private async ValueTask<CallToolResult> ConformAsync(ValueTask<CallToolResult> call) =>
        ToolResults.ConformError(await call.ConfigureAwait(false), _protocolTool.OutputSchema!.Value);

    private async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ToolCallServices.Of(request.Services) is not { } services)
        {
            return ToolResults.PolicyRefusal(_protocolTool.Name, PolicyDenials.NotConfigured, ToolCallIds.Create());
        }
        ToolPolicy policy = services.Policy;
        AuditTrail trail = services.Trail;
        // One wall-clock read for the call's id and its records' times.
        DateTimeOffset startedAt = trail.Time.GetUtcNow();
        string requestId = ToolCallIds.Create(startedAt);
        AuditCall audit = trail.Begin(_descriptor, ToolHash, request, requestId, startedAt);

        TArguments arguments;
        try
        {
            Policy.Profiles.ToolProfile? profile = policy.ActiveProfile(request.User);
            audit.Profile = profile?.Name;
            ToolPolicy.CheckProfile(_descriptor, profile);
            await services.RateLimits.AcquireAsync(_descriptor, request, cancellationToken).ConfigureAwait(false);
            foreach (string claim in _descriptor.RequiredClaims)
            {
                ClaimValues.Require(request.User, claim);
            }
            if (!TryParse(request, out arguments, out bool hasConstraints, out ArgumentError[] errors))
            {
                audit.MalformedArguments(request.Params?.Arguments);
                await audit.DenyAsync(errors[0].Code, $"{errors.Length} problem(s) in the arguments; first at '{errors[0].Field}'.", cancellationToken).ConfigureAwait(false);
                return ToolResults.ArgumentRefusal(_protocolTool.Name, errors, requestId);
            }
            if (hasConstraints)
            {
                ApplyConstraints(ref arguments, new ConstraintChecker(policy, request.User));
            }
            ReadOnlyMemory<byte> canonical = CanonicalArguments(arguments, redactSecrets: false);
            ReadOnlyMemory<byte> shown = _descriptor.HasSecrets ? CanonicalArguments(arguments, redactSecrets: true) : canonical;
            audit.ValidatedArguments(shown);
            FlowGate flow = services.Flow;
            IReadOnlyList<string> destinations = _descriptor.DeclaresDestinations ? Destinations(arguments) : [];
            IReadOnlyList<string> reasons = await flow.CheckAsync(_descriptor, request, destinations, canonical, cancellationToken).ConfigureAwait(false);

            // The gate is looked up only for tools that may need it (most calls need no confirmation).
            if ((_descriptor.RequiresConfirmation || _descriptor.ConfirmationWaiver is not null || reasons.Count > 0) &&
                services.Confirmations is { } confirmations && (confirmations.Requires(_descriptor) || reasons.Count > 0))
            {
                await ConfirmAsync(confirmations, arguments, request, policy, audit, requestId, canonical, shown, reasons, cancellationToken).ConfigureAwait(false);
            }
            await flow.RecordAsync(_descriptor, request, cancellationToken).ConfigureAwait(false);
            // Write-ahead: nothing runs unaudited.
            await audit.AllowAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InputRequiredException)
        {
            // The confirmation question, on its way to the client through the SDK; the call comes back with the answer.
            await audit.PendingAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await audit.DenyAsync("call.cancelled", "The client cancelled the call before it ran.", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (PolicyDeniedException denied)
        {
            await audit.DenyAsync(denied.Denial.Code, denied.Denial.Message, cancellationToken).ConfigureAwait(false);
            return ToolResults.PolicyRefusal(_protocolTool.Name, denied.Denial, requestId);
        }
        catch (AuditUnavailableException exception)
        {
            Log(request, exception, requestId, "auditing");
            await audit.DenyAsync(PolicyCodes.AuditUnavailable, PolicyDenials.AuditUnavailable.Message, cancellationToken).ConfigureAwait(false);
            return ToolResults.PolicyRefusal(_protocolTool.Name, PolicyDenials.AuditUnavailable, requestId);
        }
        catch (Exception exception)
        {
            // Fail closed: a fault in any check never lets the call through.
            Log(request, exception, requestId, "checking");
            await audit.DenyAsync(PolicyCodes.CheckFailed, exception.GetType().FullName ?? "exception", cancellationToken).ConfigureAwait(false);
            return ToolResults.PolicyRefusal(_protocolTool.Name, PolicyDenials.CheckFailed, requestId);
        }

        try
        {
            CallToolResult result = await InvokeCoreAsync(arguments, request, cancellationToken).ConfigureAwait(false);
            result = ResultGuard.Apply(result, _descriptor, _descriptor.HasSecrets ? Secrets(arguments) : [], policy.Output);
            if (_protocolTool.OutputSchema is { } schema && result.StructuredContent is { } structured && result.IsError != true &&
                OutputSchemaValidator.Problem(schema, structured) is { } problem)
            {
                // The result breaks the tool's own promise: withhold it rather than hand the model impossible data.
                Log(request, new InvalidOperationException("Structured result does not match the output schema: " + problem), requestId, "validating the result of");
                audit.Complete("error", null, ToolErrorCodes.InvalidOutput);
                return ToolResults.Refusal($"The tool '{_protocolTool.Name}' produced a result that does not match its output schema, so it was not sent (request {requestId}).",
                    ToolErrorCodes.InvalidOutput, "The tool's result did not match its output schema.", null, "Report the request id; the tool needs a fix.", requestId);
            }
            audit.Complete(result.IsError == true ? "error" : "ok", null);
            return result;
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            audit.Complete("cancelled", exception);
            throw;
        }
        catch (McpProtocolException exception)
        {
            // A protocol error the author meant as a JSON-RPC error.
            audit.Complete("error", exception);
            throw;
        }
        catch (PolicyDeniedException denied)
        {
            // A guarded helper inside the method refused (for example a path that changed after the check).
            audit.Complete("denied", denied, denied.Denial.Code);
            return ToolResults.PolicyRefusal(_protocolTool.Name, denied.Denial, requestId);
        }
        catch (McpException exception)
        {
            // The SDK's convention: an McpException's message is meant for the client.
            audit.Complete("error", exception);
            return ToolResults.Refusal(exception.Message, ToolErrorCodes.Failed, exception.Message, null, null, requestId);
        }
        catch (Exception exception)
        {
            Log(request, exception, requestId, "running");
            audit.Complete("error", exception);
            return ToolResults.Refusal($"The tool '{_protocolTool.Name}' failed while running (request {requestId}). Its error was logged; the details are not shown here.",
                ToolErrorCodes.Failed, "The tool failed while running.", null, "Check the arguments, or try again later.", requestId);
        }
    }

    /// <summary>
    /// Asks the person to confirm the call (or checks the answer it came back with). A method of its own: the preview's
    /// lambda captures the call's state, and a closure over the pipeline's locals would be allocated on every call.
    /// </summary>
    private async ValueTask ConfirmAsync(ConfirmationGate confirmations, TArguments arguments, RequestContext<CallToolRequestParams> request, ToolPolicy policy,
        AuditCall audit, string requestId, ReadOnlyMemory<byte> canonical, ReadOnlyMemory<byte> shown, IReadOnlyList<string> reasons, CancellationToken cancellationToken)
    {
        await confirmations.ConfirmAsync(_descriptor, request, canonical, shown, reasons,
            ct => PreviewForQuestionAsync(arguments, request, policy, audit, requestId, ct), cancellationToken).ConfigureAwait(false);
        audit.Confirmation = "accepted";
    }

    /// <summary>A hash of what the tool is: its published definition and its policy facts (kept in every audit record).</summary>
    public string ToolHash => _toolHash ??= ComputeToolHash();

    private string? _toolHash;

    private string ComputeToolHash()
    {
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool));
        byte[] definition = JsonSerializer.SerializeToUtf8Bytes(_protocolTool, typeInfo);
        string facts = string.Join("\n", _descriptor.Name, _descriptor.Effects, _descriptor.Capabilities, _descriptor.RequiresConfirmation,
            _descriptor.ConfirmationWaiver, _descriptor.EffectDescription, string.Join(",", _descriptor.PathRoots), string.Join(";", _descriptor.PathRules.Select(r => r.Root + "|" + r.Access)), string.Join(",", _descriptor.RequiredClaims), _descriptor.DeclaresDestinations,
            string.Join(";", _descriptor.DomainRules.Select(r => string.Join(",", r.Patterns) + "|" + r.Set + "|" + r.AllowHttp + "|" + string.Join(",", r.Ports ?? []))));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. definition, .. System.Text.Encoding.UTF8.GetBytes(facts)]));
    }

    /// <summary>
    /// The preview for the question, sanitised and with secrets redacted; null when there is none, or when it
    /// throws or takes longer than the limit (the question then shows the tool, effect and arguments alone).
    /// </summary>
    private async ValueTask<string?> PreviewForQuestionAsync(TArguments arguments, RequestContext<CallToolRequestParams> request, ToolPolicy policy,
        AuditCall audit, string requestId, CancellationToken cancellationToken)
    {
        TimeSpan limit = policy.ConfirmationPreviewTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            // On the thread pool: an author's preview that blocks (a synchronous read of a FIFO, say) must not hold the call past the limit.
            string? text = await Task.Run(() => PreviewAsync(arguments, request, timeout.Token).AsTask(), timeout.Token)
                .WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            audit.Preview = text is null ? "none" : "shown";
            if (text is null)
            {
                return null;
            }
            var report = new SanitizeReport();
            return OutputSanitizer.Clean(OutputSanitizer.Redact(text, Secrets(arguments), policy.Output, report), 4_000, report);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            audit.Preview = "timed_out";
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log(request, exception, requestId, "previewing");
            audit.Preview = "failed";
            return null;
        }
    }

    private List<string> Destinations(in TArguments arguments)
    {
        var destinations = new List<string>();
        CollectDestinations(arguments, destinations);
        return destinations;
    }

    private List<string> Secrets(in TArguments arguments)
    {
        var secrets = new List<string>();
        CollectSecrets(arguments, secrets);
        return secrets;
    }

    /// <summary>
    /// Parses arguments exactly as a call would, without running anything (no policy, no audit, no method): the
    /// errors a call with these arguments would be refused for, empty when they are valid. Duplicate keys are not
    /// seen here (they are visible only in a raw request).
    /// </summary>
    public IReadOnlyList<ArgumentError> ValidateArguments(IDictionary<string, JsonElement>? arguments) => Validate(arguments, writeCanonical: false, out _);

    /// <inheritdoc />
    public IReadOnlyList<ArgumentError> ValidateArguments(IDictionary<string, JsonElement>? arguments, out ReadOnlyMemory<byte> canonical) =>
        Validate(arguments, writeCanonical: true, out canonical);

    private IReadOnlyList<ArgumentError> Validate(IDictionary<string, JsonElement>? arguments, bool writeCanonical, out ReadOnlyMemory<byte> canonical)
    {
        ArgumentReader reader = ArgumentReader.Rent(_maxDepth);
        try
        {
            if (TryParseArguments(reader, arguments, out TArguments parsed, out _))
            {
                // Only when asked: writing the canonical form costs as much as the parse itself.
                canonical = writeCanonical ? CanonicalArguments(parsed, redactSecrets: false) : default;
                return [];
            }
            canonical = default;
            return reader.GetErrors();
        }
        finally
        {
            reader.Return();
        }
    }

    /// <summary>The validated arguments as canonical JSON.</summary>
    internal ReadOnlyMemory<byte> CanonicalArguments(in TArguments arguments, bool redactSecrets)
    {
        // A writer and buffer per thread; the result is one exact-size copy (it outlives the call in the audit and flow records).
        System.Buffers.ArrayBufferWriter<byte> buffer = CanonicalWriter.Buffer ??= new System.Buffers.ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = CanonicalWriter.Writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.Reset(buffer);
        // The write pass reads the arguments only; the binder's one signature takes them by reference.
        WriteArguments(writer, ref System.Runtime.CompilerServices.Unsafe.AsRef(in arguments), redactSecrets);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private bool TryParse(RequestContext<CallToolRequestParams> request, out TArguments arguments, out bool hasConstraints, out ArgumentError[] errors)
    {
        ArgumentReader reader = ArgumentReader.Rent(_maxDepth);
        try
        {
            RawArguments.ReportDuplicates(request, reader);
            bool valid = TryParseArguments(reader, request.Params?.Arguments, out arguments, out hasConstraints);
            errors = valid ? [] : reader.GetErrors();
            return valid;
        }
        finally
        {
            reader.Return();
        }
    }

    private void Log(RequestContext<CallToolRequestParams> request, Exception exception, string requestId, string stage)
    {
        ILogger? logger = request.Services?.GetService<ILoggerFactory>()?.CreateLogger("TypedTools");
        logger?.LogError(exception, "TypedTools: exception while {Stage} tool {Tool} (request {RequestId})", stage, _protocolTool.Name, requestId);
    }
}


/// <summary>The per-thread writer behind <c>CanonicalArguments</c> (outside the generic type, so all tools share one per thread).</summary>
internal static class CanonicalWriter
{
    [ThreadStatic]
    internal static System.Buffers.ArrayBufferWriter<byte>? Buffer;

    [ThreadStatic]
    internal static Utf8JsonWriter? Writer;
}
