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
        /// <summary>A JSON object of any property names, read as a dictionary from string keys (or an enum's member names or integers: <see cref="TypeSpec.Key"/>).</summary>
        Map,
    }

    /// <summary>How a collection is materialised.</summary>
    internal enum CollectionKind
    {
        None,
        /// <summary>A <c>T[]</c>, also used for IReadOnlyList, IReadOnlyCollection and IEnumerable.</summary>
        Array,
        /// <summary>A <c>List&lt;T&gt;</c>, also used for IList and ICollection.</summary>
        List,
        /// <summary>A <c>Dictionary&lt;string, T&gt;</c>, also used for IDictionary and IReadOnlyDictionary.</summary>
        Dictionary,
        /// <summary>A <c>HashSet&lt;T&gt;</c>, also used for ISet and IReadOnlySet: an array whose items are unique.</summary>
        Set,
    }

    /// <summary>
    /// The immutable or read-only type a collection is handed over as, once read as its <see cref="CollectionKind"/>
    /// (read, checked and counted exactly as that kind is; only the last step differs).
    /// </summary>
    internal enum CollectionForm
    {
        /// <summary>The <see cref="CollectionKind"/>'s own type.</summary>
        AsRead,
        /// <summary>An <c>ImmutableArray&lt;T&gt;</c> over the array read (no copy). A struct: its default is written as null.</summary>
        ImmutableArray,
        /// <summary>An <c>ImmutableList&lt;T&gt;</c>, also used for IImmutableList.</summary>
        ImmutableList,
        /// <summary>A <c>ReadOnlyCollection&lt;T&gt;</c> over the array read.</summary>
        ReadOnlyCollection,
        /// <summary>An <c>ImmutableHashSet&lt;T&gt;</c>, also used for IImmutableSet.</summary>
        ImmutableHashSet,
        /// <summary>A <c>FrozenSet&lt;T&gt;</c>.</summary>
        FrozenSet,
        /// <summary>An <c>ImmutableDictionary&lt;string, T&gt;</c>, also used for IImmutableDictionary.</summary>
        ImmutableDictionary,
        /// <summary>A <c>FrozenDictionary&lt;string, T&gt;</c>.</summary>
        FrozenDictionary,
        /// <summary>A <c>ReadOnlyDictionary&lt;string, T&gt;</c> over the dictionary read.</summary>
        ReadOnlyDictionary,
    }

    /// <summary>
    /// One value type as the generator sees it: its kind, its C# spelling and, for containers, what it holds.
    /// Immutable and compared by value (it is part of the incremental pipeline's model).
    /// </summary>
    /// <param name="Kind">The JSON-facing kind.</param>
    /// <param name="TypeName">The fully qualified C# type, without its own nullable annotation (<c>global::System.Int32</c>); its type arguments keep theirs.</param>
    /// <param name="IsNullable">Whether JSON <c>null</c> is accepted (a <c>Nullable&lt;T&gt;</c> or an annotated reference type).</param>
    /// <param name="IsNullableValueType">Whether the C# type is <c>Nullable&lt;T&gt;</c>.</param>
    /// <param name="Element">The item type of an array, the value type of a map.</param>
    /// <param name="Collection">How an array or a map is materialised.</param>
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
        /// <summary>For a collection, the type it is handed over as (immutable and read-only collections).</summary>
        public CollectionForm Form { get; init; }

        /// <summary>
        /// For a map keyed by an enum, the enum (its property names are the members' JSON names), or by an integer type (its
        /// property names are the numbers' decimal spellings); null for string keys.
        /// </summary>
        public TypeSpec? Key { get; init; }

        /// <summary>The C# type of a map's keys.</summary>
        public string KeyTypeName => Key?.TypeName ?? "string";

        /// <summary>True for an ImmutableArray: the one collection that is a struct, whose default holds no array.</summary>
        public bool IsStructCollection => Form == CollectionForm.ImmutableArray;

        /// <summary>The C# type of a variable holding this value, with its nullable annotation.</summary>
        public string DeclaredTypeName => IsNullable ? TypeName + "?" : TypeName;

        /// <summary>True for kinds read and written by a single runtime overload.</summary>
        public bool IsPrimitive => Kind != ValueKind.Enum && !IsCollection && Kind != ValueKind.Object;

        /// <summary>True for arrays and maps: values that hold <see cref="Element"/>s, with a count of them the schema bounds.</summary>
        public bool IsCollection => Kind == ValueKind.Array || Kind == ValueKind.Map;

        /// <summary>True for integer kinds.</summary>
        public bool IsInteger => Kind >= ValueKind.SByte && Kind <= ValueKind.UInt64;

        /// <summary>True for any numeric kind.</summary>
        public bool IsNumber => Kind >= ValueKind.SByte && Kind <= ValueKind.Decimal;

        /// <summary>The same type without nullability (what a successful non-null read yields).</summary>
        public TypeSpec NonNullable => IsNullable ? this with { IsNullable = false, IsNullableValueType = false } : this;
    }
}
