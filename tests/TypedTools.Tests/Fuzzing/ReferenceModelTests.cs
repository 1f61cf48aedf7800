using System.Text;
using CsCheck;
using TypedTools.Policy.Paths;
using TypedTools.Testing.Fuzzing;
using TypedTools.Testing.Models;
using TypedTools.Testing.Paths;
using Xunit;

namespace TypedTools.Tests.Fuzzing;

/// <summary>
/// The path and URL checks against independent reference models (<see cref="PathModel"/>, <see cref="UrlModel"/>) on
/// random inputs built from the pieces attacks are made of, and on random mutations of them: a check never allows
/// what its model objects to. (The fuzz targets run the check and the model; here CsCheck feeds them.)
/// </summary>
public sealed class ReferenceModelTests
{
    private static readonly Gen<string> s_segment = Gen.OneOf(
        Gen.OneOf<string>("notes.txt", "sub", "inner.txt", "link-out", "link-in", "link-file-out", "chain1", "chain2", "dangling", "loop1", "climb", "hard.txt",
            "fifo", "sock", "big.bin", ".git", "config", "cfg-link", "abs-in", "secret.txt", "outside", "ws", "ws-evil", "ws2", "x.txt", "new.txt",
            "..", ".", "", "~", "%2e%2e", "..%2f", "\uff0e\uff0e", "\u2215", "CON", "x::$DATA", "notes.txt.", ".env", "id_rsa", "a.pem", "mcp.json"),
        Gen.String[Gen.Char["./-_a~\\%\u0000\n\u00e9"], 0, 4]);

    private static readonly Gen<string> s_path = Gen.Select(
        Gen.OneOf<string>("", "/", "./", "../", "/etc/", "//", "root:"), s_segment.Array[1, 6], Gen.OneOf<string>("/", "//", "\\", "/./", "/../"), Gen.OneOf<string>("", "/", "/."))
        .Select((prefix, segments, separator, suffix) => prefix + string.Join(separator, segments) + suffix);

    private static readonly Gen<string> s_host = Gen.OneOf<string>(
        "docs.example.org", "DOCS.EXAMPLE.ORG", "docs.example.org.", "evildocs.example.org", "docs.example.org.evil.com", "a.example.com", "example.com",
        "x.y.example.com", "xexample.com", "wiki.example.net", "a.corp.example", "corp.example", "203.0.113.7", "203.0.113.07", "0xcb.0.113.7",
        "3405803783", "127.0.0.1", "127.1", "0x7f000001", "[::1]", "[::ffff:203.0.113.7]", "[::ffff:127.0.0.1]", "169.254.169.254", "localhost",
        "ｄｏｃｓ.example.org", "docs。example。org", "dоcs.example.org", "xn--dcs-tdd.example.org", "docs.example.org%00", "evil.com", "");

    private static readonly Gen<string> s_url = Gen.Select(
        Gen.OneOf<string>("https://", "http://", "HTTPS://", "https:/", "https:", "//", "https:///", "file://", "ftp://", "https:\\\\", " https://"),
        Gen.OneOf<string>("", "user@", "user:pass@", "docs.example.org@", "a@b@", "%40@"),
        s_host,
        Gen.OneOf<string>("", ":443", ":8443", ":80", ":0", ":", ":65536", ":0443", ":-1", ":443:443"),
        Gen.OneOf<string>("", "/", "/x?y", "#@docs.example.org", "?docs.example.org", "/docs.example.org", "\\@evil.com", "/%2e%2e/", " /"))
        .Select((scheme, user, host, port, rest) => scheme + user + host + port + rest);

    /// <summary>One random edit: insert, delete or replace a character (attackers' near-misses).</summary>
    private static Gen<string> Mutated(Gen<string> text) =>
        Gen.Select(text, Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Char["/.@:%\\#?[]\u0000\u00ad\u200b\uff0e\ud800aZ0"]).Select((value, op, at, c) =>
        {
            if (value.Length == 0)
            {
                return c.ToString();
            }
            int i = at % value.Length;
            return op switch
            {
                0 => value.Insert(i, c.ToString()),
                1 => value.Remove(i, 1),
                _ => value[..i] + c + value[(i + 1)..],
            };
        });

