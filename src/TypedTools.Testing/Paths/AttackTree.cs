using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TypedTools.Testing.Paths;

/// <summary>
/// A real directory tree to attack a path root with: a root <c>ws</c> holding ordinary files, a protected
/// <c>.git</c>, symbolic links that stay inside and links that leave (to a file, to a directory used as a middle
/// component, chains, a dangling link, a loop), a hard link to a file outside, a FIFO (a read would block
/// forever), a Unix socket, an oversized file, neighbours that share the root's name as a prefix, and a link
/// to the root itself (roots are canonicalised too). Everything lives in one temporary directory, removed on
/// dispose. The secret outside the root holds <see cref="Secret"/>, so a test can tell whether it leaked.
/// </summary>
public sealed partial class AttackTree : IDisposable
{
    /// <summary>The content of every file outside the root.</summary>
    public const string Secret = "SECRET-OUTSIDE-THE-ROOT";

    /// <summary>Size of <c>big.bin</c>.</summary>
    public const int BigFileSize = 4096;

    private readonly Socket _socket;

    /// <summary>Builds the tree in a new temporary directory.</summary>
    public AttackTree()
    {
        // /tmp may itself be a link on some machines; every path here is the real one.
        string created = Directory.CreateTempSubdirectory("typedtools-attack-").FullName;
        Base = new DirectoryInfo(created).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? created;
        Root = Path.Join(Base, "ws");
        Outside = Path.Join(Base, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        Directory.CreateDirectory(Path.Join(Base, "ws-evil"));
        Directory.CreateDirectory(Path.Join(Base, "ws2"));
        File.WriteAllText(Path.Join(Base, "ws-evil", "x.txt"), Secret);
        File.WriteAllText(Path.Join(Base, "ws2", "x.txt"), Secret);
        File.WriteAllText(Path.Join(Outside, "secret.txt"), Secret);

        File.WriteAllText(Path.Join(Root, "notes.txt"), "notes");
        Directory.CreateDirectory(Path.Join(Root, "sub"));
        File.WriteAllText(Path.Join(Root, "sub", "inner.txt"), "inner");
        Directory.CreateDirectory(Path.Join(Root, ".git"));
        File.WriteAllText(Path.Join(Root, ".git", "config"), "[core]");
        File.WriteAllBytes(Path.Join(Root, "big.bin"), new byte[BigFileSize]);

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
        // A target that climbs out of a directory that does not exist, then through a link out: the kernel stops at the
        // missing directory, and a resolver that stops looking for links there takes link-out for a plain name.
        File.CreateSymbolicLink(Path.Join(Root, "climb"), "missing/../link-out/secret.txt");
        Native.Check(Native.Link(Path.Join(Outside, "secret.txt"), Path.Join(Root, "hard.txt")), "link");
        Native.Check(Native.MakeFifo(Path.Join(Root, "fifo"), 0b110_100_100), "mkfifo");
        // A Unix socket file: bound, so it exists on disk for the life of the tree.
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path.Join(Root, "sock")));
        Directory.CreateSymbolicLink(Path.Join(Base, "root-link"), "ws");
    }

    /// <summary>The temporary directory holding everything.</summary>
    public string Base { get; }

    /// <summary>The root to configure (its real path).</summary>
    public string Root { get; }

    /// <summary>A link to <see cref="Root"/>: configuring it must give the same canonical root.</summary>
    public string RootLink => Path.Join(Base, "root-link");

    /// <summary>A directory beside the root holding <c>secret.txt</c>.</summary>
    public string Outside { get; }

    /// <summary>Removes the tree.</summary>
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

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Link(string existing, string created);

        [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int MakeFifo(string path, uint mode);

        internal static void Check(int result, string call)
        {
            if (result != 0)
            {
                throw new IOException($"{call} failed: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
    }
}
