using TypedTools.Generator.Helpers;

namespace TypedTools.Generator.Model
{
    /// <summary>An enumeration: its members' names, which are its only JSON spellings.</summary>
    internal sealed record EnumSpec(string Key, string TypeName, EquatableArray<string> Members, string? Description);

    /// <summary>A record, class or struct read from a JSON object (input) or written as one (output).</summary>
    /// <param name="Key">Unique within the tool; names the generated reader or writer.</param>
    /// <param name="TypeName">Fully qualified C# type.</param>
    /// <param name="Members">The JSON properties, in declaration order.</param>
    /// <param name="Description">From [Description] or XML docs.</param>
    /// <param name="IsValueType">Structs are never null and have no <c>?</c> in helper signatures.</param>
    internal sealed record ObjectSpec(string Key, string TypeName, EquatableArray<MemberSpec> Members, string? Description, bool IsValueType);
}
