namespace TypedTools;

/// <summary>
/// The value says where an external send goes: a recipient address, a channel, a URL. Flow rules read every
/// value marked so (on a tool's parameter or on a member of an argument type, at any depth) to decide whether
/// data may leave; a tool that sends externally and marks none is treated as sending somewhere unknown.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DestinationAttribute : Attribute;
