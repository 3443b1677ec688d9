using System.Numerics;

namespace Assay.Metrics;

/// <summary>Sums in NumPy's order, where a reference result depends on the rounding of each addition.</summary>
/// <remarks>
/// NumPy 1.24's <c>add.reduce</c> over a contiguous array adds buffers of 8,192 elements in turn and sums each buffer
/// pairwise (<c>pairwise_sum</c>): fewer than 8 values left to right; up to 128 with eight running sums combined as
/// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the remainder left to right; longer by halving at a multiple of 8.
/// Every step rounds in the element type, so float32 sums round to float32 (as scikit-learn's float32 row sums do) and
/// float64 means are bit-identical to <c>np.mean</c> (as pycocotools' are).
/// </remarks>
internal static class NumpySum
{
    private const int BufferSize = 8192;
    private const int PairwiseBlockSize = 128;

    public static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    /// <summary><c>np.sum</c> of a contiguous float64 array: buffer by buffer, each buffer pairwise.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var total = 0.0;
        for (var start = 0; start < values.Length; start += BufferSize)
            total += Pairwise(values.Slice(start, Math.Min(BufferSize, values.Length - start)));
        return total;
    }

    /// <summary>NumPy's <c>pairwise_sum</c> of one contiguous run (at most one buffer), in the element type's precision.</summary>
    public static T Pairwise<T>(ReadOnlySpan<T> a) where T : IFloatingPointIeee754<T>
    {
        var n = a.Length;
        if (n < 8)
        {
            var sum = T.Zero;
            for (var i = 0; i < n; i++) sum += a[i];
            return sum;
        }
        if (n <= PairwiseBlockSize)
        {
            T r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            var i = 8;
            for (; i < n - n % 8; i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            var sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) sum += a[i];
            return sum;
        }
        var half = n / 2;
        half -= half % 8;
        return Pairwise(a[..half]) + Pairwise(a[half..]);
    }
}
