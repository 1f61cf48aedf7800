using System.Text.Json;
using System.Text.Json.Nodes;
using TypedTools.Policy.Confirmation;

namespace TypedTools.Testing.RedTeam.Attacks;

/// <summary>
/// Each confirmed tool, called without a genuine confirmation for exactly this call: with no one to ask, declined,
/// cancelled, accepted without ticking the box, with a forged state, with an answer but no state, with a genuine
/// state replayed after its one use, with a genuine state for other arguments or for another tool, and with a
/// genuine state after it expired. Each must be refused with a confirmation code, and nothing runs.
/// </summary>
internal static class ConfirmationAttacks
{
    public static IEnumerable<AttackCase> Cases(AttackContext context)
    {
        KitTool[] confirmed = [.. context.Callable.Where(t => t.Manifest.Confirmation)];
        foreach (KitTool tool in confirmed)
        {
            foreach ((string label, Person person) in new[] { ("no one to ask", Person.Absent), ("declined", Person.Declines), ("cancelled", Person.Cancels),
                         ("accepted without ticking", Person.AcceptsUnticked) })
            {
                yield return Case(tool, label, $"{tool.Name} called by a client whose person is: {label}", run => run.Call(tool.Name, tool.Valid()), person);
            }
            yield return Case(tool, "forged state", $"{tool.Name} with an accepting answer and a made-up sealed state",
                run => run.Send(Answer(tool.Name, tool.Valid(), "v1.eyJ0b29sIjoiYSJ9.Zm9yZ2Vk")));
            yield return Case(tool, "answer without a state", $"{tool.Name} with an accepting answer and no state",
                run => run.Send(Answer(tool.Name, tool.Valid(), null)));
            yield return Case(tool, "replayed state", $"{tool.Name} confirmed genuinely once, then the same state and answer sent again",
                async run =>
                {
                    string state = GenuineState(run, tool, tool.Valid());
                    AttackCall first = await run.Send(Answer(tool.Name, tool.Valid(), state));
                    if (first.Result?["isError"]?.GetValue<bool>() == true)
                    {
                        return new AttackCall(null, "the genuine confirmed call was refused, so a replay proves nothing: " + first.Result.ToJsonString());
                    }
                    return await run.Send(Answer(tool.Name, tool.Valid(), state));
                });
            yield return Case(tool, "expired state", $"{tool.Name} with a genuine state sent after it expired (the kit's clock moves past its expiry)",
                async run =>
                {
                    string state = GenuineState(run, tool, tool.Valid(), TimeSpan.FromMinutes(5));
                    run.Server.Clock.Advance(TimeSpan.FromMinutes(6));
                    return await run.Send(Answer(tool.Name, tool.Valid(), state));
                });
            if (OtherArguments(tool) is { } other)
            {
                yield return Case(tool, "state for other arguments", $"{tool.Name} with a genuine state for its example arguments, sent with {Shorten(other.ToJsonString())}",
                    run => run.Send(Answer(tool.Name, (JsonObject)other.DeepClone(), GenuineState(run, tool, tool.Valid()))));
            }
            if (confirmed.FirstOrDefault(t => t != tool) is { } another)
            {
                yield return Case(tool, $"state for another tool ({another.Name})", $"{tool.Name} with a genuine state obtained for {another.Name}",
                    run => run.Send(Answer(tool.Name, tool.Valid(), GenuineState(run, another, another.Valid()))));
            }
        }
    }

    private static AttackCase Case(KitTool tool, string label, string description, Func<AttackRun, Task<AttackCall>> execute, Person person = Person.Accepts) =>
        new($"{tool.Name}: confirmation: {label}", tool.Name, AttackKind.Confirmation, description, ["policy.confirmation_*"], execute, isolated: true, person: person);

    /// <summary>
    /// A state exactly as the server hands one out when it asks for a confirmation (multi-round-trip flow): sealed with the
    /// server's key (the kit configured it), bound to the tool and the hash of its canonical arguments, single-use.
    /// The replay case proves it genuine: its first use runs the tool.
    /// </summary>
    private static string GenuineState(AttackRun run, KitTool tool, JsonObject arguments, TimeSpan? expiresIn = null)
    {
        if (tool.Validate(arguments, out ReadOnlyMemory<byte> canonical).Count > 0)
        {
            throw new InvalidOperationException($"The arguments for {tool.Name}'s state are not valid.");
        }
        var state = new ConfirmationState(tool.Name, ConfirmationSeal.HashArguments(tool.Name, canonical.Span), "", Guid.NewGuid().ToString("N"),
            run.Server.Clock.GetUtcNow() + (expiresIn ?? TimeSpan.FromMinutes(5)));
        return new ConfirmationSeal(run.Kit.ConfirmationKey).Seal(state);
    }

    private static JsonObject Answer(string tool, JsonObject arguments, string? state)
    {
        var parameters = new JsonObject
        {
            ["name"] = tool,
            ["arguments"] = arguments,
            ["inputResponses"] = new JsonObject
            {
                [ConfirmationGate.Key] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { [ConfirmationGate.Key] = true } },
            },
        };
        if (state is not null)
        {
            parameters["requestState"] = state;
        }
        return parameters;
    }

    /// <summary>The example with one string changed so that it is still valid: a different call of the same tool.</summary>
    private static JsonObject? OtherArguments(KitTool tool)
    {
        foreach (string path in StringLeaves(tool.Example!, ""))
        {
            foreach (Func<string, string> change in new Func<string, string>[] { s => s + "x", s => "x" + s, s => s.Replace(RedTeamKit.DecoyName, "kit-other.txt"), _ => "b" })
            {
                JsonObject candidate = tool.Valid();
                JsonNode parent = path.Contains('.') ? Navigate(candidate, path[..path.LastIndexOf('.')]) : candidate;
                string key = path[(path.LastIndexOf('.') + 1)..];
                string value = parent[key]!.GetValue<string>();
                string changed = change(value);
                if (changed == value)
                {
                    continue;
                }
                parent[key] = changed;
                if (tool.Validate(candidate, out _).Count == 0)
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static IEnumerable<string> StringLeaves(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.SelectMany(p => StringLeaves(p.Value, path.Length == 0 ? p.Key : path + "." + p.Key)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [path],
        _ => [],
    };

    private static JsonNode Navigate(JsonNode root, string path) => path.Split('.').Aggregate(root, (node, part) => node[part]!);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
