using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TypedTools.Policy.Paths;

/// <summary>
/// File operations on paths the policy layer has checked, closing the window between check and use: reads
/// open first (never following a final link, never blocking on a FIFO) and then verify what was opened;
/// writes go to a new file created exclusively beside the target, verified, then renamed over it; deletes
/// check again immediately before unlinking. Tools take a path from an <c>[AllowedPath]</c> parameter and
/// the same root name.
/// </summary>
public sealed class GuardedFiles
{
    private readonly PathGuard _guard;

    /// <summary>Creates the helpers over the configured roots.</summary>
    public GuardedFiles(PathGuard guard) => _guard = guard;

    /// <summary>Opens a file for reading, after verifying that the opened file is a regular file inside the root.</summary>
    public FileStream OpenRead(string rootName, string path)
    {
        PathRoot root = _guard.Root(rootName);
        string canonical = _guard.Check(rootName, path, PathAccess.Read);
        SafeFileHandle handle = FileStatusNative.OpenRead(canonical, out bool linkFree);
        try
        {
            FileStatus status = FileStatusNative.Get(handle);
            if (status.Kind != FileKind.Regular)
            {
                throw PathGuard.Deny(PolicyCodes.PathNotRegular, "The path is not a regular file.", "Name a regular file.");
            }
            PathGuard.CheckReadable(root, status);
            if (!linkFree)
            {
                // Opened without the kernel refusing links on the way: read back where the file really is.
                VerifyOpened(root, handle, canonical);
            }
            return new FileStream(handle, FileAccess.Read, bufferSize: 4096);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> of a file as UTF-8 text.</summary>
    public async Task<string> ReadTextAsync(string rootName, string path, int maxBytes, CancellationToken cancellationToken = default)
    {
        await using FileStream stream = OpenRead(rootName, path);
        byte[] buffer = new byte[(int)Math.Min(maxBytes, stream.Length)];
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>
    /// Writes a whole file atomically: the content goes to a new temporary file created exclusively in the target's
    /// directory, which is verified to be inside the root, flushed to the device, then renamed over the target.
    /// A failure at any step leaves the target as it was.
    /// </summary>
    /// <returns>False when the target exists and <paramref name="overwrite"/> is false.</returns>
    public async Task<bool> WriteAsync(string rootName, string path, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken cancellationToken = default)
    {
        PathRoot root = _guard.Root(rootName);
        string canonical = _guard.Check(rootName, path, PathAccess.Write);
        string directory = Path.GetDirectoryName(canonical)!;
        Directory.CreateDirectory(directory);
        // The directories just created are checked again: a link planted meanwhile would show here.
        canonical = _guard.Check(rootName, canonical, PathAccess.Write);
        string temporary = Path.Join(directory, "." + Path.GetFileName(canonical) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                VerifyOpened(root, stream.SafeFileHandle, temporary);
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            if (!overwrite && FileStatusNative.TryGet(canonical) is not null)
            {
                File.Delete(temporary);
                return false;
            }
            File.Move(temporary, canonical, overwrite);
            return true;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Deletes a file after checking the path again; a directory is refused.</summary>
    /// <returns>False when nothing was there.</returns>
    public bool DeleteFile(string rootName, string path)
    {
        string canonical = _guard.Check(rootName, path, PathAccess.Delete, out FileStatus? status);
        if (status is null)
        {
            return false;
        }
        if (status.Value.Kind != FileKind.Regular)
        {
            throw PathGuard.Deny(PolicyCodes.PathNotRegular, "The path is not a regular file.", "Name a file; directories are not deleted by this call.");
        }
        File.Delete(canonical);
        return true;
    }

    /// <summary>The entries of a directory inside the root (links are listed but never followed).</summary>
    public IEnumerable<FileSystemInfo> EnumerateDirectory(string rootName, string path, bool recursive)
    {
        string canonical = _guard.Check(rootName, path, PathAccess.Read, out FileStatus? status);
        if (status is not { Kind: FileKind.Directory })
        {
            throw PathGuard.Deny(PolicyCodes.PathNotRegular, "The path is not a directory.", "Name a directory.");
        }
        var options = new EnumerationOptions { RecurseSubdirectories = recursive, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return new DirectoryInfo(canonical).EnumerateFileSystemInfos("*", options);
    }

    /// <summary>The kernel's path for the open file must be the checked one, inside the root.</summary>
    private static void VerifyOpened(PathRoot root, SafeFileHandle handle, string expected)
    {
        string real = FileStatusNative.RealPath(handle);
        if (real != expected || root.RelativeInside(real) is null)
        {
            throw PathGuard.Deny(PolicyCodes.PathLinkEscape, "The file changed between the check and the open (a link was swapped in).", "Try again; if it repeats, report it.");
        }
    }
}
