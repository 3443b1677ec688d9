using System.Collections;
using System.Runtime.CompilerServices;

namespace Assay.Benchmarking.Cost;

/// <summary>An immutable array compared element by element, so records holding one compare by value.</summary>
/// <remarks>
/// <c>default</c> is the empty array. Elements compare with <see cref="EqualityComparer{T}.Default"/>, under which
/// <see cref="float.NaN"/> equals itself, so a tensor that holds NaN survives a round trip equal.
/// Build one with a collection expression (<c>[1, 2, 3]</c>), <see cref="EquatableArray.Create{T}"/> or
/// <see cref="EquatableArray.ToEquatableArray{T}"/>; each copies its input.
/// </remarks>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? _items;

    private EquatableArray(T[] items) => _items = items;

    public int Count => _items?.Length ?? 0;

    public bool IsEmpty => Count == 0;

    public T this[int index] => AsSpan()[index];

    public ReadOnlySpan<T> AsSpan() => _items;

    public ReadOnlySpan<T>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => (_items ?? []).GetEnumerator();

    public bool Equals(EquatableArray<T> other) => AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        // Hashing a few elements keeps hashing a large weight blob cheap; Equals still compares all.
        var hash = new HashCode();
        hash.Add(Count);
        var span = AsSpan();
        for (var i = 0; i < Math.Min(span.Length, 16); i++) hash.Add(span[i]);
        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", _items ?? [])}]";

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Wraps an array the caller gives up (the reader's freshly decoded arrays); no copy.</summary>
    internal static EquatableArray<T> Own(T[] items) => new(items);
}

/// <summary>Builds <see cref="EquatableArray{T}"/> values.</summary>
public static class EquatableArray
{
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => EquatableArray<T>.Own(items.ToArray());

    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => EquatableArray<T>.Own([.. items]);
}
