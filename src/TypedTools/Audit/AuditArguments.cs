using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TypedTools.Audit;

/// <summary>What of a call's arguments the audit log keeps: canonical values with long strings cut (and hashed), or for a malformed call only its shape.</summary>
public static class AuditArguments
{
    /// <summary>The canonical arguments, with every string longer than <paramref name="maxString"/> characters cut and marked with its SHA-256.</summary>
    public static ReadOnlyMemory<byte> Truncated(ReadOnlyMemory<byte> canonical, int maxString)
    {
        // No string in it can be longer than the whole text: nothing to cut. Cutting is a method of its own, so that its
        // lambdas' closure is made only when it runs.
        return canonical.Length <= maxString ? canonical : CutStrings(canonical, maxString);
    }

    private static byte[] CutStrings(ReadOnlyMemory<byte> canonical, int maxString)
    {
        using JsonDocument document = JsonDocument.Parse(canonical);
        return Write(writer => Results.JsonStrings.Rewrite(writer, document.RootElement, text => Cut(text, maxString)));
    }

    /// <summary>
    /// The shape of raw arguments: each key with its JSON kind (objects described recursively, arrays as
    /// <c>{"$array": shape of the first item, "$length": n}</c>). No value is kept, so a secret sent by mistake never reaches the log.
    /// </summary>
    public static byte[] Shape(IDictionary<string, JsonElement>? arguments) => Write(writer =>
    {
        writer.WriteStartObject();
        foreach ((string key, JsonElement value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            writer.WritePropertyName(Cut(key, 128));
            WriteShape(writer, value, 0);
        }
        writer.WriteEndObject();
    });

    private static void WriteShape(Utf8JsonWriter writer, JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when depth < 8:
                writer.WriteStartObject();
                foreach (JsonProperty property in value.EnumerateObject().Take(64))
                {
                    writer.WritePropertyName(Cut(property.Name, 128));
                    WriteShape(writer, property.Value, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array when depth < 8:
                // {"$array": shape of the first item, "$length": n}
                writer.WriteStartObject();
                writer.WritePropertyName("$array");
                if (value.GetArrayLength() > 0)
                {
                    WriteShape(writer, value[0], depth + 1);
                }
                else
                {
                    writer.WriteNullValue();
                }
                writer.WriteNumber("$length", value.GetArrayLength());
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.ValueKind.ToString().ToLowerInvariant());
                break;
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text
        : string.Concat(text.AsSpan(0, max), $"…[{text.Length} chars, sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}]");

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, AuditLineWriter.Options))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
