using TypedTools.Policy;

namespace TypedTools;

/// <summary>A generated tool: what the policy layer knows about it without calling it.</summary>
public interface ITypedTool
{
    /// <summary>The tool's static policy facts.</summary>
    ToolDescriptor Descriptor { get; }

    /// <summary>The errors a call with these arguments would be refused for (empty when valid); runs nothing.</summary>
    IReadOnlyList<Arguments.ArgumentError> ValidateArguments(IDictionary<string, System.Text.Json.JsonElement>? arguments);
}
