using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TypedTools.Policy.Paths;

/// <summary>What a path or an open file is: its type, hard-link count, size and identity.</summary>
public readonly record struct FileStatus(FileKind Kind, uint LinkCount, long Size, ulong Device, ulong Inode);

/// <summary>The kinds of file-system entry the path checks tell apart.</summary>
public enum FileKind
{
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A symbolic link (seen only when links are not followed).</summary>
    SymbolicLink,
    /// <summary>A FIFO, a character or block device, or a socket: never read (a FIFO blocks, a device never ends).</summary>
    Special,
}

/// <summary>
/// File status and no-follow opens through Linux's <c>statx</c> and <c>open</c>. .NET exposes neither a file's
/// type beyond file/directory nor its hard-link count, and both decide path checks. The <c>statx</c> structure
/// has one layout on every Linux architecture. Other operating systems are not supported yet: every call throws,
/// and a throwing check denies (fail closed).
/// </summary>
internal static partial class FileStatusNative
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;
    private const int Enoent = 2;
    private const int Enotdir = 20;
    private const int Eloop = 40;
    private const int Eperm = 1;
    private const int Enosys = 38;
    private const ulong ReadOnly = 0, NonBlock = 0x800, CloseOnExec = 0x80000, PathOnly = 0x200000;
    private const ulong ResolveNoSymlinks = 0x04;
    private const long SysOpenat2 = 437;

    /// <summary>The status of <paramref name="path"/> without following a final link, or null when nothing is there.</summary>
    public static FileStatus? TryGet(string path)
    {
        EnsureSupported();
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir)
            {
                return null;
            }
            throw new IOException($"statx failed for a path (errno {errno}).");
        }
        return Decode(buffer);
    }

    /// <summary>The status of an open file.</summary>
    public static FileStatus Get(SafeFileHandle handle)
    {
        EnsureSupported();
        Span<byte> buffer = stackalloc byte[StatxSize];
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                throw new IOException($"statx failed for an open file (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        return Decode(buffer);
    }

    /// <summary>
    /// Opens a canonical path for reading without blocking on a FIFO. Where the kernel has <c>openat2</c>, the open
    /// itself refuses a symbolic link anywhere on the way (<c>RESOLVE_NO_SYMLINKS</c>), so the file opened is the one the
    /// path names: what reading its real path back would prove (<paramref name="linkFree"/> is then true, and that
    /// ~4 us read of <c>/proc/self/fd</c> is not needed). Elsewhere it opens without following a final link only, and the
    /// caller verifies the real path.
    /// </summary>
    public static SafeFileHandle OpenRead(string path, out bool linkFree)
    {
        EnsureSupported();
        if (TryOpenWithoutLinks(path, ReadOnly | NonBlock | CloseOnExec, out int fd, out int errno))
        {
            linkFree = true;
            return new SafeFileHandle(fd, ownsHandle: true);
        }
        if (errno != 0)
        {
            throw OpenFailure(errno);
        }
        linkFree = false;
        return OpenNoFollow(path);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading without following a final link and without blocking on a FIFO
    /// (<c>O_NOFOLLOW | O_NONBLOCK</c>), so that the opened file can be checked before anything is read.
    /// </summary>
    public static SafeFileHandle OpenNoFollow(string path)
    {
        EnsureSupported();
        // O_NOFOLLOW differs by architecture; O_NONBLOCK and O_CLOEXEC do not.
        int noFollow = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.X86 => 0x20000,
            Architecture.Arm64 or Architecture.Arm => 0x8000,
            _ => throw new PlatformNotSupportedException("No-follow opens are not mapped for this processor architecture."),
        };
        int fd = Open(path, (int)(ReadOnly | NonBlock | CloseOnExec) | noFollow);
        if (fd < 0)
        {
            throw OpenFailure(Marshal.GetLastPInvokeError());
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static Exception OpenFailure(int errno) => errno switch
    {
        Enoent => new FileNotFoundException("The file does not exist."),
        Eloop => PathGuard.Deny(PolicyCodes.PathLinkEscape, "A symbolic link took the file's place after it was checked.", "Try again; if it repeats, report it."),
        _ => new IOException($"The file could not be opened (errno {errno})."),
    };

    /// <summary>The path the kernel holds for an open file (its real path, every link resolved).</summary>
    public static string RealPath(SafeFileHandle handle)
    {
        EnsureSupported();
        return File.ResolveLinkTarget("/proc/self/fd/" + handle.DangerousGetHandle(), returnFinalTarget: false)?.FullName
            ?? throw new IOException("The open file's path could not be read.");
    }

    /// <summary>
    /// The status of what <paramref name="path"/> names when the kernel confirms, in one lookup, that the path is
    /// already canonical: every component exists and none is a symbolic link (<c>openat2</c> with
    /// <c>RESOLVE_NO_SYMLINKS</c> and <c>O_PATH</c>, which reads nothing and opens no device; a FIFO does not block).
    /// Null when it is not (a link on the way, a missing component, no permission) or the kernel has no
    /// <c>openat2</c> (before Linux 5.6, or refused by a seccomp filter): the caller then walks the path.
    /// </summary>
    public static FileStatus? TryGetCanonical(string path)
    {
        EnsureSupported();
        if (!TryOpenWithoutLinks(path, PathOnly | CloseOnExec, out int fd, out _))
        {
            return null;
        }
        try
        {
            Span<byte> buffer = stackalloc byte[StatxSize];
            return Statx(fd, "", AtEmptyPath, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) == 0 ? Decode(buffer) : null;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// <c>openat2</c> with <c>RESOLVE_NO_SYMLINKS</c>: true with the descriptor when every component exists and none is
    /// a link. Otherwise false with the errno, or with 0 when <c>openat2</c> cannot be used here (the caller falls back).
    /// </summary>
    private static bool TryOpenWithoutLinks(string path, ulong flags, out int fd, out int errno)
    {
        // O_PATH (010000000), O_NONBLOCK, O_CLOEXEC and the syscall's number (437) are the same on x64 and arm64.
        if (s_noOpenat2 || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            fd = -1;
            errno = 0;
            return false;
        }
        var how = new OpenHow { Flags = flags, Resolve = ResolveNoSymlinks };
        fd = (int)Openat2(SysOpenat2, AtFdCwd, path, ref how, (nuint)Unsafe.SizeOf<OpenHow>());
        if (fd >= 0)
        {
            errno = 0;
            return true;
        }
        errno = Marshal.GetLastPInvokeError();
        if (errno is Enosys or Eperm)
        {
            // No openat2 before Linux 5.6, or a seccomp filter refuses it: remembered, then never tried again.
            s_noOpenat2 = true;
            errno = 0;
        }
        return false;
    }

    // Set once the kernel says it has no openat2 (or may not use it): every later path is walked.
    private static volatile bool s_noOpenat2;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    private static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("TypedTools' path checks run on Linux; on this operating system they deny every path.");
        }
    }

    private static FileStatus Decode(ReadOnlySpan<byte> statx)
    {
        uint linkCount = BinaryPrimitives.ReadUInt32LittleEndian(statx[16..]);
        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]);
        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]);
        long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(statx[40..]);
        ulong device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]);
        FileKind kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Special,
        };
        return new FileStatus(kind, linkCount, size, device, inode);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    // libc's syscall(2) is variadic; the x64 and arm64 Linux conventions pass these integer arguments as for a plain call.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long Openat2(long number, int dirFd, string path, ref OpenHow how, nuint size);
}
