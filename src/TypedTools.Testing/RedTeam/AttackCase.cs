using System.Text.Json.Nodes;

namespace TypedTools.Testing.RedTeam;

/// <summary>What an attack goes after.</summary>
public enum AttackKind
{
    /// <summary>A path argument outside what its root and access level allow.</summary>
    Path,
    /// <summary>A URL argument off its allowlist, or disguised.</summary>
    Domain,
    /// <summary>A malformed arguments object.</summary>
    Arguments,
    /// <summary>A confirmed tool run without a genuine, matching confirmation.</summary>
    Confirmation,
    /// <summary>A tool outside the active workflow profile.</summary>
    Profile,
    /// <summary>The chain of calls a flow rule exists to stop.</summary>
    Flow,
}

/// <summary>One attack on one tool. The kit runs it against a fresh or shared in-memory server and judges the result.</summary>
public sealed class AttackCase
{
    internal AttackCase(string name, string tool, AttackKind kind, string description, IReadOnlyList<string> expectedCodes, Func<AttackRun, Task<AttackCall>> execute,
        bool isolated = false, string? profile = null, Person person = Person.Accepts)
    {
        Name = name;
        Tool = tool;
        Kind = kind;
        Description = description;
        ExpectedCodes = expectedCodes;
        Execute = execute;
        Isolated = isolated;
        Profile = profile;
        Person = person;
    }

    /// <summary>A unique, readable name: <c>tool: kind: what</c>.</summary>
    public string Name { get; }

    /// <summary>The tool attacked.</summary>
    public string Tool { get; }

    /// <summary>What is attacked.</summary>
    public AttackKind Kind { get; }

    /// <summary>What the case sends and why it must be refused.</summary>
    public string Description { get; }

    /// <summary>
    /// The refusal codes that prove the right check stopped it (a code ending in <c>*</c> is a prefix). A refusal for
    /// another reason fails: it means the check under attack let the call through and something later stopped it.
    /// </summary>
    public IReadOnlyList<string> ExpectedCodes { get; }

    internal Func<AttackRun, Task<AttackCall>> Execute { get; }

    /// <summary>Whether the case needs a server of its own (state across calls: confirmations, flow sessions).</summary>
    internal bool Isolated { get; }

    /// <summary>The workflow profile the server runs with, for profile cases.</summary>
    internal string? Profile { get; }

    /// <summary>Who answers confirmation questions at the client.</summary>
    internal Person Person { get; }

    internal bool Expects(string code) =>
        ExpectedCodes.Any(e => e.EndsWith('*') ? code.StartsWith(e[..^1], StringComparison.Ordinal) : code == e);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The call a case's verdict is about: the tool's result, as the client received it.</summary>
internal sealed record AttackCall(JsonObject? Result, string? Note = null);
