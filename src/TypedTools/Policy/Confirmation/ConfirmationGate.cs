using System.Security.Claims;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedTools.Policy.Confirmation;

/// <summary>
/// Asks the person to confirm a call, showing the tool, its canonical validated arguments and its effect, and
/// lets the call run only on an explicit yes. Where the session supports multi-round-trip requests the question
/// travels as an input request with a sealed state bound to the tool, the arguments' hash, the caller, a
/// single-use nonce and an expiry; on older stateful sessions (stdio) it is an elicitation within the call, with
/// a time limit. No answer in time, a no, a cancel, a client that cannot ask, or a state that does not verify:
/// the call is denied.
/// Arguments never stand in for an answer.
/// </summary>
public sealed class ConfirmationGate
{
    /// <summary>The input request's key, and the form field the person answers.</summary>
    public const string Key = "confirm";

    /// <summary>The first protocol revision in which clients answer input requests themselves (multi-round-trip requests).</summary>
    private const string MultiRoundTripVersion = "2026-07-28";

    private readonly ConfirmationSeal _seal;
    private readonly INonceStore _nonces;
    private readonly ConfirmationOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the gate.</summary>
    public ConfirmationGate(ConfirmationSeal seal, INonceStore nonces, ConfirmationOptions options, TimeProvider time)
    {
        _seal = seal;
        _nonces = nonces;
        _options = options;
        _time = time;
    }

    /// <summary>Whether every call of <paramref name="tool"/> is confirmed: its own declaration, or the operator overruling its author's waiver.</summary>
    public bool Requires(ToolDescriptor tool) => tool.RequiresConfirmation || (tool.ConfirmationWaiver != null && _options.ConfirmWaivedTools);

