using System.Buffers;
using System.Runtime.CompilerServices;

namespace TypedTools.Arguments;

/// <summary>
/// The one order in which canonical arguments list a set's items and a dictionary's entries, whatever order the
/// collection enumerates in: keys and string items by UTF-16 code unit (as RFC 8785 orders an object's properties),
/// numbers, booleans and enums by value. A <c>HashSet</c> or <c>Dictionary</c> enumerates in the order the call sent,
/// and a hashed immutable or frozen one by hash code, which .NET randomizes per process for strings: without one order
/// the same arguments would hash differently, so a confirmation given for a call would not match the same call retried
/// in another process, and the audit could list one value two ways. Results keep the collection's own order.
/// </summary>
public static class CanonicalOrder
{
    /// <summary>A set's items in canonical order, for one <c>foreach</c>.</summary>
    public static SortedItems<T> Items<T>(IEnumerable<T> set) => new(set, ItemOrder<T>.Comparer);

    /// <summary>A dictionary's entries in canonical order of their keys, for one <c>foreach</c>.</summary>
    public static SortedItems<KeyValuePair<string, T>> Entries<T>(IEnumerable<KeyValuePair<string, T>> map) => new(map, KeyOrder<T>.Comparer);

    /// <summary>
    /// A dictionary's entries keyed by the names its keys are written as (an enum's member names, an integer's decimal
    /// spelling), in canonical order of those names, for one <c>foreach</c>: the written object's properties are in the
    /// same order as a string-keyed one's, and each name is made once, for both the sort and the writer.
    /// </summary>
    public static SortedItems<KeyValuePair<string, T>> Entries<TKey, T>(IEnumerable<KeyValuePair<TKey, T>> map, Func<TKey, string> name) =>
        SortedItems<KeyValuePair<string, T>>.Projected(map, entry => new(name(entry.Key), entry.Value), KeyOrder<T>.Comparer);

    private static class ItemOrder<T>
    {
        // string's default comparer is the culture's; JSON's strings are ordered by code unit.
        public static readonly IComparer<T> Comparer = typeof(T) == typeof(string) ? (IComparer<T>)StringComparer.Ordinal : Comparer<T>.Default;
    }

    private sealed class KeyOrder<T> : IComparer<KeyValuePair<string, T>>
    {
        public static readonly KeyOrder<T> Comparer = new();

        public int Compare(KeyValuePair<string, T> x, KeyValuePair<string, T> y) => string.CompareOrdinal(x.Key, y.Key);
    }
}

/// <summary>
/// A collection's items copied into a pooled array and sorted; enumerate it once with <c>foreach</c>, which hands the
/// array back to the pool when the loop ends (a <c>ref struct</c>, so it cannot outlive the loop that writes it).
/// </summary>
public ref struct SortedItems<T>
{
    private T[]? _items;
    private readonly int _count;
    private int _index;

    /// <summary>The items, sorted by <paramref name="comparer"/>.</summary>
    internal SortedItems(IEnumerable<T> source, IComparer<T> comparer)
        : this(Copy(source, static item => item), comparer)
    {
    }

    private SortedItems((T[] Items, int Count) copy, IComparer<T> comparer)
    {
        (_items, _count) = copy;
        _items.AsSpan(0, _count).Sort(comparer);
        _index = -1;
    }

    /// <summary>The items <paramref name="project"/> makes of the source's, sorted by <paramref name="comparer"/>.</summary>
    internal static SortedItems<T> Projected<TSource>(IEnumerable<TSource> source, Func<TSource, T> project, IComparer<T> comparer) =>
        new(Copy(source, project), comparer);

    private static (T[] Items, int Count) Copy<TSource>(IEnumerable<TSource> source, Func<TSource, T> project)
    {
        // At least one: a pool's empty array is not one it takes back.
        T[] items = ArrayPool<T>.Shared.Rent(source.TryGetNonEnumeratedCount(out int expected) ? Math.Max(expected, 1) : 16);
        int count = 0;
        foreach (TSource item in source)
        {
            if (count == items.Length)
            {
                T[] larger = ArrayPool<T>.Shared.Rent(items.Length * 2);
                items.AsSpan(0, count).CopyTo(larger);
                Return(items);
                items = larger;
            }
            items[count++] = project(item);
        }
        return (items, count);
    }

    /// <summary>The enumerator: this value itself.</summary>
    public readonly SortedItems<T> GetEnumerator() => this;

    /// <summary>The current item.</summary>
    public readonly T Current => _items![_index];

    /// <summary>Moves to the next item.</summary>
    public bool MoveNext() => ++_index < _count;

    /// <summary>Hands the array back to the pool.</summary>
    public void Dispose()
    {
        if (_items is { } items)
        {
            _items = null;
            Return(items);
        }
    }

    private static void Return(T[] items) => ArrayPool<T>.Shared.Return(items, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
}
