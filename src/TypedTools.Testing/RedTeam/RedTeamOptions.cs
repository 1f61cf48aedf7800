using Microsoft.Extensions.DependencyInjection;
using TypedTools.Policy;

namespace TypedTools.Testing.RedTeam;

/// <summary>How the kit starts the server it attacks.</summary>
public sealed class RedTeamOptions
{
    /// <summary>The tools' own dependencies (what the server's Program registers besides TypedTools).</summary>
    public Action<IServiceCollection>? Services { get; set; }

    /// <summary>
    /// The server's policy, as its Program configures it. The kit then points every path root the tools name at its
    /// attack tree (with a 1 KiB read cap), adds <see cref="AllowedHost"/> to every domain set the tools name that this
    /// leaves empty, answers every DNS lookup with a loopback address (nothing leaves the machine), keeps the audit in
    /// memory and seals confirmations with its own key.
    /// </summary>
    public Action<TypedToolsOptions>? Policy { get; set; }

    /// <summary>
    /// Valid arguments (JSON) per tool name, for tools whose schema the kit cannot satisfy by itself (a pattern it
    /// cannot guess) or where a particular valid call matters. Path and URL parameters are replaced by the kit's own.
    /// </summary>
    public IDictionary<string, string> Examples { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The host the kit puts into domain sets the policy leaves empty (default <c>allowed.example</c>).</summary>
    public string AllowedHost { get; set; } = "allowed.example";

    /// <summary>Where each case's outcome is written (for example xunit's <c>TestContext.Current.TestOutputHelper.WriteLine</c>).</summary>
    public Action<string>? Log { get; set; }
}
