using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TypedTools.Policy.Confirmation;

/// <summary>What a confirmation state binds: the tool, a hash of its canonical arguments, the caller, a single-use nonce and an expiry.</summary>
public sealed record ConfirmationState(string Tool, string ArgumentsHash, string Principal, string Nonce, DateTimeOffset Expires);

/// <summary>
/// Seals <see cref="ConfirmationState"/> for the multi-round-trip flow with HMAC-SHA256 under a server key:
/// <c>v1.{payload}.{mac}</c> in base64url. The client holds the state but cannot make or change one.
/// </summary>
public sealed class ConfirmationSeal
{
    private readonly byte[] _key;

    /// <summary>Creates a seal; a null key means a fresh random one.</summary>
    public ConfirmationSeal(byte[]? key)
    {
        if (key is not null && key.Length < 32)
        {
            throw new ArgumentException("The confirmation key must be at least 32 bytes.", nameof(key));
        }
        _key = key ?? RandomNumberGenerator.GetBytes(32);
    }

    /// <summary>The sealed text of a state.</summary>
    public string Seal(ConfirmationState state)
    {
        byte[] payload;
        using (var buffer = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("t", state.Tool);
                writer.WriteString("a", state.ArgumentsHash);
                writer.WriteString("p", state.Principal);
                writer.WriteString("n", state.Nonce);
                writer.WriteNumber("e", state.Expires.ToUnixTimeMilliseconds());
                writer.WriteEndObject();
            }
            payload = buffer.ToArray();
        }
        return "v1." + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>The state inside <paramref name="sealedText"/>, or null when it is malformed or its seal does not verify.</summary>
    public ConfirmationState? Open(string sealedText)
    {
        string[] parts = sealedText.Split('.');
        if (parts.Length != 3 || parts[0] != "v1")
        {
            return null;
        }
        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(parts[1]);
            mac = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload)))
        {
            return null;
        }
        using JsonDocument document = JsonDocument.Parse(payload);
        JsonElement root = document.RootElement;
        return new ConfirmationState(root.GetProperty("t").GetString()!, root.GetProperty("a").GetString()!, root.GetProperty("p").GetString()!,
            root.GetProperty("n").GetString()!, DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("e").GetInt64()));
    }

    /// <summary>The hash a state binds: SHA-256 over the tool name and its canonical arguments.</summary>
    public static string HashArguments(string tool, ReadOnlySpan<byte> canonicalArguments)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(tool));
        hash.AppendData([0]);
        hash.AppendData(canonicalArguments);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
