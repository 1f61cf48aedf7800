using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Policy.Confirmation;

namespace TypedTools.Tests.Harness;

/// <summary>Sealed confirmation states made as the server makes them, and calls that carry one, as a hostile or replaying client sends them.</summary>
public static class SealedConfirmations
{
    /// <summary>The hash a state binds for <paramref name="tool"/> with the canonical arguments <paramref name="write"/> produces.</summary>
    public static string Hash(string tool, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        return ConfirmationSeal.HashArguments(tool, buffer.WrittenSpan);
    }

    /// <summary>The hash for a tool called without arguments.</summary>
    public static string NoArguments(string tool) => Hash(tool, w =>
    {
        w.WriteStartObject();
        w.WriteEndObject();
    });

    /// <summary>A state sealed with <paramref name="key"/>.</summary>
    public static string Seal(byte[] key, string tool, string hash, string nonce, string principal = "", TimeSpan? expiresIn = null, DateTimeOffset? now = null) =>
        new ConfirmationSeal(key).Seal(new ConfirmationState(tool, hash, principal, nonce, (now ?? DateTimeOffset.UtcNow) + (expiresIn ?? TimeSpan.FromMinutes(5))));

    /// <summary>Sends tools/call with a state (or none) and an answer of the caller's choosing.</summary>
    public static async Task<CallToolResult> SendAsync(McpClient client, string tool, JsonObject arguments, string? state, CancellationToken cancellationToken, bool accept = true)
    {
        var parameters = new JsonObject
        {
            ["name"] = tool,
            ["arguments"] = arguments,
            ["inputResponses"] = new JsonObject
            {
                [ConfirmationGate.Key] = new JsonObject { ["action"] = accept ? "accept" : "decline", ["content"] = new JsonObject { [ConfirmationGate.Key] = accept } },
            },
        };
        if (state is not null)
        {
            parameters["requestState"] = state;
        }
        JsonRpcResponse response = await client.SendRequestAsync(new JsonRpcRequest { Method = "tools/call", Params = parameters }, cancellationToken);
        return JsonSerializer.Deserialize<CallToolResult>(response.Result, ModelContextProtocol.McpJsonUtilities.DefaultOptions)!;
    }
}