    /// <summary>Returns when the person confirmed; otherwise throws <see cref="PolicyDeniedException"/> (or the SDK's input-required signal).</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="request">The call.</param>
    /// <param name="canonicalArguments">The validated arguments as canonical JSON (what the state binds).</param>
    /// <param name="shownArguments">The same with secrets redacted (what the person sees).</param>
    /// <param name="reasons">Why this call in particular is asked about (from flow rules), shown to the person.</param>
    /// <param name="preview">The tool's preview of its effect, computed only when a question is actually sent.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async ValueTask ConfirmAsync(ToolDescriptor tool, RequestContext<CallToolRequestParams> request, ReadOnlyMemory<byte> canonicalArguments,
        ReadOnlyMemory<byte> shownArguments, IReadOnlyList<string> reasons, Func<CancellationToken, ValueTask<string?>>? preview, CancellationToken cancellationToken)
    {
        string hash = ConfirmationSeal.HashArguments(tool.Name, canonicalArguments.Span);
        string principal = PrincipalId(request.User);
        CallToolRequestParams parameters = request.Params!;

        if (parameters.RequestState is { } state)
        {
            // A retry in the multi-round-trip flow: the state must be ours, for this exact call, fresh and unused.
            ConfirmationState opened = _seal.Open(state) ?? throw Invalid("its confirmation state is not one this server issued");
            if (opened.Tool != tool.Name || opened.ArgumentsHash != hash || opened.Principal != principal)
            {
                throw Invalid("its confirmation was given for a different tool, different arguments or a different caller");
            }
            if (opened.Expires < _time.GetUtcNow())
            {
                throw Invalid("its confirmation has expired");
            }
            if (!await _nonces.TryConsumeAsync(opened.Nonce, opened.Expires, cancellationToken).ConfigureAwait(false))
            {
                throw Invalid("its confirmation was already used");
            }
            ElicitResult? answer = parameters.InputResponses is { } responses && responses.TryGetValue(Key, out InputResponse? response)
                ? response.Deserialize(InputResponse.ElicitResultJsonTypeInfo) : null;
            Evaluate(tool, answer);
            return;
        }
        if (parameters.InputResponses is { Count: > 0 })
        {
            throw Invalid("it carries answers without a confirmation state");
        }

        McpServer server = request.Server;
        if (server.ClientCapabilities?.Elicitation is null)
        {
            throw Deny(PolicyCodes.ConfirmationUnavailable, $"'{tool.Name}' needs a person's confirmation, and this client cannot ask for one.",
                "Use a client that supports elicitation, or ask the person to perform this action themselves.");
        }
        string? previewText = preview is null ? null : await preview(cancellationToken).ConfigureAwait(false);
        ElicitRequestParams question = Question(tool, shownArguments.Span, reasons, previewText);
        if (string.CompareOrdinal(server.NegotiatedProtocolVersion, MultiRoundTripVersion) >= 0)
        {
            // Protocol 2026-07-28: the question travels as an input request; the client asks the person and
            // retries the call carrying this sealed state, which the branch above verifies.
            var sealedState = new ConfirmationState(tool.Name, hash, principal, Guid.NewGuid().ToString("N"), _time.GetUtcNow() + _options.Lifetime);
            throw new InputRequiredException(new Dictionary<string, InputRequest> { [Key] = InputRequest.ForElicitation(question) }, _seal.Seal(sealedState));
        }
        if (!server.IsMrtrSupported)
        {
            // An older protocol on a stateless session: the server cannot send the question at all.
            throw Deny(PolicyCodes.ConfirmationUnavailable, $"'{tool.Name}' needs a person's confirmation, and this session cannot carry the question.",
                "Use a client that supports protocol 2026-07-28 or a stateful session.");
        }

        // An older protocol on a stateful session (stdio): ask by elicitation within this call, with a time limit.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        ElicitResult direct;
        try
        {
            direct = await server.ElicitAsync(question, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Deny(PolicyCodes.ConfirmationUnavailable, $"Nobody answered the confirmation for '{tool.Name}' within {_options.Timeout.TotalSeconds:0.###} s.",
                "Ask the person to confirm, then call again.");
        }
        Evaluate(tool, direct);
    }

    /// <summary>The form the person sees: what will run, on what, with what effect; one yes/no field, never a secret.</summary>
    public static ElicitRequestParams Question(ToolDescriptor tool, ReadOnlySpan<byte> canonicalArguments, IReadOnlyList<string> reasons, string? preview = null)
    {
        var message = new StringBuilder();
        message.Append("Confirm this action.\n\nTool: ").Append(tool.Name);
        if (tool.EffectDescription is { } effect)
        {
            message.Append("\nEffect: ").Append(effect);
        }
        if (preview is not null)
        {
            message.Append("\nWhat will happen:\n").Append(preview);
        }
        message.Append("\nArguments:\n").Append(Pretty(canonicalArguments));
        foreach (string reason in reasons)
        {
            message.Append("\nWhy you are asked: ").Append(reason);
        }
        return new ElicitRequestParams
        {
            Message = message.ToString(),
            RequestedSchema = new ElicitRequestParams.RequestSchema
            {
                Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                {
                    [Key] = new ElicitRequestParams.BooleanSchema
                    {
                        Title = "Run it",
                        Description = "Tick to run exactly this call. Anything else cancels it.",
                        Default = false,
                    },
                },
                Required = [Key],
            },
        };
    }

    private static void Evaluate(ToolDescriptor tool, ElicitResult? answer)
    {
        if (answer is null)
        {
            throw Deny(PolicyCodes.ConfirmationUnavailable, $"No confirmation answer arrived for '{tool.Name}'.", "Ask the person to confirm, then try again.");
        }
        bool yes = answer.Action == "accept" && answer.Content is { } content && content.TryGetValue(Key, out JsonElement value) &&
                   value.ValueKind == JsonValueKind.True;
        if (!yes)
        {
            string what = answer.Action switch { "cancel" => "cancelled", "decline" => "declined", _ => "did not confirm" };
            throw Deny(PolicyCodes.ConfirmationDeclined, $"The person {what} the call to '{tool.Name}'.",
                "Do not retry the same call; ask the person what they want instead.");
        }
    }

    private static string Pretty(ReadOnlySpan<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json.ToArray());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Who the call is for: the authenticated name identifier or name, or "" on an unauthenticated (stdio) session.</summary>
    public static string PrincipalId(ClaimsPrincipal? user) =>
        user?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user?.Identity?.Name ?? "";

    private static PolicyDeniedException Invalid(string why) => Deny(PolicyCodes.ConfirmationInvalid,
        $"The call was refused because {why}.", "Call the tool again without a state; the person will be asked afresh.");

    private static PolicyDeniedException Deny(string code, string message, string hint) => new(new PolicyDenial(code, message, null, hint));
}
