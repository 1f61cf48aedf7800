using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace TypedTools.Audit;

/// <summary>
/// SHA-256 for the audit chain: two digests of a few hundred bytes in every allowed call. On Linux the runtime's own
/// OpenSSL hashes either way; through <see cref="IncrementalHash"/> each digest also pays OpenSSL 3's per-call
/// bookkeeping (EVP context reset, error-queue clearing, frees: ~290 ns measured on the empty message), as much as
/// hashing a whole record. OpenSSL's low-level <c>SHA256_Init/Update/Final</c> on a stack context skip it: ~180 ns
/// against ~450 ns for a 260-byte record. They are used only where the loaded library exports them, FIPS mode is off
/// (the FIPS provider is reached through the EVP path alone) and a self-test agrees with the managed path; everywhere
/// else, and after any failure to load, <see cref="IncrementalHash"/>.
/// </summary>
internal static unsafe class ChainSha256
{
    // One managed context per thread for the fallback, reset after each digest (the one-shot form creates and frees one each time).
    [ThreadStatic]
    private static IncrementalHash? t_sha;

    private static readonly OpenSslFunctions? s_openSsl = OpenSslFunctions.Load();

    /// <summary>Whether digests go to OpenSSL's low-level functions (false: <see cref="IncrementalHash"/>).</summary>
    internal static bool UsesOpenSslDirectly => s_openSsl is not null;

    /// <summary>SHA-256 of <paramref name="data"/> into the 32 bytes of <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (digest.Length < 32)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(digest));
        }
        if (s_openSsl is { } openSsl)
        {
            openSsl.Hash(data, digest);
        }
        else
        {
            HashManaged(data, digest);
        }
    }

    /// <summary>The managed path (also what the self-test compares against). A context an exception interrupted is dropped, never reused half-fed.</summary>
    internal static void HashManaged(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        IncrementalHash sha = t_sha ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        t_sha = null;
        sha.AppendData(data);
        sha.GetHashAndReset(digest);
        t_sha = sha;
    }

    /// <summary>The three low-level functions of the libcrypto the runtime loads.</summary>
    private sealed class OpenSslFunctions
    {
        // SHA256_CTX is 112 bytes in OpenSSL 1.1 and 3.x (eight state words, two length words, a 64-byte block, two ints); room to spare.
        private const int ContextSize = 256;

        private readonly delegate* unmanaged<byte*, int> _init;
        private readonly delegate* unmanaged<byte*, byte*, nuint, int> _update;
        private readonly delegate* unmanaged<byte*, byte*, int> _final;

        private OpenSslFunctions(nint init, nint update, nint final)
        {
            _init = (delegate* unmanaged<byte*, int>)init;
            _update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
            _final = (delegate* unmanaged<byte*, byte*, int>)final;
        }

        public void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
        {
            byte* context = stackalloc byte[ContextSize];
            fixed (byte* input = data)
            fixed (byte* output = digest)
            {
                // Each returns 1 on success; a failure fails the record (and so the call it was for), never a wrong hash.
                if (_init(context) != 1 || _update(context, input, (nuint)data.Length) != 1 || _final(output, context) != 1)
                {
                    throw new CryptographicException("OpenSSL's SHA-256 failed.");
                }
            }
        }

        /// <summary>The functions, or null where any is missing, FIPS mode is on, or the self-test disagrees.</summary>
        public static OpenSslFunctions? Load()
        {
            try
            {
                if (!OperatingSystem.IsLinux())
                {
                    return null;
                }
                // The names the runtime's OpenSSL shim tries first: the same library it hashes with.
                foreach (string name in (ReadOnlySpan<string>)["libcrypto.so.3", "libcrypto.so.1.1"])
                {
                    if (!NativeLibrary.TryLoad(name, out nint library))
                    {
                        continue;
                    }
                    if (InFipsMode(library) ||
                        !NativeLibrary.TryGetExport(library, "SHA256_Init", out nint init) ||
                        !NativeLibrary.TryGetExport(library, "SHA256_Update", out nint update) ||
                        !NativeLibrary.TryGetExport(library, "SHA256_Final", out nint final))
                    {
                        return null;
                    }
                    var functions = new OpenSslFunctions(init, update, final);
                    return functions.AgreesWithManaged() ? functions : null;
                }
                return null;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Anything odd about the library: the managed path, which is always correct.
                return null;
            }
        }

        private static bool InFipsMode(nint library)
        {
            if (NativeLibrary.TryGetExport(library, "EVP_default_properties_is_fips_enabled", out nint fips3))
            {
                return ((delegate* unmanaged<nint, int>)fips3)(0) != 0;
            }
            return NativeLibrary.TryGetExport(library, "FIPS_mode", out nint fips1) && ((delegate* unmanaged<int>)fips1)() != 0;
        }

        /// <summary>Both paths on lengths around the block boundaries (55, 56, 64 bytes: the padding's cases) and a long input.</summary>
        private bool AgreesWithManaged()
        {
            byte[] input = new byte[1_000];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (byte)(i * 31 + 7);
            }
            Span<byte> native = stackalloc byte[32];
            Span<byte> managed = stackalloc byte[32];
            foreach (int length in (ReadOnlySpan<int>)[0, 3, 55, 56, 63, 64, 65, 127, 128, 1_000])
            {
                Hash(input.AsSpan(0, length), native);
                HashManaged(input.AsSpan(0, length), managed);
                if (!native.SequenceEqual(managed))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
