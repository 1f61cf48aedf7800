using System.Text.Json;
using TypedTools.Arguments;

namespace TypedTools.Testing.Fuzzing;

/// <summary>
/// Fuzzes generated argument parsers. The first byte picks a tool, the rest is the JSON of its arguments object.
/// Invariants: parsing never throws; every refusal carries a documented code, a field and a message; an accepted
/// object's canonical form is accepted again and is a fixed point (parse, write, parse, write gives the same bytes).
/// </summary>
public sealed class ParserTarget(IEnumerable<ITypedTool> tools) : IFuzzTarget
{
    private readonly ITypedTool[] _tools = [.. tools.OrderBy(t => t.Descriptor.Name, StringComparer.Ordinal)];

    /// <inheritdoc />
    public string Name => "parser";

    /// <summary>The tools, in the order the first byte indexes.</summary>
    public IReadOnlyList<ITypedTool> Tools => _tools;

    /// <inheritdoc />
    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0 || _tools.Length == 0)
        {
            return;
        }
        ITypedTool tool = _tools[input[0] % _tools.Length];
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
