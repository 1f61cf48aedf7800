using TypedTools.Policy;

namespace TypedTools;

/// <summary>A generated tool: what the policy layer knows about it without calling it.</summary>
public interface ITypedTool
{
    /// <summary>The tool's static policy facts.</summary>
    ToolDescriptor Descriptor { get; }

    /// <summary>The errors a call with these arguments would be refused for (empty when valid); runs nothing.</summary>
    IReadOnlyList<Arguments.ArgumentError> ValidateArguments(IDictionary<string, System.Text.Json.JsonElement>? arguments);

    /// <summary>
    /// As <see cref="ValidateArguments(IDictionary{string, System.Text.Json.JsonElement}?)"/>, and for valid arguments
    /// also the parsed values written back as canonical JSON (parameter order, secrets included, before path and URL
    /// constraints): parsing that JSON again must give the same values, which round-trip tests and fuzzers check.
    /// </summary>
    IReadOnlyList<Arguments.ArgumentError> ValidateArguments(IDictionary<string, System.Text.Json.JsonElement>? arguments, out ReadOnlyMemory<byte> canonical);
}
