using System.Text.Json.Nodes;
using TypedTools.Policy;

namespace TypedTools.Testing.RedTeam.Attacks;

/// <summary>
/// The chains the built-in flow rules exist to stop, built from the server's own tools: private data read, then a
/// send to a destination that is not approved (refused as exfiltration); untrusted content read, then a destructive
/// or sending tool that is not otherwise confirmed, by a client that cannot confirm (refused for want of a
/// confirmation). A server's own rules (<c>Flow.Rules</c>) know their chains; the kit cannot guess them.
/// </summary>
internal static class FlowAttacks
{
    public static IEnumerable<AttackCase> Cases(AttackContext context)
    {
        KitTool[] tools = [.. context.Callable];
        KitTool? privateReader = tools.FirstOrDefault(t => t.Manifest.Capabilities.Contains(nameof(ToolCapabilities.ReadsPrivateData)) && !t.Manifest.Confirmation);
        KitTool? untrusted = tools.FirstOrDefault(t => t.Manifest.Capabilities.Contains(nameof(ToolCapabilities.ReturnsUntrustedContent)) && !t.Manifest.Confirmation
            && t.Manifest.Domains.Count == 0);
        foreach (KitTool sender in tools.Where(t => t.Manifest.Capabilities.Contains(nameof(ToolCapabilities.SendsExternally))))
        {
            if (privateReader is not null)
            {
                yield return new AttackCase($"{sender.Name}: flow: after {privateReader.Name}", sender.Name, AttackKind.Flow,
                    $"{privateReader.Name} (private data) and then {sender.Name} to its example destination, which is not approved", [PolicyCodes.FlowExfiltration],
                    async run =>
                    {
                        AttackCall read = await run.Call(privateReader.Name, privateReader.Valid());
                        return read.Result?["isError"]?.GetValue<bool>() == true
                            ? new AttackCall(null, $"the chain could not start: {privateReader.Name} was refused: {read.Result.ToJsonString()}")
                            : await run.Call(sender.Name, sender.Valid());
                    }, isolated: true);
            }
        }
        if (untrusted is null)
        {
            yield break;
        }
        foreach (KitTool risky in tools.Where(t => !t.Manifest.Confirmation && (t.Manifest.Destructive || t.Manifest.Capabilities.Contains(nameof(ToolCapabilities.SendsExternally)))))
        {
            yield return new AttackCase($"{risky.Name}: flow: after {untrusted.Name}", risky.Name, AttackKind.Flow,
                $"{untrusted.Name} (untrusted content) and then {risky.Name}, which must now be confirmed, by a client that cannot confirm",
                ["policy.confirmation_*", PolicyCodes.FlowExfiltration],
                async run =>
                {
                    AttackCall read = await run.Call(untrusted.Name, untrusted.Valid());
                    return read.Result?["isError"]?.GetValue<bool>() == true
                        ? new AttackCall(null, $"the chain could not start: {untrusted.Name} was refused: {read.Result.ToJsonString()}")
                        : await run.Call(risky.Name, risky.Valid());
                }, isolated: true, person: Person.Absent);
        }
    }
}
