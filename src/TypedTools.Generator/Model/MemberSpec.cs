namespace TypedTools.Generator.Model
{
    /// <summary>How a parsed member reaches a new object.</summary>
    internal enum MemberAssignment
    {
        /// <summary>A constructor argument.</summary>
        Constructor,
        /// <summary>Always in the object initializer (a <c>required</c> member).</summary>
        Initializer,
        /// <summary>Only when present: a <c>with</c> expression (records and structs).</summary>
        With,
        /// <summary>Only when present: a property assignment after construction.</summary>
        Setter,
    }

    /// <summary>One JSON property of a parsed or written object.</summary>
    /// <param name="ClrName">The C# property name.</param>
    /// <param name="JsonName">The exact JSON property name (camelCase, or from [JsonPropertyName]).</param>
    /// <param name="Type">The member's value type.</param>
    /// <param name="IsRequired">Whether the property must be present.</param>
    /// <param name="Assignment">How a parsed value reaches the object.</param>
    /// <param name="DefaultLiteral">A C# literal for an absent optional constructor argument.</param>
    /// <param name="DefaultJson">The default as JSON, for the schema.</param>
    /// <param name="Constraints">Declared validation.</param>
    /// <param name="Description">From [Description] or XML docs.</param>
    /// <param name="IsDestination">Marked <c>[Destination]</c>: where an external send goes (flow rules check it).</param>
    internal sealed record MemberSpec(
        string ClrName,
        string JsonName,
        TypeSpec Type,
        bool IsRequired,
        MemberAssignment Assignment,
        string? DefaultLiteral,
        string? DefaultJson,
        Constraints Constraints,
        string? Description,
        bool IsDestination = false);
}
