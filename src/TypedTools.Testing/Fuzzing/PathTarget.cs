using Microsoft.Extensions.Options;
using TypedTools.Policy;
using TypedTools.Policy.Paths;
using TypedTools.Testing.Models;
using TypedTools.Testing.Paths;

namespace TypedTools.Testing.Fuzzing;

/// <summary>
/// Fuzzes the path check against a real <see cref="AttackTree"/>. The first byte picks the access level (and the
/// text encoding), the rest is the path. Invariants: a refusal is a documented path code; anything allowed
/// satisfies <see cref="PathModel"/>. Checks only look at the disk, so a run changes nothing.
/// </summary>
public sealed class PathTarget : IFuzzTarget, IDisposable
{
    private static readonly PathAccess[] s_access = [PathAccess.Read, PathAccess.Write, PathAccess.Delete];

    private readonly AttackTree _tree = new();
    private readonly PathGuard _guard;
    private readonly PathRootOptions _options;

    /// <summary>Builds the tree and a policy whose root "ws" is configured through a link, with a 1 KiB read cap.</summary>
    public PathTarget()
    {
        ToolPolicy policy = new(Options.Create(new TypedToolsOptions().AddRoot("ws", _tree.RootLink, o => o.MaxFileSize = 1024)));
        _guard = policy.Paths;
        _options = _guard.Root("ws").Options;
    }

    /// <inheritdoc />
    public string Name => "path";

    /// <inheritdoc />
    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0)
        {
            return;
        }
        PathAccess access = s_access[(input[0] & 0x7f) % s_access.Length];
        string path = FuzzText.Decode(input[0], input[1..]);
        string allowed;
        try
        {
            allowed = _guard.Check("ws", path, access);
        }
        catch (PolicyDeniedException denied) when (denied.Denial.Code.StartsWith("policy.path_", StringComparison.Ordinal))
        {
            return;
        }
        if (PathModel.Objection(_tree.Root, allowed, access, _options) is { } objection)
        {
            throw new FuzzFinding($"{access} of '{Text.Visible(path)}' was allowed, but {objection}");
        }
    }

    /// <summary>Removes the tree.</summary>
    public void Dispose() => _tree.Dispose();
}
