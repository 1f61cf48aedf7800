using System;

namespace TypedTools.Generator.Model
{
    /// <summary>The JSON-facing kinds of value the generator can parse and write.</summary>
    internal enum ValueKind
    {
        String,
        Boolean,
        SByte,
        Byte,
        Int16,
        UInt16,
        Int32,
        UInt32,
        Int64,
        UInt64,
        Single,
        Double,
        Decimal,
        Guid,
        DateTimeOffset,
        DateOnly,
        TimeOnly,
        TimeSpan,
        Uri,
        Enum,
        Array,
        Object,
    }

    /// <summary>How a collection is materialised.</summary>
    internal enum CollectionKind
    {
        None,
        /// <summary>A <c>T[]</c>, also used for IReadOnlyList, IReadOnlyCollection and IEnumerable.</summary>
        Array,
        /// <summary>A <c>List&lt;T&gt;</c>, also used for IList and ICollection.</summary>
        List,
    }

    /// <summary>
    /// One value type as the generator sees it: its kind, its C# spelling and, for containers, what it holds.
    /// Immutable and compared by value (it is part of the incremental pipeline's model).
    /// </summary>
    /// <param name="Kind">The JSON-facing kind.</param>
    /// <param name="TypeName">The fully qualified C# type, without a nullable annotation (<c>global::System.Int32</c>).</param>
    /// <param name="IsNullable">Whether JSON <c>null</c> is accepted (a <c>Nullable&lt;T&gt;</c> or an annotated reference type).</param>
    /// <param name="IsNullableValueType">Whether the C# type is <c>Nullable&lt;T&gt;</c>.</param>
    /// <param name="Element">The item type of an array.</param>
    /// <param name="Collection">How an array is materialised.</param>
    /// <param name="DefinitionKey">For enums and objects, the key of their definition in the tool's tables.</param>
    internal sealed record TypeSpec(
        ValueKind Kind,
        string TypeName,
        bool IsNullable,
        bool IsNullableValueType,
        TypeSpec? Element,
        CollectionKind Collection,
        string? DefinitionKey)
    {
        /// <summary>The C# type of a variable holding this value, with its nullable annotation.</summary>
        public string DeclaredTypeName => IsNullable ? TypeName + "?" : TypeName;

        /// <summary>True for kinds read and written by a single runtime overload.</summary>
        public bool IsPrimitive => Kind != ValueKind.Enum && Kind != ValueKind.Array && Kind != ValueKind.Object;

        /// <summary>True for integer kinds.</summary>
        public bool IsInteger => Kind >= ValueKind.SByte && Kind <= ValueKind.UInt64;

        /// <summary>True for any numeric kind.</summary>
        public bool IsNumber => Kind >= ValueKind.SByte && Kind <= ValueKind.Decimal;

        /// <summary>The same type without nullability (what a successful non-null read yields).</summary>
        public TypeSpec NonNullable => IsNullable ? this with { IsNullable = false, IsNullableValueType = false } : this;
    }
}
