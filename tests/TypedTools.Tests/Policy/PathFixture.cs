using System.Diagnostics;
using Microsoft.Extensions.Options;
using TypedTools.Policy;
using TypedTools.Policy.Paths;

namespace TypedTools.Tests.Policy;

/// <summary>
/// A real directory tree for the path tests: a root "ws" with files, a protected .git, links that stay inside
/// and links that leave (file, directory in the middle, chains, dangling, a loop), a hard link to a file outside,
/// a FIFO, an oversized file, and neighbours that share the root's name as a prefix.
/// </summary>
public sealed class PathFixture : IDisposable
{
    public PathFixture()
    {
        Base = PathResolverFree(Directory.CreateTempSubdirectory("typedtools-paths-").FullName);
        Root = Path.Join(Base, "ws");
        Outside = Path.Join(Base, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        Directory.CreateDirectory(Path.Join(Base, "ws-evil"));
        Directory.CreateDirectory(Path.Join(Base, "ws2"));
        File.WriteAllText(Path.Join(Base, "ws-evil", "x.txt"), "evil");
        File.WriteAllText(Path.Join(Outside, "secret.txt"), "SECRET");

        File.WriteAllText(Path.Join(Root, "notes.txt"), "notes");
        Directory.CreateDirectory(Path.Join(Root, "sub"));
        File.WriteAllText(Path.Join(Root, "sub", "inner.txt"), "inner");
        Directory.CreateDirectory(Path.Join(Root, ".git"));
        File.WriteAllText(Path.Join(Root, ".git", "config"), "[core]");
        File.WriteAllBytes(Path.Join(Root, "big.bin"), new byte[4096]);

        Directory.CreateSymbolicLink(Path.Join(Root, "link-out"), "../outside");
        File.CreateSymbolicLink(Path.Join(Root, "link-file-out"), Path.Join(Outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Join(Root, "link-in"), "sub");
        File.CreateSymbolicLink(Path.Join(Root, "chain1"), "chain2");
        File.CreateSymbolicLink(Path.Join(Root, "chain2"), "sub/../link-file-out");
        File.CreateSymbolicLink(Path.Join(Root, "dangling"), "../outside/new.txt");
        File.CreateSymbolicLink(Path.Join(Root, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Join(Root, "loop2"), "loop1");
        File.CreateSymbolicLink(Path.Join(Root, "cfg-link"), ".git/config");
        File.CreateSymbolicLink(Path.Join(Root, "abs-in"), Path.Join(Root, "notes.txt"));
        Run("ln", Path.Join(Outside, "secret.txt"), Path.Join(Root, "hard.txt"));
        Run("mkfifo", Path.Join(Root, "fifo"));
        // A Unix socket file: bound, so it exists on disk for the life of the fixture.
        _socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        _socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Join(Root, "sock")));
        // The root configured through a link: it must be canonicalised like every path.
        Directory.CreateSymbolicLink(Path.Join(Base, "root-link"), "ws");

        Policy = Create(Path.Join(Base, "root-link"));
    }

    private readonly System.Net.Sockets.Socket _socket;

    public string Base { get; }

    public string Root { get; }

    public string Outside { get; }

    public ToolPolicy Policy { get; }

    public PathGuard Guard => Policy.Paths;

    /// <summary>A policy with root "ws" at <paramref name="directory"/> and a small size cap.</summary>
    public static ToolPolicy Create(string directory, Action<PathRootOptions>? configure = null) =>
        new(Options.Create(new TypedToolsOptions().AddRoot("ws", directory, o =>
        {
            o.MaxFileSize = 1024;
            configure?.Invoke(o);
        })));

    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary directory
        }
    }

    /// <summary>/tmp may itself be a link on some machines; the tests compare against the real path.</summary>
    private static string PathResolverFree(string path) => new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static void Run(string command, params string[] arguments)
    {
        using Process process = Process.Start(command, arguments);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} failed with {process.ExitCode}");
        }
    }
}
