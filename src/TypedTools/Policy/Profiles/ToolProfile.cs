namespace TypedTools.Policy.Profiles;

/// <summary>
/// A workflow's allowlist: the tools one kind of task may use, by name or by what they declare. A model working
/// on a task sees and can call only its profile's tools, so text that asks it to do something else finds no tool.
/// </summary>
public sealed class ToolProfile
{
    private readonly Func<ToolDescriptor, bool> _allows;

    /// <summary>Creates a profile from a rule over tool descriptors.</summary>
    /// <param name="name">The profile's name (as <c>--profile</c> or a role mapping names it).</param>
    /// <param name="description">What the workflow is.</param>
    /// <param name="allows">Which tools the workflow may use.</param>
    public ToolProfile(string name, string description, Func<ToolDescriptor, bool> allows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(allows);
        Name = name;
        Description = description;
        _allows = allows;
    }

    /// <summary>A profile of exactly the named tools.</summary>
    public static ToolProfile ForTools(string name, string description, params string[] tools)
    {
        var set = tools.ToHashSet(StringComparer.Ordinal);
        return new ToolProfile(name, description, tool => set.Contains(tool.Name));
    }

    /// <summary>The profile's name.</summary>
    public string Name { get; }

    /// <summary>What the workflow is.</summary>
    public string Description { get; }

    /// <summary>Whether the workflow may use the tool.</summary>
    public bool Allows(ToolDescriptor tool) => _allows(tool);
}
