using System.Runtime.CompilerServices;

namespace Assay.Metrics.Ranking;

/// <summary>Least-significant-digit radix sort of uint32 keys, each carrying a payload, in three passes of 11 bits.</summary>
/// <remarks>
/// Linear time, and the three digit histograms come from one read of the keys (callers fill them while building the keys).
/// A pass whose digit is the same for every key is skipped. The sort is stable, though ranking only needs keys in order.
/// </remarks>
internal static class RadixSort
{
    public const int DigitBits = 11;
    public const int Radix = 1 << DigitBits;
    public const int PassCount = 3;
    public const int HistogramLength = PassCount * Radix;
    private const uint DigitMask = Radix - 1;

    // Below this length clearing and summing 6,144 counters costs more than a comparison sort.
    private const int ComparisonSortLength = 256;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Count(Span<int> histogram, uint key)
    {
        histogram[(int)(key & DigitMask)]++;
        histogram[Radix + (int)((key >> DigitBits) & DigitMask)]++;
        histogram[2 * Radix + (int)(key >> (2 * DigitBits))]++;
    }

    public static void CountAll(ReadOnlySpan<uint> keys, Span<int> histogram)
    {
        foreach (var key in keys) Count(histogram, key);
    }

    /// <summary>Sorts <paramref name="keys"/> ascending with their payloads; true when the result ended up in the buffers.</summary>
    /// <param name="histogram">The digit counts of exactly these keys (see <see cref="Count"/>); used up as scratch.</param>
    public static bool Sort<T>(Span<uint> keys, Span<T> payload, Span<uint> keyBuffer, Span<T> payloadBuffer, Span<int> histogram)
        where T : unmanaged
    {
        var n = keys.Length;
        if (payload.Length != n || keyBuffer.Length < n || payloadBuffer.Length < n || histogram.Length != HistogramLength)
            throw new ArgumentException("radix sort spans do not match the keys");
        if (n <= ComparisonSortLength)
        {
            keys.Sort(payload);
            return false;
        }

        var inBuffer = false;
        for (var pass = 0; pass < PassCount; pass++)
        {
            var offsets = histogram.Slice(pass * Radix, Radix);
            var shift = pass * DigitBits;
            Span<uint> fromKeys = inBuffer ? keyBuffer[..n] : keys;
            Span<T> fromPayload = inBuffer ? payloadBuffer[..n] : payload;
            if (offsets[(int)((fromKeys[0] >> shift) & DigitMask)] == n) continue;

            var start = 0;
            for (var digit = 0; digit < Radix; digit++)
            {
                var count = offsets[digit];
                offsets[digit] = start;
                start += count;
            }
            if (inBuffer) Scatter(fromKeys, fromPayload, keys, payload, offsets, shift);
            else Scatter(fromKeys, fromPayload, keyBuffer, payloadBuffer, offsets, shift);
            inBuffer = !inBuffer;
        }
        return inBuffer;
    }

    private static void Scatter<T>(ReadOnlySpan<uint> fromKeys, ReadOnlySpan<T> fromPayload, Span<uint> toKeys, Span<T> toPayload, Span<int> offsets, int shift)
        where T : unmanaged
    {
        for (var i = 0; i < fromKeys.Length; i++)
        {
            var key = fromKeys[i];
            ref var offset = ref offsets[(int)((key >> shift) & DigitMask)];
            toKeys[offset] = key;
            toPayload[offset] = fromPayload[i];
            offset++;
        }
    }
}
