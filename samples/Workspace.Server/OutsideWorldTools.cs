using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using TypedTools;
using TypedTools.Policy.Network;

namespace Workspace.Server;

/// <summary>Tools that reach outside the machine: the web and people.</summary>
[McpServerToolType]
public static class OutsideWorldTools
{
    /// <summary>The hosts fetch_page may reach: the "fetch" domain set, from --allow-domain.</summary>
    public static readonly DomainRule FetchRule = DomainRule.ForSet("fetch");

    /// <summary>Fetches a web page from an allowed domain and returns its text.</summary>
    /// <param name="url">An https URL on an allowed domain.</param>
    /// <param name="maxChars">Return at most this many characters.</param>
    [McpServerTool(Name = "fetch_page", IconSource = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxIDEiLz4="),
     ReadOnly, OpenWorld, ReturnsUntrustedContent]
    [McpMeta("io.typedtools/untrusted", true)] // an icon and _meta, published as the SDK's tools publish them
    public static async Task<string> FetchPage([AllowedDomain(Set = "fetch")] Uri url, GuardedHttpClient http,
        [Range(1, 1_000_000)] int maxChars = 20_000, CancellationToken cancellationToken = default)
    {
        // The URL was checked before this method ran; the guarded client checks every redirect hop and the address it connects to.
        string text = await http.GetStringAsync(url, FetchRule, cancellationToken);
        return text.Length <= maxChars ? text : text[..maxChars];
    }

    /// <summary>Reads the latest messages others sent to the inbox. Their text is someone else's words: it is sanitised and labelled untrusted.</summary>
    /// <param name="max">Return at most this many messages, newest last.</param>
    [McpServerTool(Name = "read_inbox", OpenWorld = false), ReadOnly, ReturnsUntrustedContent]
    public static async Task<IReadOnlyList<InboxMessage>> ReadInbox(WorkspaceOptions options, [Range(1, 100)] int max = 20, CancellationToken cancellationToken = default)
    {
        if (options.Inbox is not { } inbox || !File.Exists(inbox))
        {
            return [];
        }
        string[] lines = await File.ReadAllLinesAsync(inbox, cancellationToken);
        return lines.Where(l => l.Length > 0).TakeLast(max)
            .Select(l => JsonSerializer.Deserialize(l, OutboxJson.Default.InboxMessage) ?? throw new McpException("The inbox holds an unreadable message."))
            .ToList();
    }

    /// <summary>What send_message would send, for the person confirming it.</summary>
    public static string SendMessagePreview(Message message, WorkspaceOptions options) =>
        $"Sends \"{message.Subject}\" ({message.Body.Length} characters, {message.Priority} priority) to {message.To}" +
        (message.Cc is { Count: > 0 } cc ? $", copied to {string.Join(", ", cc)}" : "") +
        (options.Relay is { } relay ? $", through the relay {relay.Host}" : ", into the outbox") + ".";

    /// <summary>Sends a text message to a recipient (a stand-in for e-mail or chat: posted to the relay, or appended to the outbox file).</summary>
    [McpServerTool(Name = "send_message", Destructive = false, Idempotent = false, OpenWorld = true), SendsExternally,
     RequiresConfirmation("Sends the message to its recipients")]
    public static async Task<SendReceipt> SendMessage(Message message, WorkspaceOptions options, GuardedHttpClient http, CancellationToken cancellationToken = default)
    {
        var receipt = new SendReceipt(Guid.NewGuid(), DateTimeOffset.UtcNow, 1 + (message.Cc?.Count ?? 0));
        string line = JsonSerializer.Serialize(new OutboxLine(message.To, message.Cc ?? [], message.Subject, message.Body,
            message.Priority.ToString(), receipt.Id, receipt.SentAt), OutboxJson.Default.OutboxLine);
        if (options.Relay is { } relay)
        {
            // The relay is the only host this tool posts to; the guarded client still checks the address it connects to.
            var rule = new DomainRule([relay.IdnHost], AllowHttp: relay.Scheme == Uri.UriSchemeHttp, Ports: [relay.Port]);
            using var content = new StringContent(line, System.Text.Encoding.UTF8, "application/json");
            GuardedHttpResponse response = await http.SendAsync(HttpMethod.Post, relay, rule, content, cancellationToken);
            if ((int)response.StatusCode is < 200 or > 299)
            {
                throw new McpException($"The relay refused the message ({(int)response.StatusCode}).");
            }
            return receipt;
        }
        await File.AppendAllTextAsync(options.Outbox, line + "\n", cancellationToken);
        return receipt;
    }
}

/// <summary>A message to send.</summary>
/// <param name="To">The recipient's address.</param>
/// <param name="Subject">A one-line subject.</param>
/// <param name="Body">The text.</param>
/// <param name="Priority">How urgent it is.</param>
/// <param name="Cc">Further recipients.</param>
public sealed record Message(
    [RegularExpression(@"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"), Destination] string To,
    [StringLength(200, MinimumLength = 1)] string Subject,
    [StringLength(20_000)] string Body,
    Priority Priority = Priority.Normal,
    [MaxItems(10), Destination] IReadOnlyList<string>? Cc = null);

/// <summary>How urgent a message is.</summary>
public enum Priority
{
    Low,
    Normal,
    High,
}

/// <summary>Proof that a message was sent.</summary>
public sealed record SendReceipt(Guid Id, DateTimeOffset SentAt, int Recipients);

/// <summary>A message someone sent.</summary>
/// <param name="From">The sender's address.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Body">The text.</param>
public sealed record InboxMessage(string From, string Subject, string Body);

/// <summary>One outbox record.</summary>
public sealed record OutboxLine(string To, IReadOnlyList<string> Cc, string Subject, string Body, string Priority, Guid Id, DateTimeOffset SentAt);

[System.Text.Json.Serialization.JsonSerializable(typeof(OutboxLine))]
[System.Text.Json.Serialization.JsonSerializable(typeof(InboxMessage))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
internal sealed partial class OutboxJson : System.Text.Json.Serialization.JsonSerializerContext;
