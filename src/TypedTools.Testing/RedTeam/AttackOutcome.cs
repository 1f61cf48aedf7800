namespace TypedTools.Testing.RedTeam;

/// <summary>How an attack ended.</summary>
public enum AttackVerdict
{
    /// <summary>Refused, with an expected code, and the refusal is in the audit log.</summary>
    Denied,
    /// <summary>The call ran: the attack got through.</summary>
    Allowed,
    /// <summary>Refused, but by another check than the one attacked (the attacked one let it through), or not audited.</summary>
    WrongReason,
    /// <summary>The server or the kit failed: an exception, a protocol error, a refusal without a code.</summary>
    Crashed,
}

/// <summary>The result of one <see cref="AttackCase"/>.</summary>
/// <param name="Case">The case.</param>
/// <param name="Verdict">How it ended.</param>
/// <param name="Code">The refusal's code, when refused.</param>
/// <param name="Detail">The refusal's message, or what went wrong.</param>
public sealed record AttackOutcome(AttackCase Case, AttackVerdict Verdict, string? Code, string Detail)
{
    /// <summary>Whether the attack was stopped where it should have been.</summary>
    public bool Passed => Verdict == AttackVerdict.Denied;

    /// <inheritdoc />
    public override string ToString() => $"{Case.Name}: {Verdict}{(Code is null ? "" : $" ({Code})")}: {Detail}";
}

/// <summary>An attack that was not denied as it must be.</summary>
public sealed class RedTeamFailure(AttackOutcome outcome) : Exception(
    $"{outcome}\n  attack: {outcome.Case.Description}\n  expected a refusal with {string.Join(" or ", outcome.Case.ExpectedCodes)}")
{
    /// <summary>The outcome.</summary>
    public AttackOutcome Outcome { get; } = outcome;
}
