using System.Text.Json;

namespace TypedTools.Results;

/// <summary>Copies JSON while rewriting every string value (results sanitised, audit arguments cut).</summary>
internal static class JsonStrings
{
    public static void Rewrite(Utf8JsonWriter writer, JsonElement value, Func<string, string> rewrite)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Rewrite(writer, property.Value, rewrite);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in value.EnumerateArray())
                {
                    Rewrite(writer, item, rewrite);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(rewrite(value.GetString()!));
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
