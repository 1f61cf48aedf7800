using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedTools.Tests.Harness;

/// <summary>A person at the client, scripted: answers every confirmation the same way and remembers what was asked.</summary>
public sealed class Confirmations
{
    private readonly Func<ElicitRequestParams, ElicitResult> _answer;

    private Confirmations(Func<ElicitRequestParams, ElicitResult> answer) => _answer = answer;

    /// <summary>Ticks "Run it" and accepts.</summary>
    public static Confirmations Yes() => new(_ => Accept(true));

    /// <summary>Declines.</summary>
    public static Confirmations Decline() => new(_ => new ElicitResult { Action = "decline" });

    /// <summary>Cancels (closes the dialog).</summary>
    public static Confirmations Cancel() => new(_ => new ElicitResult { Action = "cancel" });

    /// <summary>Accepts the form without ticking the box.</summary>
    public static Confirmations AcceptUnticked() => new(_ => Accept(false));

    /// <summary>Every question asked, in order.</summary>
    public ConcurrentQueue<ElicitRequestParams> Asked { get; } = new();

    /// <summary>Client options whose elicitation handler answers with this person.</summary>
    public McpClientOptions ClientOptions() => new()
    {
        Handlers = new McpClientHandlers
        {
            ElicitationHandler = (request, _) =>
            {
                Asked.Enqueue(request!);
                return ValueTask.FromResult(_answer(request!));
            },
        },
    };

    /// <summary>An accepted form with the box ticked or not.</summary>
    public static ElicitResult Accept(bool run) => new()
    {
        Action = "accept",
        Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(run, TestJson.Default.Boolean) },
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
