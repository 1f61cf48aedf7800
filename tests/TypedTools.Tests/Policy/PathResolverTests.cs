using TypedTools.Policy;
using TypedTools.Policy.Paths;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>
/// A path with no link is confirmed canonical by the kernel in one lookup instead of being walked component by
/// component. The two must never disagree: on every entry of the attack tree (links in, out, chained, dangling,
/// looping, to files, a FIFO, a socket, a hard link), below and beside each, written in every form.
/// </summary>
public sealed class PathResolverTests(PathFixture fixture) : IClassFixture<PathFixture>
{
    [Fact]
    public void The_kernels_answer_and_the_walk_agree_on_every_path_of_the_tree()
    {
        int confirmed = 0;
        foreach (string path in Candidates())
        {
            string walked;
            try
            {
                walked = PathResolver.Walk(path);
            }
            catch (PolicyDeniedException)
            {
                // A link loop: the walk refuses; so must the resolver (the kernel never confirms a path with a link in it).
                Assert.Null(FileStatusNative.TryGetCanonical(path));
                Assert.Throws<PolicyDeniedException>(() => PathResolver.Resolve(path, out _));
                continue;
            }
            string resolved = PathResolver.Resolve(path, out FileStatus? status);
            Assert.Equal(walked, resolved);
            Assert.Equal(FileStatusNative.TryGet(walked), status);
            if (PathResolver.IsNormalized(path) && FileStatusNative.TryGetCanonical(path) is { } kernel)
            {
                // A path in the walk's own form that the kernel confirms is exactly what the walk returns.
                confirmed++;
                Assert.Equal(path, walked);
                Assert.Equal(FileStatusNative.TryGet(path), kernel);
            }
        }
        Assert.SkipWhen(confirmed == 0, "This kernel has no openat2 (Linux 5.6+) or refuses it: every path was walked, so only the walk was checked.");
        Assert.True(confirmed >= 10, $"only {confirmed} paths were confirmed by the kernel");
    }

    [Fact]
    public void A_path_through_a_link_a_missing_component_or_in_another_form_is_never_confirmed_as_it_is()
    {
        Assert.SkipWhen(FileStatusNative.TryGetCanonical(fixture.Root) is null, "This kernel has no openat2 (Linux 5.6+) or refuses it.");
        Assert.Equal(FileKind.Regular, FileStatusNative.TryGetCanonical(Path.Join(fixture.Root, "sub", "inner.txt"))?.Kind);
        Assert.Equal(FileKind.Special, FileStatusNative.TryGetCanonical(Path.Join(fixture.Root, "fifo"))?.Kind);
        foreach (string through in new[] { "link-in/inner.txt", "link-in", "abs-in", "chain1", "dangling", "loop1", "link-out/secret.txt", "missing/x", "notes.txt/x" })
        {
            Assert.Null(FileStatusNative.TryGetCanonical(Path.Join(fixture.Root, through)));
        }
        // The root configured through a link: the link is in the path, so it is walked to its real directory.
        Assert.Null(FileStatusNative.TryGetCanonical(Path.Join(fixture.Base, "root-link", "notes.txt")));
        Assert.Equal(Path.Join(fixture.Root, "notes.txt"), PathResolver.Resolve(Path.Join(fixture.Base, "root-link", "notes.txt"), out _));
    }

    [Theory]
    [InlineData("missing/../out/secret.txt")]
    [InlineData("missing/deeper/../../out/secret.txt")]
    [InlineData("notes.txt/../out/secret.txt")]
    public void A_link_whose_target_climbs_out_of_a_missing_directory_is_still_resolved_past_it(string target)
    {
        // ws/a -> <target>; ws/out -> a directory outside. The kernel never gets past the missing component; a walk
        // that stopped looking at links there would call ws/out/secret.txt inside the root, and a tool opening that
        // path would read the file outside.
        string base_ = Harness.TempDirectories.Create("typedtools-climb-");
        string root = Path.Join(base_, "ws"), outside = Path.Join(base_, "outside");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Join(outside, "secret.txt"), "secret");
        File.WriteAllText(Path.Join(root, "notes.txt"), "notes");
        Directory.CreateSymbolicLink(Path.Join(root, "out"), outside);
        File.CreateSymbolicLink(Path.Join(root, "a"), target);
        PathGuard guard = PathFixture.Create(root).Paths;

        foreach (PathAccess access in new[] { PathAccess.Read, PathAccess.Write, PathAccess.Delete })
        {
            var denied = Assert.Throws<PolicyDeniedException>(() => guard.Check("ws", "a", access));
            Assert.Equal(PolicyCodes.PathLinkEscape, denied.Denial.Code);
        }
        Assert.Equal(Path.Join(outside, "secret.txt"), PathResolver.Walk(Path.Join(root, "a")));
    }

    [Fact]
    public void A_path_with_a_nul_is_refused_before_the_kernel_reads_only_its_start()
    {
        // The kernel would look up only "<root>/notes.txt"; the text after the NUL would pass unchecked.
        Assert.Throws<ArgumentException>(() => PathResolver.Resolve(Path.Join(fixture.Root, "notes.txt") + "\0/../../outside/secret.txt", out _));
        Assert.ThrowsAny<ArgumentException>(() => PathFixture.Create(fixture.Root + "\0/../outside"));
    }

    /// <summary>Every entry of the tree, a name below and beside each, and the same paths with '.', '..', doubled and trailing separators.</summary>
    private IEnumerable<string> Candidates()
    {
        var entries = new List<string> { "/", fixture.Base, fixture.Root, fixture.Outside };
        foreach (string directory in new[] { fixture.Base, fixture.Root, fixture.Outside, Path.Join(fixture.Root, "sub") })
        {
            entries.AddRange(new DirectoryInfo(directory).EnumerateFileSystemInfos().Select(e => e.FullName));
        }
        foreach (string entry in entries.Distinct())
        {
            yield return entry;
            yield return entry.TrimEnd('/') + "/inner.txt";
            yield return entry.TrimEnd('/') + "/secret.txt";
            yield return entry.TrimEnd('/') + "/missing/deeper";
            yield return entry + "/";
            yield return entry + "/.";
            yield return entry.TrimEnd('/') + "/sub/..";
            yield return entry.TrimEnd('/') + "/../" + Path.GetFileName(entry);
            yield return entry.Replace("/", "//", StringComparison.Ordinal);
        }
    }
}
