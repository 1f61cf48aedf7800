using System.Globalization;
using System.Text.Json;

namespace TypedTools.Cli;

/// <summary>
/// The operational signals the security guidance names, computed from a log: denials by reason, the share of
/// calls that required confirmation and how those ended, the unexpected-argument rejection rate per tool, errors
/// by tool and role, write-ahead persistence latency, and a warning when recent denials spike against the log's
/// own baseline.
/// </summary>
public sealed record AuditStats(
    int Calls,
    int Allowed,
    int Denied,
    IReadOnlyDictionary<string, int> DenialsByReason,
    int RequiringConfirmation,
    IReadOnlyDictionary<string, int> ConfirmationOutcomes,
    IReadOnlyDictionary<string, (int Calls, int Unexpected)> UnexpectedArgumentsByTool,
    IReadOnlyDictionary<string, int> ErrorsByToolAndRole,
    double? PersistP50,
    double? PersistP99,
    string? SpikeWarning)
{
    /// <summary>Computes the statistics. A call is a decision record that allowed or denied; a confirmation question on its way is not one.</summary>
    public static AuditStats From(IReadOnlyList<AuditEntry> entries)
    {
        var decisions = entries.Where(e => e.Type == "decision" && e.Decision is "allow" or "deny").ToList();
        var roles = decisions.Where(e => e.Decision == "allow").GroupBy(e => e.RequestId).ToDictionary(g => g.Key, g => g.First().Role ?? "-");
        var outcomes = entries.Where(e => e.Type == "outcome").ToList();
        var latencies = outcomes.Where(e => e.AuditMs is not null).Select(e => e.AuditMs!.Value).Order().ToList();

        return new AuditStats(
            decisions.Count,
            decisions.Count(e => e.Decision == "allow"),
            decisions.Count(e => e.Decision == "deny"),
            // Refusals at the time of use (a guarded helper inside an allowed call) count as denials too.
            decisions.Where(e => e.Decision == "deny").Concat(outcomes.Where(e => e.Status == "denied"))
                .GroupBy(e => e.Reason ?? "?").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            decisions.Count(e => e.Confirmation is not (null or "not_required")),
            decisions.Where(e => e.Confirmation is not (null or "not_required")).GroupBy(e => e.Confirmation!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            decisions.GroupBy(e => e.Tool).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (g.Count(), g.Count(e => e.Reason == "argument.unknown_field"))),
            outcomes.Where(e => e.Status == "error").GroupBy(e => e.Tool + " / " + roles.GetValueOrDefault(e.RequestId, "-"))
                .OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            Spike(decisions));
    }

    /// <summary>Denials in the latest fifth of the calls against the rate before them: at least twice, and at least five.</summary>
    private static string? Spike(List<AuditEntry> decisions)
    {
        if (decisions.Count < 20)
        {
            return null;
        }
        int split = decisions.Count * 4 / 5;
        var baseline = decisions.Take(split).ToList();
        var recent = decisions.Skip(split).ToList();
        double before = baseline.Count(e => e.Decision == "deny") / (double)baseline.Count;
        int recentDenials = recent.Count(e => e.Decision == "deny");
        double now = recentDenials / (double)recent.Count;
        return recentDenials >= 5 && now >= 2 * before && now > before
            ? $"denials spiked: {now:P0} of the latest {recent.Count} calls against {before:P0} before them"
            : null;
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>A readable report.</summary>
    public void WriteText(TextWriter output)
    {
        output.WriteLine($"calls: {Calls} ({Allowed} allowed, {Denied} denied)");
        output.WriteLine("denials by reason:");
        foreach ((string reason, int count) in DenialsByReason)
        {
            output.WriteLine($"  {reason,-36} {count,6}");
        }
        output.WriteLine($"required confirmation: {RequiringConfirmation} of {Calls} ({Share(RequiringConfirmation, Calls)})" +
                         (ConfirmationOutcomes.Count > 0 ? ": " + string.Join(", ", ConfirmationOutcomes.Select(o => $"{o.Key} {o.Value}")) : ""));
        output.WriteLine("unexpected-argument rejections by tool:");
        foreach ((string tool, (int calls, int unexpected)) in UnexpectedArgumentsByTool)
        {
            output.WriteLine($"  {tool,-24} {unexpected,5} of {calls,6} ({Share(unexpected, calls)})");
        }
        output.WriteLine("errors by tool / role:" + (ErrorsByToolAndRole.Count == 0 ? " none" : ""));
        foreach ((string key, int count) in ErrorsByToolAndRole)
        {
            output.WriteLine($"  {key,-36} {count,6}");
        }
        output.WriteLine(PersistP50 is null ? "write-ahead persistence: no allowed calls" :
            $"write-ahead persistence: p50 {PersistP50.Value.ToString("0.###", CultureInfo.InvariantCulture)} ms, p99 {PersistP99!.Value.ToString("0.###", CultureInfo.InvariantCulture)} ms");
        if (SpikeWarning is not null)
        {
            output.WriteLine("WARNING: " + SpikeWarning);
        }
    }

    /// <summary>The same as JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("calls", Calls);
            writer.WriteNumber("allowed", Allowed);
            writer.WriteNumber("denied", Denied);
            Map(writer, "denialsByReason", DenialsByReason);
            writer.WriteNumber("requiringConfirmation", RequiringConfirmation);
            Map(writer, "confirmationOutcomes", ConfirmationOutcomes);
            writer.WriteStartObject("unexpectedArgumentsByTool");
            foreach ((string tool, (int calls, int unexpected)) in UnexpectedArgumentsByTool)
            {
                writer.WriteStartObject(tool);
                writer.WriteNumber("calls", calls);
                writer.WriteNumber("unexpected", unexpected);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            Map(writer, "errorsByToolAndRole", ErrorsByToolAndRole);
            if (PersistP50 is { } p50)
            {
                writer.WriteNumber("persistP50Ms", p50);
                writer.WriteNumber("persistP99Ms", PersistP99!.Value);
            }
            if (SpikeWarning is not null)
            {
                writer.WriteString("spikeWarning", SpikeWarning);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Map(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, int> values)
    {
        writer.WriteStartObject(name);
        foreach ((string key, int value) in values)
        {
            writer.WriteNumber(key, value);
        }
        writer.WriteEndObject();
    }

    private static string Share(int part, int whole) => whole == 0 ? "0%" : (part / (double)whole).ToString("P1", CultureInfo.InvariantCulture);
}
