using System.Text.Json.Nodes;

namespace TypedTools.Testing.RedTeam;

/// <summary>
/// JSON text that goes out exactly as written inside a request a client sends: what a built <see cref="JsonObject"/>
/// cannot hold (a key twice, a <c>\uD800</c> escape, which .NET strings would turn into U+FFFD).
/// </summary>
internal static class RawJson
{
    /// <summary>
    /// A node that serialises as <paramref name="text"/>: a parsed node that is never read writes the JSON it was parsed
    /// from (the same reason TypedTools checks the raw request for duplicates).
    /// </summary>
    public static JsonNode Node(string text) => JsonNode.Parse(text)!;
}
