namespace Workspace.Server;

/// <summary>The server's configuration, from its command line.</summary>
public sealed class WorkspaceOptions
{
    /// <summary>The directory the file tools work in.</summary>
    public required string Workspace { get; init; }

    /// <summary>Where send_message delivers (a JSON Lines file); the stand-in for e-mail or chat.</summary>
    public required string Outbox { get; init; }

    /// <summary>Messages others sent (a JSON Lines file of from/subject/body) that read_inbox returns; untrusted content.</summary>
    public string? Inbox { get; init; }

    /// <summary>The workflow profile (research-summary, issue-triage, local-code-audit), or null for all tools.</summary>
    public string? Profile { get; init; }

    /// <summary>Where send_message may send after private data was read (addresses, *@domain).</summary>
    public IReadOnlyList<string> ApprovedDestinations { get; init; } = [];

    /// <summary>An HTTP relay send_message posts to instead of the outbox file (a stand-in for a mail or chat API).</summary>
    public Uri? Relay { get; init; }

    /// <summary>Non-public networks the guarded HTTP client may nevertheless reach (for a relay on this machine).</summary>
    public IReadOnlyList<System.Net.IPNetwork> PrivateNetworks { get; init; } = [];

    /// <summary>The audit logs: .jsonl files (JSON Lines) and .db files (SQLite), each complete; none for log events only.</summary>
    public IReadOnlyList<string> Audit { get; init; } = [];

    /// <summary>Host names fetch_page may reach.</summary>
    public IReadOnlyList<string> AllowedDomains { get; init; } = [];

    /// <summary>Parses the command line; returns null and an error text when it is wrong.</summary>
    public static WorkspaceOptions? Parse(string[] args, out string? error)
    {
        string? workspace = null, outbox = null, profile = null, inbox = null;
        var audits = new List<string>();
        Uri? relay = null;
        var networks = new List<System.Net.IPNetwork>();
        var domains = new List<string>();
        var approved = new List<string>();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--workspace":
                    workspace = Next();
                    break;
                case "--outbox":
                    outbox = Next();
                    break;
                case "--inbox":
                    inbox = Next();
                    break;
                case "--allow-domain":
                    if (Next() is { } domain)
                    {
                        domains.Add(domain.ToLowerInvariant());
                    }
                    break;
                case "--approve-destination":
                    if (Next() is { } destination)
                    {
                        approved.Add(destination);
                    }
                    break;
                case "--relay":
                    if (!Uri.TryCreate(Next(), UriKind.Absolute, out relay) || (relay.Scheme != Uri.UriSchemeHttps && relay.Scheme != Uri.UriSchemeHttp))
                    {
                        error = "--relay needs an absolute http(s) URL.";
                        return null;
                    }
                    break;
                case "--allow-private-network":
                    if (!System.Net.IPNetwork.TryParse(Next(), out System.Net.IPNetwork network))
                    {
                        error = "--allow-private-network needs a CIDR range such as 127.0.0.0/8.";
                        return null;
                    }
                    networks.Add(network);
                    break;
                case "--profile":
                    profile = Next();
                    if (string.IsNullOrEmpty(profile))
                    {
                        error = "--profile needs a profile name.";
                        return null;
                    }
                    break;
                case "--audit":
                    string? audit = Next();
                    if (string.IsNullOrEmpty(audit) || !(audit.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || audit.EndsWith(".db", StringComparison.OrdinalIgnoreCase)))
                    {
                        error = "--audit needs a file ending in .jsonl (JSON Lines) or .db (SQLite).";
                        return null;
                    }
                    audits.Add(Path.GetFullPath(audit));
                    break;
                default:
                    error = $"Unknown option '{args[i]}'. Options: --workspace DIR, --outbox FILE, --inbox FILE, --allow-domain HOST (repeatable), --approve-destination PATTERN (repeatable), --relay URL, --allow-private-network CIDR (repeatable), --profile NAME, --audit FILE.jsonl|FILE.db (repeatable).";
                    return null;
            }
        }
        if (audits.Count(a => a.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)) > 1)
        {
            error = "--audit takes one JSON Lines file (and any number of SQLite files).";
            return null;
        }
        if (string.IsNullOrEmpty(workspace) || !Directory.Exists(workspace))
        {
            error = "--workspace DIR is required and must be an existing directory.";
            return null;
        }
        return new WorkspaceOptions
        {
            Workspace = Path.GetFullPath(workspace),
            Outbox = Path.GetFullPath(outbox ?? Path.Combine(Path.GetTempPath(), "typedtools-outbox.jsonl")),
            AllowedDomains = domains,
            Profile = profile,
            ApprovedDestinations = approved,
            Relay = relay,
            Inbox = inbox is null ? null : Path.GetFullPath(inbox),
            Audit = audits,
            PrivateNetworks = networks,
        };
    }
}
