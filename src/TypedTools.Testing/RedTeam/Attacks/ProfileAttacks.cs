using System.Text.Json.Nodes;
using TypedTools.Policy;

namespace TypedTools.Testing.RedTeam.Attacks;

/// <summary>
/// For each workflow profile the server knows (the ready ones and its own), every tool outside it: called with
/// valid arguments while the profile is active (what untrusted text asking for a blocked tool leads to). Each must
/// be refused with <c>policy.tool_not_allowed</c>, and <c>tools/list</c> must not show the tool.
/// </summary>
internal static class ProfileAttacks
{
    public static IEnumerable<AttackCase> Cases(AttackContext context)
    {
        foreach (var profile in context.Kit.Configured.Profiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            foreach (KitTool tool in context.Kit.Tools.Where(t => !profile.Allows(t.Typed.Descriptor)))
            {
                yield return new AttackCase($"{tool.Name}: profile: outside {profile.Name}", tool.Name, AttackKind.Profile,
                    $"{tool.Name} called while the profile '{profile.Name}' is active", [PolicyCodes.ToolNotAllowed],
                    async run =>
                    {
                        if ((await run.Server.ListAsync(run.CancellationToken)).Contains(tool.Name))
                        {
                            return new AttackCall(new JsonObject { ["content"] = new JsonArray(new JsonObject { ["text"] = $"tools/list shows {tool.Name} under {profile.Name}" }) });
                        }
                        return await run.Call(tool.Name, tool.Example is null ? [] : tool.Valid());
                    }, profile: profile.Name);
            }
        }
    }
}
