using System.Text;
using TypedTools.Policy;
using TypedTools.Policy.Paths;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>The time-of-use helpers: what they verify after opening, and that a write is all or nothing.</summary>
public sealed class GuardedFilesTests : IDisposable
{
    private readonly PathFixture _tree = new();
    private readonly GuardedFiles _files;

    public GuardedFilesTests() => _files = new GuardedFiles(_tree.Guard);

    public void Dispose() => _tree.Dispose();

    private static string Code(Action action) => Assert.Throws<PolicyDeniedException>(action).Denial.Code;

    private static async Task<string> CodeAsync(Func<Task> action) => (await Assert.ThrowsAsync<PolicyDeniedException>(action)).Denial.Code;

    [Fact]
    public async Task Reads_a_checked_file()
    {
        string canonical = _tree.Guard.Check("ws", "sub/inner.txt", PathAccess.Read);
        Assert.Equal("inner", await _files.ReadTextAsync("ws", canonical, 100, TestContext.Current.CancellationToken));
        Assert.Equal("inn", await _files.ReadTextAsync("ws", canonical, 3, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_file_swapped_for_a_link_after_the_check_is_refused_at_open()
    {
        // The tool received the canonical path; then the file is replaced by a link to a secret outside.
        string canonical = _tree.Guard.Check("ws", "notes.txt", PathAccess.Read);
        File.Delete(canonical);
        File.CreateSymbolicLink(canonical, Path.Join(_tree.Outside, "secret.txt"));

        Assert.Equal(PolicyCodes.PathLinkEscape, await CodeAsync(() => _files.ReadTextAsync("ws", canonical, 100)));
    }

    [Fact]
    public void The_open_itself_refuses_a_link_anywhere_on_the_way()
    {
        // The moment between OpenRead's check and its open, played out: the checked (canonical, link-free) path now
        // passes through a directory swapped for a link, or ends in a file swapped for one.
        string sub = Path.Join(_tree.Root, "sub");
        Assert.SkipWhen(FileStatusNative.TryGetCanonical(sub) is null, "This kernel has no openat2 (Linux 5.6+) or refuses it: opens are verified by reading the real path back (GuardedFiles.VerifyOpened).");

        using (FileStatusNative.OpenRead(Path.Join(sub, "inner.txt"), out bool linkFree))
        {
            Assert.True(linkFree);
        }
        Assert.Equal(PolicyCodes.PathLinkEscape, Code(() => FileStatusNative.OpenRead(Path.Join(_tree.Root, "link-out", "secret.txt"), out _)));
        Assert.Equal(PolicyCodes.PathLinkEscape, Code(() => FileStatusNative.OpenRead(Path.Join(_tree.Root, "link-file-out"), out _)));
        Assert.Equal(PolicyCodes.PathLinkEscape, Code(() => FileStatusNative.OpenRead(Path.Join(_tree.Base, "root-link", "notes.txt"), out _)));
        Assert.Throws<FileNotFoundException>(() => FileStatusNative.OpenRead(Path.Join(_tree.Root, "missing.txt"), out _));
    }

    [Fact]
    public async Task A_fifo_is_refused_without_blocking()
    {
        // Opening a FIFO for reading blocks until a writer comes; the helper must refuse before that.
        Task<string> attempt = Task.Run(() => Code(() => _files.OpenRead("ws", "fifo").Dispose()), TestContext.Current.CancellationToken);
        Assert.Same(attempt, await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)));
        Assert.Equal(PolicyCodes.PathNotRegular, await attempt);
    }

    [Fact]
    public async Task Writes_are_atomic_and_leave_no_temporary_files()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        Assert.True(await _files.WriteAsync("ws", "out/new.txt", Encoding.UTF8.GetBytes("first"), overwrite: false, ct));
        Assert.False(await _files.WriteAsync("ws", "out/new.txt", Encoding.UTF8.GetBytes("second"), overwrite: false, ct));
        Assert.Equal("first", await File.ReadAllTextAsync(Path.Join(_tree.Root, "out", "new.txt"), ct));
        Assert.True(await _files.WriteAsync("ws", "out/new.txt", Encoding.UTF8.GetBytes("third"), overwrite: true, ct));
        Assert.Equal("third", await File.ReadAllTextAsync(Path.Join(_tree.Root, "out", "new.txt"), ct));
        Assert.Equal(["new.txt"], Directory.GetFiles(Path.Join(_tree.Root, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_write_through_a_dangling_link_or_into_a_protected_place_is_refused_and_creates_nothing()
    {
        Assert.Equal(PolicyCodes.PathLinkEscape, await CodeAsync(() => _files.WriteAsync("ws", "dangling", new byte[1], true)));
        Assert.False(File.Exists(Path.Join(_tree.Outside, "new.txt")));
        Assert.Equal(PolicyCodes.PathProtected, await CodeAsync(() => _files.WriteAsync("ws", ".vscode/settings.json", new byte[1], true)));
        Assert.False(Directory.Exists(Path.Join(_tree.Root, ".vscode")));
    }

    [Fact]
    public void Deletes_check_again_and_refuse_what_is_not_a_regular_file()
    {
        Assert.True(_files.DeleteFile("ws", "sub/inner.txt"));
        Assert.False(File.Exists(Path.Join(_tree.Root, "sub", "inner.txt")));
        Assert.False(_files.DeleteFile("ws", "sub/inner.txt"));
        Assert.Equal(PolicyCodes.PathNotRegular, Code(() => _files.DeleteFile("ws", "sub")));
        Assert.Equal(PolicyCodes.PathLinkEscape, Code(() => _files.DeleteFile("ws", "link-file-out")));
        Assert.True(File.Exists(Path.Join(_tree.Outside, "secret.txt")));
    }

    [Fact]
    public void Listing_does_not_follow_links()
    {
        var names = _files.EnumerateDirectory("ws", ".", recursive: true).Select(e => Path.GetRelativePath(_tree.Root, e.FullName)).ToList();
        Assert.Contains("sub/inner.txt", names);
        Assert.DoesNotContain(names, n => n.StartsWith("link-out/", StringComparison.Ordinal));
        Assert.Equal(PolicyCodes.PathLinkEscape, Code(() => _files.EnumerateDirectory("ws", "link-out", false).ToList()));
    }
}
