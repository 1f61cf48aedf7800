using TypedTools.Policy;

namespace TypedTools;

/// <summary>A generated tool: what the policy layer knows about it without calling it.</summary>
public interface ITypedTool
{
    /// <summary>The tool's static policy facts.</summary>
    ToolDescriptor Descriptor { get; }
}
