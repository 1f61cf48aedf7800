using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TypedTools.Audit;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>
/// The audit chain hashes through OpenSSL's low-level SHA-256 where the runtime's libcrypto has it. Every digest must be
/// the one .NET's own SHA-256 gives: a log written by one path is verified by the other.
/// </summary>
public sealed class ChainSha256Tests
{
    [Fact]
    public void Digests_equal_the_runtimes_sha256_on_every_length_and_content()
    {
        var random = new Random(17);
        byte[] data = new byte[9_000];
        Span<byte> digest = stackalloc byte[32];
        // Every length up to a few blocks (the padding's cases), then random ones up to record sizes and beyond.
        IEnumerable<int> lengths = Enumerable.Range(0, 300).Concat(Enumerable.Range(0, 2_000).Select(_ => random.Next(data.Length)));
        foreach (int length in lengths)
        {
            random.NextBytes(data.AsSpan(0, length));
            ChainSha256.Hash(data.AsSpan(0, length), digest);
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), digest.ToArray());
        }
    }

    [Fact]
    public void Known_answers()
    {
        // FIPS 180-2's examples.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hex("abc"u8));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex([]));
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8));
    }

    [Fact]
    public void Digests_from_many_threads_at_once_stay_correct()
    {
        // Each digest's context lives on its caller's stack: no state is shared between threads.
        byte[][] inputs = Enumerable.Range(0, 64).Select(i => Enumerable.Range(0, 200 + i * 13).Select(b => (byte)(b * i)).ToArray()).ToArray();
        byte[][] expected = inputs.Select(SHA256.HashData).ToArray();
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            Span<byte> digest = stackalloc byte[32];
            ChainSha256.Hash(inputs[i % 64], digest);
            Assert.True(digest.SequenceEqual(expected[i % 64]));
        });
    }

    [Fact]
    public void A_digest_buffer_too_short_is_refused()
    {
        byte[] digest = new byte[31];
        Assert.Throws<ArgumentException>(() => ChainSha256.Hash("abc"u8, digest));
    }

    [Fact]
    public void On_linux_with_openssl_the_low_level_functions_are_used()
    {
        // The point of the type: if loading silently fell back everywhere, every other test here would still pass.
        Assert.SkipUnless(OperatingSystem.IsLinux(), "OpenSSL's low-level functions are used on Linux only.");
        Assert.SkipUnless(NativeLibrary.TryLoad("libcrypto.so.3", out _) || NativeLibrary.TryLoad("libcrypto.so.1.1", out _),
            "This machine has no libcrypto the runtime would load.");
        Assert.True(ChainSha256.UsesOpenSslDirectly);
    }

    private static string Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        ChainSha256.Hash(data, digest);
        return Convert.ToHexStringLower(digest);
    }
}
