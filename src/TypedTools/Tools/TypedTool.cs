using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Arguments;
using TypedTools.Policy;
using TypedTools.Policy.Confirmation;
using TypedTools.Policy.Flow;
using TypedTools.Policy.Identity;
using TypedTools.Policy.Limits;
using TypedTools.Results;

namespace TypedTools;

/// <summary>
/// The base of every generated tool. It owns the call pipeline, so that each step is written (and tested)
/// once; the generated subclass contributes only what is specific to one method: its protocol description,
/// its strict argument parser and the typed call of the author's method.
/// </summary>
/// <typeparam name="TArguments">The generated record of the tool's parsed, validated arguments.</typeparam>
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
    /// Parses the top-level arguments strictly. Implementations record every problem on
    /// <paramref name="reader"/> and return false when any was found.
    /// </summary>
    protected abstract bool TryParseArguments(ArgumentReader reader, IDictionary<string, JsonElement>? arguments, out TArguments parsed);

    /// <summary>
    /// Applies the parameters' policy constraints (<c>[AllowedPath]</c>...), replacing values by their canonical
    /// forms. A refusal throws <see cref="PolicyDeniedException"/>. Tools without constraints keep this default.
    /// </summary>
    protected virtual void ApplyConstraints(ref TArguments arguments, ConstraintChecker check)
    {
    }

    /// <summary>
    /// Writes the validated arguments as canonical JSON (parameter order, canonical paths and URLs): what a person
    /// confirms, what a confirmation state is bound to, and what the audit record keeps.
    /// </summary>
    protected abstract void WriteArguments(Utf8JsonWriter writer, in TArguments arguments);

    /// <summary>Adds the call's <c>[Destination]</c> values (where an external send goes), for the flow rules.</summary>
    protected virtual void CollectDestinations(in TArguments arguments, List<string> destinations)
    {
    }

    /// <summary>Calls the author's method with validated arguments and converts what it returns.</summary>
    protected abstract ValueTask<CallToolResult> InvokeCoreAsync(TArguments arguments, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken);

    /// <summary>
    /// The call pipeline: profile gate, rate limits, identity, strict parse, constraints, flow rules, confirmation,
    /// then the author's method. Every
    /// step before the method refuses on any exception (fail closed); the method's own failures become error results.
    /// </summary>
    public sealed override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string requestId = ToolCallIds.Create();

        TArguments arguments;
        try
        {
            ToolPolicy? policy = request.Services?.GetService<ToolPolicy>();
            if (policy is null)
            {
                return ToolResults.PolicyRefusal(_protocolTool.Name, PolicyDenials.NotConfigured, requestId);
            }
            policy.CheckProfile(_descriptor, request.User);
            Required<RateLimitGate>(request).Acquire(_descriptor, request);
            foreach (string claim in _descriptor.RequiredClaims)
            {
                ClaimValues.Require(request.User, claim);
            }

            if (!TryParse(request, out arguments, out ArgumentError[] errors))
            {
                return ToolResults.ArgumentRefusal(_protocolTool.Name, errors, requestId);
            }

            ApplyConstraints(ref arguments, new ConstraintChecker(policy, request.User));
            ReadOnlyMemory<byte> canonical = CanonicalArguments(arguments);

            FlowGate flow = Required<FlowGate>(request);
            var destinations = new List<string>();
            CollectDestinations(arguments, destinations);
            IReadOnlyList<string> reasons = await flow.CheckAsync(_descriptor, request, destinations, canonical, cancellationToken).ConfigureAwait(false);

            if (_descriptor.RequiresConfirmation || reasons.Count > 0)
            {
                await Required<ConfirmationGate>(request).ConfirmAsync(_descriptor, request, canonical, reasons, cancellationToken).ConfigureAwait(false);
            }
            await flow.RecordAsync(_descriptor, request, cancellationToken).ConfigureAwait(false);
        }
        catch (InputRequiredException)
        {
            // The confirmation question, on its way to the client through the SDK (multi-round-trip requests).
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PolicyDeniedException denied)
        {
            return ToolResults.PolicyRefusal(_protocolTool.Name, denied.Denial, requestId);
        }
        catch (Exception exception)
        {
            // Fail closed: a fault in any check never lets the call through.
            Log(request, exception, requestId, "checking");
            return ToolResults.PolicyRefusal(_protocolTool.Name, PolicyDenials.CheckFailed, requestId);
        }

        try
        {
            return await InvokeCoreAsync(arguments, request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (McpProtocolException)
        {
            // A protocol error the author meant as a JSON-RPC error.
            throw;
        }
        catch (PolicyDeniedException denied)
        {
            // A guarded helper inside the method refused (for example a path that changed after the check).
            return ToolResults.PolicyRefusal(_protocolTool.Name, denied.Denial, requestId);
        }
        catch (McpException exception)
        {
            // The SDK's convention: an McpException's message is meant for the client.
            return ToolResults.Refusal(exception.Message, ToolErrorCodes.Failed, exception.Message, null, null, requestId);
        }
        catch (Exception exception)
        {
            Log(request, exception, requestId, "running");
            return ToolResults.Refusal($"The tool '{_protocolTool.Name}' failed while running (request {requestId}). Its error was logged; the details are not shown here.",
                ToolErrorCodes.Failed, "The tool failed while running.", null, "Check the arguments, or try again later.", requestId);
        }
    }

    private static T Required<T>(RequestContext<CallToolRequestParams> request) where T : class =>
        request.Services?.GetService<T>() ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered.");

    /// <summary>The validated arguments as canonical JSON.</summary>
    internal ReadOnlyMemory<byte> CanonicalArguments(in TArguments arguments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteArguments(writer, arguments);
        }
        return buffer.WrittenMemory;
    }

    private bool TryParse(RequestContext<CallToolRequestParams> request, out TArguments arguments, out ArgumentError[] errors)
    {
        ArgumentReader reader = ArgumentReader.Rent(_maxDepth);
        try
        {
            RawArguments.ReportDuplicates(request, reader);
            bool parsed = TryParseArguments(reader, request.Params?.Arguments, out arguments);
            bool valid = parsed && !reader.HasErrors;
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

/// <summary>Identifiers for tool calls.</summary>
public static class ToolCallIds
{
    /// <summary>A new unique, time-ordered identifier for one tool call.</summary>
    public static string Create() => Guid.CreateVersion7().ToString("N");
}
