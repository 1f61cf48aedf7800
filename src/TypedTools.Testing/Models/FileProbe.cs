using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TypedTools.Testing.Models;

/// <summary>What <c>statx(2)</c> says about one path without following a final link (the models' own view of the disk).</summary>
internal static partial class FileProbe
{
    internal enum Kind
    {
        Regular,
        Directory,
        SymbolicLink,
        Special,
    }

    internal readonly record struct Status(Kind Kind, uint LinkCount, long Size);

    /// <summary>The path's status, or null when nothing is there (or it cannot be seen).</summary>
    internal static Status? Lstat(string path)
    {
        // statx's layout is the same on every architecture: nlink at 16, mode at 28, size at 40.
        Span<byte> buffer = stackalloc byte[256];
        if (path.Contains('\0') || Statx(-100 /* AT_FDCWD */, path, 0x100 /* AT_SYMLINK_NOFOLLOW */, 0x7ff /* STATX_BASIC_STATS */, ref buffer[0]) != 0)
        {
            return null;
        }
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        Kind kind = (mode & 0xF000) switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0xA000 => Kind.SymbolicLink,
            _ => Kind.Special,
        };
        return new Status(kind, BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]), (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[40..]));
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, ref byte buffer);
}