    private static byte[] Input(byte selector, string text) =>
        // UTF-16 (selector's high bit) keeps lone surrogates intact, as a JSON string can carry them.
        [(byte)(selector | 0x80), .. Encoding.Unicode.GetBytes(text)];

    [Fact]
    public void The_path_check_never_allows_what_the_model_denies()
    {
        using var target = new PathTarget();
        Gen.Select(Gen.OneOf(s_path, Mutated(s_path)), Gen.Int[0, 2]).Sample((path, access) => target.Run(Input((byte)access, path)), iter: 20_000);
    }

    [Fact]
    public void Every_entry_of_the_attack_tree_is_judged_as_the_model_judges_it()
    {
        // Random draws reach a given entry by its name alone only now and then; this visits each one, every time.
        using var target = new PathTarget();
        using var tree = new AttackTree();
        var root = new DirectoryInfo(tree.Root);
        string[] entries =
        [
            .. root.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .Select(e => Path.GetRelativePath(tree.Root, e.FullName)),
            .. root.EnumerateFileSystemInfos().Where(e => e.LinkTarget is not null).Select(e => e.Name),
        ];
        Assert.Contains("climb", entries);
        foreach (string entry in entries.Distinct())
        {
            foreach (string path in new[] { entry, entry + "/inner.txt", entry + "/new.txt", entry + "/secret.txt" })
            {
                for (byte access = 0; access < 3; access++)
                {
                    target.Run(Input(access, path));
                }
            }
        }
    }

    [Fact]
    public void The_url_check_never_allows_what_the_model_denies()
    {
        var target = new UrlTarget();
        Gen.Select(Gen.OneOf(s_url, Mutated(s_url)), Gen.Int[0, 3]).Sample((url, rule) => target.Run(Input((byte)rule, url)), iter: 20_000);
    }

    [Fact]
    public void The_path_model_objects_to_every_escape_of_the_attack_tree()
    {
        // The model itself must be able to fail: fed the results a broken check would return, it objects to each.
        using var tree = new AttackTree();
        var options = new PathRootOptions { Directory = tree.Root, MaxFileSize = 1024 };
        string In(string relative) => Path.Join(tree.Root, relative);
        Assert.Contains("outside", PathModel.Objection(tree.Root, Path.Join(tree.Outside, "secret.txt"), PathAccess.Read, options));
        Assert.Contains("outside the root", PathModel.Objection(tree.Root, In("link-out/secret.txt"), PathAccess.Read, options));
        Assert.Contains("outside the root", PathModel.Objection(tree.Root, In("chain1"), PathAccess.Read, options));
        Assert.Contains("outside the root", PathModel.Objection(tree.Root, In("dangling"), PathAccess.Write, options));
        Assert.Contains("loop", PathModel.Objection(tree.Root, In("loop1"), PathAccess.Read, options));
        Assert.Contains("hard links", PathModel.Objection(tree.Root, In("hard.txt"), PathAccess.Read, options));
        Assert.Contains("FIFO", PathModel.Objection(tree.Root, In("fifo"), PathAccess.Read, options));
        Assert.Contains("FIFO", PathModel.Objection(tree.Root, In("sock"), PathAccess.Delete, options));
        Assert.Contains("over the cap", PathModel.Objection(tree.Root, In("big.bin"), PathAccess.Read, options));
        Assert.Contains("protected", PathModel.Objection(tree.Root, In(".git/config"), PathAccess.Write, options));
        Assert.Contains("root itself", PathModel.Objection(tree.Root, tree.Root, PathAccess.Delete, options));
        Assert.Contains("symbolic link", PathModel.Objection(tree.Root, In("link-in/inner.txt"), PathAccess.Read, options));
        Assert.Contains("canonical", PathModel.Objection(tree.Root, In("sub/../notes.txt"), PathAccess.Read, options));
        Assert.Null(PathModel.Objection(tree.Root, In("sub/inner.txt"), PathAccess.Read, options));
        Assert.Null(PathModel.Objection(tree.Root, In("sub/new.txt"), PathAccess.Write, options));
    }
}
