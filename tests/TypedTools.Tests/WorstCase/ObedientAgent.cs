using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedTools.Tests.Harness;

namespace TypedTools.Tests.WorstCase;

/// <summary>
/// The fully prompt-injected model: it reads what it is given, and every tool call it finds written in any tool
/// output (a tool name followed by a JSON object) it makes, then reads that call's output for more. It knows the
/// names of all the sample's tools, whether or not the server lists them. Nothing in it is clever; everything
/// it is told, it tries.
/// </summary>
public sealed class ObedientAgent(McpClient client)
{
    private static readonly string[] s_tools =
        ["read_file", "list_directory", "write_file", "delete_file", "search_files", "fetch_page", "send_message", "read_inbox"];

    /// <summary>Every call it made, in order, with what came back.</summary>
    public List<(string Tool, string Arguments, CallToolResult Result)> Attempts { get; } = [];

    /// <summary>Makes the calls, then follows every instruction found in their outputs, until none is new.</summary>
    public async Task RunAsync(IEnumerable<(string Tool, string Arguments)> start, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<(string Tool, string Arguments)>(start);
        while (pending.Count > 0 && Attempts.Count < 300)
        {
            (string tool, string arguments) = pending.Dequeue();
            if (!seen.Add(tool + " " + arguments))
            {
                continue;
            }
            CallToolResult result = await client.CallToolAsync(tool, Json.Args(arguments), cancellationToken: cancellationToken);
            Attempts.Add((tool, arguments, result));
            foreach (var instruction in Instructions(Output(result)))
            {
                pending.Enqueue(instruction);
            }
        }
    }

    /// <summary>Everything a model would read of a result: its text and its structured content (decoded, so escaped JSON reads as text).</summary>
    private static string Output(CallToolResult result)
    {
        var text = new StringBuilder(Refusals.Text(result));
        if (result.StructuredContent is { } structured)
        {
            Collect(structured, text);
        }
        return text.ToString();
    }

    private static void Collect(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    Collect(property.Value, text);
                }
                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in value.EnumerateArray())
                {
                    Collect(item, text);
                }
                break;
            case JsonValueKind.String:
                text.Append('\n').Append(value.GetString());
                break;
        }
    }

    /// <summary>Each "tool_name {json}" in the text whose JSON parses.</summary>
    public static IEnumerable<(string Tool, string Arguments)> Instructions(string text)
    {
        foreach (string tool in s_tools)
        {
            for (int at = text.IndexOf(tool, StringComparison.Ordinal); at >= 0; at = text.IndexOf(tool, at + tool.Length, StringComparison.Ordinal))
            {
                int open = text.IndexOf('{', at + tool.Length);
                if (open < 0 || text[(at + tool.Length)..open].Trim().Length > 8)
                {
                    continue; // the object must follow the name
                }
                string? json = Balanced(text, open);
                if (json is null)
                {
                    continue;
                }
                bool valid;
                try
                {
                    using JsonDocument document = JsonDocument.Parse(json);
                    valid = document.RootElement.ValueKind == JsonValueKind.Object;
                }
                catch (JsonException)
                {
                    valid = false;
                }
                if (valid)
                {
                    yield return (tool, json);
                }
            }
        }
    }

    private static string? Balanced(string text, int open)
    {
        int depth = 0;
        bool inString = false;
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return text[open..(i + 1)];
            }
        }
        return null;
    }
}
