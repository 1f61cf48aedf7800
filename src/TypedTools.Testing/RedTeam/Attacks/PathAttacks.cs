using System.Text.Json.Nodes;

namespace TypedTools.Testing.RedTeam.Attacks;

/// <summary>
/// Every path class of attacks.md against each <c>[AllowedPath]</c> parameter, on the kit's real attack tree:
/// traversal, absolute and prefix-confused paths, encodings, separators, links out (file, middle directory, chain,
/// dangling, loop, a target climbing out of a missing directory), a hard link to a file outside, special files, control and invisible characters, Windows forms,
/// Unicode look-alikes, home and variables; for reads an oversized file; for writes and deletes protected
/// locations and the root itself. Each must be refused with a path code.
/// </summary>
internal static class PathAttacks
{
    private const string Any = "*";

    // (class, input, the access levels it attacks). {root}, {base} and {outside} are the attack tree's real paths.
    private static readonly (string Class, string Input, string Access)[] s_catalogue =
    [
        ("traversal", "../outside/secret.txt", Any),
        ("traversal", "sub/../../outside/secret.txt", Any),
        ("traversal", "../../../../../../../../../../etc/passwd", Any),
        ("absolute", "/etc/passwd", Any),
        ("absolute", "{outside}/secret.txt", Any),
        ("absolute", "/proc/self/environ", Any),
        ("absolute", "/dev/fd/0", Any),
        ("prefix", "{base}/ws-evil/x.txt", Any),
        ("prefix", "{root}2/x.txt", Any),
        ("encoding", "%2e%2e/outside/secret.txt", Any),
        ("encoding", "..%2foutside%2fsecret.txt", Any),
        ("encoding", "%252e%252e%252foutside", Any),
        ("separator", "..\\outside\\secret.txt", Any),
        ("separator", "//server/share/x", Any),
        ("separator", "sub//../../outside/secret.txt", Any),
        ("link", "link-out/secret.txt", Any),
        ("link", "link-file-out", Any),
        ("link", "chain1", Any),
        ("link", "dangling", Any),
        ("link", "loop1", Any),
        ("link", "climb", Any),
        ("link", "link-out/new/file.txt", "Write"),
        ("hard-link", "hard.txt", Any),
        ("special", "fifo", Any),
        ("special", "sock", Any),
        ("control", "notes.txt\0../../outside/secret.txt", Any),
        ("control", "notes\n.txt", Any),
        ("control", "report\u202Etxt.exe", Any),
        ("control", "zero\u200Bwidth.txt", Any),
        ("windows", "C:/Windows/win.ini", Any),
        ("windows", "\\\\host\\share\\x", Any),
        ("windows", "\\\\?\\C:\\x", Any),
        ("windows", "CON", Any),
        ("windows", "nul.txt", Any),
        ("windows", "notes.txt::$DATA", Any),
        ("windows", "notes.txt.", Any),
        ("unicode", "\uff0e\uff0e\uff0foutside\uff0fsecret.txt", Any),
        ("unicode", "..\u2215outside\u2215secret.txt", Any),
        ("home", "~/.ssh/id_rsa", Any),
        ("variable", "$HOME/.ssh/id_rsa", Any),
        ("variable", "%USERPROFILE%\\x", Any),
        ("size", "big.bin", "Read"),
        ("protected", ".git/config", "Write,Delete"),
        ("protected", "cfg-link", "Write,Delete"),
        ("protected", ".env", "Write,Delete"),
        ("protected", "mcp.json", "Write,Delete"),
        ("protected", ".github/workflows/ci.yml", "Write,Delete"),
        ("root", ".", "Write,Delete"),
        ("root", "{root}", "Write,Delete"),
    ];

    public static IEnumerable<AttackCase> Cases(AttackContext context)
    {
        foreach (KitTool tool in context.Callable)
        {
            foreach ((string parameter, string root, string access) in tool.Manifest.Paths)
            {
                foreach ((string kind, string input, string applies) in s_catalogue)
                {
                    if (applies != Any && !applies.Split(',').Contains(access))
                    {
                        continue;
                    }
                    string text = input.Replace("{root}", context.Kit.Tree.Root).Replace("{base}", context.Kit.Tree.Base).Replace("{outside}", context.Kit.Tree.Outside);
                    string shown = Text.Visible(input);
                    yield return new AttackCase($"{tool.Name}: path {parameter}: {kind}: {shown}", tool.Name, AttackKind.Path,
                        $"{tool.Name} with {parameter} = \"{shown}\" ({access} access in root '{root}'), the rest valid", ["policy.path_*"],
                        run =>
                        {
                            JsonObject arguments = tool.Valid();
                            RedTeamKit.Set(arguments, parameter, text);
                            return run.Call(tool.Name, arguments);
                        });
                }
            }
        }
    }
}
