using Microsoft.Extensions.Options;
using TypedTools.Policy;
using TypedTools.Policy.Paths;
using TypedTools.Testing.Paths;

namespace TypedTools.Tests.Policy;

/// <summary>
/// The kit's attack tree (a root "ws" with links that stay and links that leave, a hard link to a file outside,
/// a FIFO, a socket, an oversized file, prefix neighbours), with a policy whose root is configured through a link.
/// </summary>
public sealed class PathFixture : IDisposable
{
    private readonly AttackTree _tree = new();

    public PathFixture() => Policy = Create(_tree.RootLink);

    public string Base => _tree.Base;

    public string Root => _tree.Root;

    public string Outside => _tree.Outside;

    public ToolPolicy Policy { get; }

    public PathGuard Guard => Policy.Paths;

    /// <summary>A policy with root "ws" at <paramref name="directory"/> and a small size cap.</summary>
    public static ToolPolicy Create(string directory, Action<PathRootOptions>? configure = null) =>
        new(Options.Create(new TypedToolsOptions().AddRoot("ws", directory, o =>
        {
            o.MaxFileSize = 1024;
            configure?.Invoke(o);
        })));

    public void Dispose() => _tree.Dispose();
}
