using TypedTools.Generator.Helpers;

namespace TypedTools.Generator.Model
{
    /// <summary>An enumeration: its members' names, which are its only JSON spellings.</summary>
    /// <param name="Members">Every member's JSON name (its C# name, or its <c>[JsonStringEnumMemberName]</c>), in declaration order: what a reader accepts.</param>
    /// <param name="ClrMembers">The same members' C# names, for the code that names them.</param>
    /// <param name="Written">The index of the first member of each value: what a writer writes (members may share a value).</param>
    /// <param name="IsFlags">A <c>[Flags]</c> enum: its JSON is an array of member names, whose values are combined.</param>
    internal sealed record EnumSpec(string Key, string TypeName, EquatableArray<string> Members, EquatableArray<string> ClrMembers, EquatableArray<int> Written,
        string? Description, bool IsFlags, bool HasZero);

    /// <summary>A record, class or struct read from a JSON object (input) or written as one (output).</summary>
    /// <param name="Key">Unique within the tool; names the generated reader or writer.</param>
    /// <param name="TypeName">Fully qualified C# type.</param>
    /// <param name="Members">The JSON properties, in declaration order.</param>
    /// <param name="Description">From [Description] or XML docs.</param>
    /// <param name="IsValueType">Structs are never null and have no <c>?</c> in helper signatures.</param>
    internal sealed record ObjectSpec(string Key, string TypeName, EquatableArray<MemberSpec> Members, string? Description, bool IsValueType);

    /// <summary>A type whose helpers a tool's own code calls: read and written as an argument, or written as a result.</summary>
    internal sealed record TypeUse(TypeSpec Type, bool AsResult);

    /// <summary>
    /// The JSON types of one tool, or merged, of the whole assembly: the types its code calls helpers for, and the
    /// definitions those helpers are written from. Compared by value, so that an edit that leaves every tool's types as
    /// they were does not re-emit the shared file.
    /// </summary>
    internal sealed record ToolTypesSpec(
        EquatableArray<TypeUse> Roots,
        EquatableArray<ObjectSpec> InputObjects,
        EquatableArray<ObjectSpec> OutputObjects,
        EquatableArray<EnumSpec> Enums);
}
