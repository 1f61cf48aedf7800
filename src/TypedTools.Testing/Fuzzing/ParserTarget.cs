using System.Text.Json;
using TypedTools.Arguments;

namespace TypedTools.Testing.Fuzzing;

/// <summary>
/// Fuzzes generated argument parsers. The first byte picks a tool, the rest is the JSON of its arguments object.
/// Invariants: parsing never throws; every refusal carries a documented code, a field and a message; an accepted
/// object's canonical form is accepted again and is a fixed point (parse, write, parse, write gives the same bytes).
/// </summary>
/// <remarks>
/// Each tool owns the first bytes from its slot (the first byte of the SHA-256 of its name; the next free one if that
/// is taken, in name order) up to the next tool's slot, wrapping around. A tool added to the set takes over part of
/// one neighbour's range only, so a corpus keeps exercising the tools its inputs were found on.
/// </remarks>
public sealed class ParserTarget : IFuzzTarget
{
    private readonly ITypedTool?[] _byFirstByte = new ITypedTool?[256];

    /// <summary>A target over <paramref name="tools"/> (at most 256 get a slot of their own).</summary>
    public ParserTarget(IEnumerable<ITypedTool> tools)
    {
        var slots = new ITypedTool?[256];
        foreach (ITypedTool tool in tools.OrderBy(t => t.Descriptor.Name, StringComparer.Ordinal).Take(slots.Length))
        {
            int slot = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tool.Descriptor.Name))[0];
            while (slots[slot] is not null)
            {
                slot = (slot + 1) % slots.Length;
            }
            slots[slot] = tool;
        }
        ITypedTool? owner = slots.LastOrDefault(t => t is not null);
        for (int b = 0; b < slots.Length; b++)
        {
            owner = slots[b] ?? owner;
            _byFirstByte[b] = owner;
        }
    }

    /// <inheritdoc />
    public string Name => "parser";

    /// <summary>The tool an input starting with <paramref name="firstByte"/> calls (null when there are none).</summary>
    public ITypedTool? ToolFor(byte firstByte) => _byFirstByte[firstByte];

    /// <inheritdoc />
    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0 || ToolFor(input[0]) is not { } tool)
        {
            return;
        }
        if (ArgumentsObject.TryParse(input[1..]) is not { } arguments)
        {
            return; // not a JSON object: the SDK refuses the request before any tool sees it
        }

        IReadOnlyList<ArgumentError> errors = tool.ValidateArguments(arguments, out ReadOnlyMemory<byte> canonical);
        if (errors.Count > 0)
        {
            foreach (ArgumentError error in errors)
            {
                if (!ArgumentErrorCodes.All.Contains(error.Code) || error.Field is null || string.IsNullOrEmpty(error.Message))
                {
                    throw new FuzzFinding($"{tool.Descriptor.Name}: an undocumented refusal {error}");
                }
            }
            return;
        }

        Dictionary<string, JsonElement> again = ArgumentsObject.TryParse(canonical.Span)
            ?? throw new FuzzFinding($"{tool.Descriptor.Name}: the canonical form is not a JSON object");
        IReadOnlyList<ArgumentError> second = tool.ValidateArguments(again, out ReadOnlyMemory<byte> canonicalAgain);
        if (second.Count > 0)
        {
            throw new FuzzFinding($"{tool.Descriptor.Name}: the canonical form of accepted arguments is refused ({second[0]})");
        }
        if (!canonical.Span.SequenceEqual(canonicalAgain.Span))
        {
            throw new FuzzFinding($"{tool.Descriptor.Name}: the canonical form is not stable");
        }
    }
}

/// <summary>An arguments object as the SDK hands it to a tool: top-level properties, the last of a repeated name winning.</summary>
public static class ArgumentsObject
{
    /// <summary>The object's properties, or null when the bytes are not one JSON object.</summary>
    public static Dictionary<string, JsonElement>? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object || reader.Read())
            {
                return null;
            }
            var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }
            return arguments;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // a property name that is not valid UTF-8: the SDK's deserialiser refuses the request too
        }
    }
}
