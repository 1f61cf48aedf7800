using System.Text;
using TypedTools.Policy;
using TypedTools.Policy.Paths;
using Xunit;

namespace TypedTools.Tests.Policy;

/// <summary>Every class of path input in attacks.md, several inputs each, against a real tree on disk.</summary>
public sealed class PathGuardTests(PathFixture fixture) : IClassFixture<PathFixture>
{
    private string Deny(string input, PathAccess access = PathAccess.Read)
    {
        string resolved = input.Replace("{root}", fixture.Root).Replace("{base}", fixture.Base).Replace("{outside}", fixture.Outside);
        var denied = Assert.Throws<PolicyDeniedException>(() => fixture.Guard.Check("ws", resolved, access));
        Assert.StartsWith("policy.", denied.Denial.Code, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(denied.Denial.Hint));
        return denied.Denial.Code;
    }

    private string Allow(string input, PathAccess access = PathAccess.Read) =>
        fixture.Guard.Check("ws", input.Replace("{root}", fixture.Root), access);

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("sub/../../outside/secret.txt")]
    [InlineData("../../../../../../../../etc/passwd")]
    [InlineData("sub/..")]
    [InlineData("..")]
    [InlineData("sub/../notes.txt")] // stays inside, still refused: paths are named directly
    public void Traversal_is_refused(string input) => Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(input));

    [Fact]
    public void Names_and_paths_longer_than_the_kernel_takes_are_refused_before_touching_the_disk()
    {
        // Found by fuzzing: 100 replacement characters are 300 UTF-8 bytes, and statx failed with ENAMETOOLONG (an IOException, not a denial).
        Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(new string('\ufffd', 100), PathAccess.Write));
        Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(string.Join('/', Enumerable.Repeat(new string('a', 200), 21))));
        Assert.EndsWith("/" + new string('a', 255), Allow(new string('a', 255), PathAccess.Write), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("{outside}/secret.txt")]
    [InlineData("{base}")]
    [InlineData("/etc")]
    [InlineData("/proc/self/environ")]
    [InlineData("/dev/zero")]
    public void Absolute_paths_outside_the_root_are_refused(string input) => Assert.Equal(PolicyCodes.PathOutsideRoot, Deny(input));

    [Theory]
    [InlineData("{base}/ws-evil/x.txt")]
    [InlineData("{base}/ws2")]
    [InlineData("{root}-evil/x.txt")]
    [InlineData("{root}2")]
    public void Prefix_confusion_is_refused(string input) => Assert.Equal(PolicyCodes.PathOutsideRoot, Deny(input));

    [Theory]
    [InlineData("%2e%2e/outside/secret.txt")]
    [InlineData("..%2foutside")]
    [InlineData("%252e%252e%252f")]
    [InlineData("notes%00.txt")]
    public void Encoded_forms_are_refused_not_decoded(string input) => Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(input));

    [Theory]
    [InlineData("sub//inner.txt")]
    [InlineData("./notes.txt")]
    [InlineData("sub/./inner.txt")]
    [InlineData("sub/")]
    [InlineData("..\\outside")]
    [InlineData("sub\\inner.txt")]
    [InlineData("//server/share")]
    public void Separator_tricks_are_refused(string input) => Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(input));

    [Theory]
    [InlineData("link-out/secret.txt")]
    [InlineData("link-out")]
    [InlineData("link-file-out")]
    [InlineData("chain1")]
    [InlineData("dangling")]
    [InlineData("loop1")]
    [InlineData("climb")]
    public void Links_that_leave_the_root_are_refused(string input)
    {
        Assert.Equal(PolicyCodes.PathLinkEscape, Deny(input));
        Assert.Equal(PolicyCodes.PathLinkEscape, Deny(input, PathAccess.Write));
        Assert.Equal(PolicyCodes.PathLinkEscape, Deny(input, PathAccess.Delete));
    }

    [Fact]
    public void A_directory_link_in_the_middle_is_resolved_for_a_file_that_does_not_exist_yet() =>
        Assert.Equal(PolicyCodes.PathLinkEscape, Deny("link-out/new/file.txt", PathAccess.Write));

    [Fact]
    public void A_hard_link_to_a_file_outside_is_refused_for_reads_and_writes()
    {
        Assert.Equal(PolicyCodes.PathHardLink, Deny("hard.txt"));
        Assert.Equal(PolicyCodes.PathHardLink, Deny("hard.txt", PathAccess.Write));
        // A root may opt in to hard links for reads.
        ToolPolicy lenient = PathFixture.Create(fixture.Root, o => o.AllowHardLinks = true);
        Assert.Equal(Path.Join(fixture.Root, "hard.txt"), lenient.Paths.Check("ws", "hard.txt", PathAccess.Read));
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("sock")]
    public void Special_files_are_refused(string input)
    {
        Assert.Equal(PolicyCodes.PathNotRegular, Deny(input));
        Assert.Equal(PolicyCodes.PathNotRegular, Deny(input, PathAccess.Write));
    }

    [Fact]
    public void Files_over_the_size_cap_are_refused() => Assert.Equal(PolicyCodes.PathTooLarge, Deny("big.bin"));

    [Theory]
    [InlineData("notes.txt\0../../outside")]
    [InlineData("notes\n.txt")]
    [InlineData("a\tb")]
    [InlineData("a\rb")]
    [InlineData("x\u007f")]
    [InlineData("x\u0085y")]
    [InlineData("report\u202Etxt.exe")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("tag\U000E0041")]
    [InlineData("line\u2028sep")]
    public void Control_and_invisible_characters_are_refused(string input) => Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(input));

    [Theory]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("C:notes.txt")]
    [InlineData("\\\\host\\share\\x")]
    [InlineData("\\\\?\\C:\\x")]
    [InlineData("\\\\.\\pipe\\x")]
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("sub/COM1")]
    [InlineData("lpt9.log")]
    [InlineData("COM\u00B9")]
    [InlineData("notes.txt::$DATA")]
    [InlineData("notes.txt:stream")]
    [InlineData("notes.txt.")]
    [InlineData("notes.txt ")]
    [InlineData("PROGRA~1/x")]
    [InlineData("sub/DOCUME~2.TXT")]
    public void Windows_forms_are_refused_on_every_os(string input) => Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(input));

    [Theory]
    [InlineData("\uFF0E\uFF0E\uFF0Foutside")] // full-width ../
    [InlineData("sub\u2215inner.txt")] // division slash
    [InlineData("sub\u2044inner.txt")] // fraction slash
    [InlineData("..\uFF0Fx")]
    [InlineData("x\uFF3Cy")] // full-width backslash
    [InlineData("\u2025/x")] // two-dot leader
    [InlineData("a\uFE52b")] // small full stop
    public void Unicode_look_alikes_of_separators_and_dots_are_refused(string input) => Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(input));

    [Theory]
    [InlineData("~/x")]
    [InlineData("~root/.ssh/id_rsa")]
    [InlineData("~")]
    [InlineData("$HOME/x")]
    [InlineData("${HOME}/x")]
    [InlineData("%USERPROFILE%/x")]
    [InlineData("sub/$(whoami)")]
    public void Home_and_variables_are_never_expanded(string input) => Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(input));

    [Theory]
    [InlineData(".git/config")]
    [InlineData("sub/.git/hooks/pre-commit")]
    [InlineData(".vscode/settings.json")]
    [InlineData(".cursor/mcp.json")]
    [InlineData("mcp.json")]
    [InlineData("sub/.mcp.json")]
    [InlineData(".env")]
    [InlineData(".env.local")]
    [InlineData("sub/.ENV")]
    [InlineData(".github/workflows/ci.yml")]
    [InlineData("keys/server.pem")]
    [InlineData("cfg-link")] // a link inside the root to a protected file
    public void Writes_to_protected_locations_are_refused(string input)
    {
        Assert.Equal(PolicyCodes.PathProtected, Deny(input, PathAccess.Write));
        Assert.Equal(PolicyCodes.PathProtected, Deny(input, PathAccess.Delete));
    }

    [Fact]
    public void The_deny_list_is_configurable_and_covers_the_root_itself()
    {
        Assert.Equal(PolicyCodes.PathProtected, Deny(".git", PathAccess.Delete));
        Assert.Equal(PolicyCodes.PathProtected, Deny(".", PathAccess.Write));
        Assert.Equal(PolicyCodes.PathProtected, Deny("{root}", PathAccess.Delete));
        Assert.EndsWith("/.git/config", Allow(".git/config")); // reads are not restricted by it

        ToolPolicy custom = PathFixture.Create(fixture.Root, o =>
        {
            o.WriteDenyList.Clear();
            o.WriteDenyList.Add("generated/");
        });
        Assert.Equal(Path.Join(fixture.Root, ".git", "config"), custom.Paths.Check("ws", ".git/config", PathAccess.Write));
        Assert.Equal(PolicyCodes.PathProtected,
            Assert.Throws<PolicyDeniedException>(() => custom.Paths.Check("ws", "sub/generated/x.cs", PathAccess.Write)).Denial.Code);
    }

    [Fact]
    public void Paths_inside_the_root_resolve_to_canonical_full_paths()
    {
        Assert.Equal(Path.Join(fixture.Root, "notes.txt"), Allow("notes.txt"));
        Assert.Equal(Path.Join(fixture.Root, "sub", "inner.txt"), Allow("sub/inner.txt"));
        Assert.Equal(Path.Join(fixture.Root, "sub", "inner.txt"), Allow("link-in/inner.txt"));
        Assert.Equal(Path.Join(fixture.Root, "notes.txt"), Allow("abs-in"));
        Assert.Equal(Path.Join(fixture.Root, "notes.txt"), Allow("{root}/notes.txt"));
        Assert.Equal(fixture.Root, Allow("."));
        Assert.Equal(Path.Join(fixture.Root, "new", "deeper", "file.txt"), Allow("new/deeper/file.txt", PathAccess.Write));
        Assert.Equal(Path.Join(fixture.Root, "résumé final.txt"), Allow("résumé final.txt", PathAccess.Write));
        Assert.Equal(Path.Join(fixture.Root, "notes.txt"), Allow("notes.txt", PathAccess.Delete));
        // The root was configured through a link; every result is under its real path.
        Assert.Equal(fixture.Root, fixture.Guard.Root("ws").Directory);
    }

    [Fact]
    public void A_root_nobody_configured_denies()
    {
        var denied = Assert.Throws<PolicyDeniedException>(() => fixture.Guard.Check("elsewhere", "notes.txt", PathAccess.Read));
        Assert.Equal(PolicyCodes.PathRootMissing, denied.Denial.Code);
        Assert.Throws<InvalidOperationException>(() => PathFixture.Create(Path.Join(fixture.Base, "missing")));
        Assert.Throws<InvalidOperationException>(() => PathFixture.Create(Path.Join(fixture.Root, "notes.txt")));
    }

    [Fact]
    public void Overlong_paths_are_refused() =>
        Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(string.Join('/', Enumerable.Repeat("abcdefgh", 600))));

    [Fact]
    public void An_unpaired_surrogate_is_refused() => Assert.Equal(PolicyCodes.PathForbiddenForm, Deny(new StringBuilder("a").Append('\uD800').Append('b').ToString()));
}
