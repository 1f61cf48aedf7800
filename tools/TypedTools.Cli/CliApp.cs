using System.Globalization;
using System.Text;
using System.Text.Json;
using TypedTools.Audit;
using TypedTools.Audit.Postgres;
using TypedTools.Audit.Sqlite;
using TypedTools.Policy;

namespace TypedTools.Cli;

/// <summary>
/// <c>typedtools audit show|stats|verify LOG</c>, <c>typedtools manifest ASSEMBLY</c>, <c>typedtools diff OLD NEW</c>.
/// Exit codes: 0 success, 1 a broken chain (audit) or a widening change (diff), 2 usage error, 3 unreadable input.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Broken = 1;
    public const int Usage = 2;
    public const int Unreadable = 3;

    private const string Help = """
        typedtools manifest ASSEMBLY [--json]         the policy manifest of a built assembly (read from metadata, nothing runs)
        typedtools diff OLD_ASSEMBLY NEW_ASSEMBLY     what widened between two builds; exit 1 when anything did
        typedtools audit show LOG [--tool T] [--decision allow|deny|pending] [--reason CODE[*]] [--type decision|outcome|recovery]
                                  [--since TIME] [--until TIME] [--request ID] [--limit N] [--json]
        typedtools audit stats LOG [--json]
        typedtools audit verify LOG

        LOG is a JSON Lines log (rotated files beside it are read too), a SQLite database (.db), or a PostgreSQL
        database as an Npgsql connection string ("Host=...;Database=...;Username=...").
        Exit codes: 0 success, 1 a broken chain or a widening change, 2 usage error, 3 unreadable input.
        """;

    /// <summary>Runs a command line.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length >= 2 && args[0] is "manifest" or "diff")
        {
            return Manifest(args, output, error);
        }
        if (args.Length < 3 || args[0] != "audit" || args[1] is not ("show" or "stats" or "verify"))
        {
            error.WriteLine(Help);
            return Usage;
        }
        string log = args[2];
        if (!PostgresAuditReader.IsConnectionString(log) && !File.Exists(log) && AuditLogFiles.InOrder(log).Count == 0)
        {
            error.WriteLine($"typedtools: no audit log at '{log}'.");
            return Unreadable;
        }
        AuditOptions options;
        try
        {
            options = Options(args[1], args[3..]);
        }
        catch (ArgumentException exception)
        {
            error.WriteLine("typedtools: " + exception.Message);
            error.WriteLine(Help);
            return Usage;
        }
        try
        {
            return args[1] switch
            {
                "verify" => Verify(log, output, error),
                "show" => Show(log, options, output, error),
                _ => Stats(log, options, output, error),
            };
        }
        catch (ArgumentException exception)
        {
            error.WriteLine("typedtools: " + exception.Message);
            return Usage;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            error.WriteLine($"typedtools: cannot read '{log}': {exception.Message}");
            return Unreadable;
        }
    }

    private static int Manifest(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            if (args[0] == "manifest" && args.Length is 2 or 3 && (args.Length == 2 || args[2] == "--json"))
            {
                IReadOnlyList<ManifestTool> tools = PolicyManifest.Read(args[1]);
                if (args.Length == 3)
                {
                    output.WriteLine(JsonSerializer.Serialize(tools.Select(t => new Dictionary<string, object?>
                    {
                        ["name"] = t.Name, ["readOnly"] = t.ReadOnly, ["destructive"] = t.Destructive, ["openWorld"] = t.OpenWorld,
                        ["capabilities"] = t.Capabilities, ["confirmation"] = t.Confirmation, ["confirmationWaiver"] = t.ConfirmationWaiver, ["profiles"] = t.Profiles,
                        ["paths"] = t.Paths.Select(p => $"{p.Parameter}:{p.Root}:{p.Access}").ToList(),
                        ["domains"] = t.Domains.Select(d => $"{d.Parameter}:{string.Join(" ", d.Patterns)}{(d.Set is null ? "" : " set:" + d.Set)}").ToList(),
                        ["secrets"] = t.Secrets.ToList(), ["namesDestinations"] = t.NamesDestinations,
                        ["meta"] = t.Meta.Keys.Order(StringComparer.Ordinal).ToList(), ["uiResource"] = t.UiResource,
                    }).ToList(), CliJson.Default.ListDictionaryStringObject));
                }
                else
                {
                    ManifestReport.WriteMarkdown(tools, output);
                }
                return Ok;
            }
            if (args[0] == "diff" && args.Length == 3)
            {
                (List<string> widened, List<string> changed) = ManifestReport.Diff(PolicyManifest.Read(args[1]), PolicyManifest.Read(args[2]));
                foreach (string line in widened)
                {
                    output.WriteLine("WIDENED  " + line);
                }
                foreach (string line in changed)
                {
                    output.WriteLine("changed  " + line);
                }
                output.WriteLine(widened.Count == 0 ? "nothing widened" : $"{widened.Count} widening change(s): a security review is needed");
                return widened.Count == 0 ? Ok : Broken;
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or BadImageFormatException or UnauthorizedAccessException)
        {
            error.WriteLine("typedtools: " + exception.Message);
            return Unreadable;
        }
        error.WriteLine(Help);
        return Usage;
    }

    // What each command takes: an option another command takes, or a value outside its set, is a usage error rather than
    // a filter that silently matches nothing (a mistyped `--decision alow` would otherwise read as "no calls allowed").
    private static readonly Dictionary<string, string[]> s_commandOptions = new(StringComparer.Ordinal)
    {
        ["show"] = ["--json", "--tool", "--decision", "--reason", "--type", "--since", "--until", "--request", "--limit"],
        ["stats"] = ["--json"],
        ["verify"] = [],
    };
    private static readonly HashSet<string> s_flags = ["--json"];
    private static readonly Dictionary<string, string[]> s_choices = new(StringComparer.Ordinal)
    {
        ["--decision"] = ["allow", "deny", "pending"],
        ["--type"] = [AuditRecordTypes.Decision, AuditRecordTypes.Outcome, AuditRecordTypes.Recovery],
    };

    private static AuditOptions Options(string command, string[] args)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        string[] allowed = s_commandOptions[command];
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            bool flag = s_flags.Contains(name);
            if (!allowed.Contains(name) || (!flag && i + 1 >= args.Length))
            {
                throw new ArgumentException($"unknown or incomplete option '{name}' for audit {command}.");
            }
            string? value = flag ? null : args[++i];
            if (!options.TryAdd(name, value))
            {
                throw new ArgumentException($"'{name}' is given twice.");
            }
            if (value is not null && s_choices.TryGetValue(name, out string[]? choices) && !choices.Contains(value))
            {
                throw new ArgumentException($"{name} takes {string.Join(", ", choices)}, not '{value}'.");
            }
        }
        string? limit = options.GetValueOrDefault("--limit");
        return new AuditOptions(
            options.ContainsKey("--json"), options.GetValueOrDefault("--tool"), options.GetValueOrDefault("--decision"),
            options.GetValueOrDefault("--reason"), options.GetValueOrDefault("--type"), options.GetValueOrDefault("--request"),
            Time(options, "--since"), Time(options, "--until"),
            limit is null ? int.MaxValue
                : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out int count) ? count
                : throw new ArgumentException($"--limit takes a number of records (0 or more), not '{limit}'."));
    }

    /// <summary>The options of an audit command, each value checked and parsed once; null (or no limit) where not given.</summary>
    private sealed record AuditOptions(bool Json, string? Tool, string? Decision, string? Reason, string? Type, string? Request,
        DateTimeOffset? Since, DateTimeOffset? Until, int Limit);

    /// <summary>The lines of a log, with progress on stderr for large ones.</summary>
    private static IEnumerable<AuditLine> Lines(string log, TextWriter error)
    {
        if (PostgresAuditReader.IsConnectionString(log))
        {
            return PostgresAuditReader.ReadLines(log);
        }
        if (log.EndsWith(".db", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAuditReader.ReadLines(log);
        }
        long total = AuditLogFiles.InOrder(log).Sum(f => new FileInfo(f).Length);
        return total < 16 * 1024 * 1024 ? AuditLogReader.ReadJsonLines(log) : WithProgress(AuditLogReader.ReadJsonLines(log), total, error);
    }

    // The log's records. A line that is none (a torn final write aside) is skipped and, once the whole log has been read,
    // counted on the error output: an edited log could hide records that way, and `audit verify` names the line.
    private static IEnumerable<AuditEntry> Records(string log, TextWriter error)
    {
        int skipped = 0;
        foreach (AuditLine line in Lines(log, error))
        {
            if (AuditEntry.Parse(line) is { } entry)
            {
                yield return entry;
            }
            else if (!line.Torn)
            {
                skipped++;
            }
        }
        if (skipped > 0)
        {
            error.WriteLine($"typedtools: skipped {skipped} line(s) that are not audit records; typedtools audit verify names the first");
        }
    }

    private static IEnumerable<AuditLine> WithProgress(IEnumerable<AuditLine> lines, long total, TextWriter error)
    {
        long read = 0;
        int reported = 0;
        foreach (AuditLine line in lines)
        {
            read += line.Bytes.Length + 1;
            int percent = (int)(read * 100 / total);
            if (percent >= reported + 10)
            {
                reported = percent - percent % 10;
                error.WriteLine($"typedtools: read {reported}% of {total / (1024 * 1024)} MiB");
            }
            yield return line;
        }
    }

    /// <summary>A central log holds one chain per writer: each is verified from its start (genesis, or its retention anchor).</summary>
    private static int VerifyChains(IReadOnlyList<PostgresAuditChain> chains, TextWriter output)
    {
        long records = 0;
        foreach (PostgresAuditChain chain in chains)
        {
            AuditVerification result = AuditVerifier.Verify(chain.Lines, chain.StartHash);
            if (!result.Valid)
            {
                output.WriteLine($"BROKEN in chain {chain.Chain} after {result.Records} good records: record {result.ProblemLine!.Number}: {result.Problem}");
                return Broken;
            }
            records += result.Records;
        }
        output.WriteLine($"OK: {records} records in {chains.Count} chain(s), hash chains intact.");
        return 0;
    }

    private static int Verify(string log, TextWriter output, TextWriter error)
    {
        if (PostgresAuditReader.IsConnectionString(log))
        {
            int verdict = VerifyChains(PostgresAuditReader.ReadChains(log), output);
            if (verdict == 0 && PostgresAuditReader.ColumnMismatches(log).FirstOrDefault() is { Seq: > 0 } edited)
            {
                output.WriteLine($"BROKEN: row {edited.Seq}: the column '{edited.Column}' does not match the chained record (the row was edited)");
                return Broken;
            }
            return verdict;
        }
        AuditVerification result = AuditVerifier.Verify(Lines(log, error));
        if (result.Valid && log.EndsWith(".db", StringComparison.OrdinalIgnoreCase) &&
            SqliteAuditReader.ColumnMismatches(log).FirstOrDefault() is { Seq: > 0 } mismatch)
        {
            output.WriteLine($"BROKEN: {log} row {mismatch.Seq}: the column '{mismatch.Column}' does not match the chained record (the row was edited)");
            return Broken;
        }
        if (!result.Valid)
        {
            output.WriteLine($"BROKEN after {result.Records} good records: {result.ProblemLine!.Source}:{result.ProblemLine.Number}: {result.Problem}");
            return Broken;
        }
        output.WriteLine($"OK: {result.Records} records, hash chain intact.");
        if (result.TornFinalLine is { } torn)
        {
            output.WriteLine($"note: a torn final line ({torn.Bytes.Length} bytes) at {torn.Source}:{torn.Number}: an interrupted write, not a record.");
        }
        return Ok;
    }

    private static int Show(string log, AuditOptions options, TextWriter output, TextWriter error)
    {
        string? reason = options.Reason;
        IEnumerable<AuditEntry> entries = Records(log, error).Where(e =>
            Matches(options.Tool, e.Tool) && Matches(options.Decision, e.Decision) && Matches(options.Type, e.Type) &&
            Matches(options.Request, e.RequestId) &&
            (reason is null || (reason.EndsWith('*') ? e.Reason?.StartsWith(reason[..^1], StringComparison.Ordinal) == true : e.Reason == reason)) &&
            (options.Since is null || e.Timestamp >= options.Since) && (options.Until is null || e.Timestamp <= options.Until)).Take(options.Limit);

        if (options.Json)
        {
            foreach (AuditEntry entry in entries)
            {
                output.WriteLine(Encoding.UTF8.GetString(entry.Line.Bytes));
            }
            return Ok;
        }
        output.WriteLine($"{"time (UTC)",-24} {"tool",-16} {"type",-9} {"decision",-8} {"reason",-30} {"status",-9} {"confirm",-12} {"ms",8}  request");
        foreach (AuditEntry e in entries)
        {
            output.WriteLine($"{e.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}  {Cut(e.Tool, 16),-16} {e.Type,-9} {e.Decision ?? "",-8} {Cut(e.Reason ?? "", 30),-30} " +
                             $"{e.Status ?? "",-9} {e.Confirmation ?? "",-12} {e.DurationMs?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",8}  {e.RequestId}");
        }
        return Ok;
    }

    private static int Stats(string log, AuditOptions options, TextWriter output, TextWriter error)
    {
        List<AuditEntry> entries = Records(log, error).ToList();
        AuditStats stats = AuditStats.From(entries);
        if (options.Json)
        {
            output.WriteLine(stats.ToJson());
            return Ok;
        }
        stats.WriteText(output);
        return Ok;
    }

    private static bool Matches(string? wanted, string? value) => wanted is null || string.Equals(wanted, value, StringComparison.Ordinal);

    private static DateTimeOffset? Time(Dictionary<string, string?> options, string name) =>
        options.TryGetValue(name, out string? text) && text is not null
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time) ? time
                : throw new ArgumentException($"{name} needs a time such as 2026-11-24T08:00:00Z.")
            : null;

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}

[System.Text.Json.Serialization.JsonSerializable(typeof(List<Dictionary<string, object?>>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class CliJson : System.Text.Json.Serialization.JsonSerializerContext;
