namespace Assay.Metrics.Detection;

/// <summary>Sums in numpy's order so that means are bit-identical to <c>np.mean</c> over a contiguous float64 array.</summary>
/// <remarks>numpy's <c>add.reduce</c> adds buffers of 8,192 elements in turn and sums each buffer pairwise: fewer than 8
/// values one by one; up to 128 with eight interleaved accumulators; more by halving at a multiple of 8. Checked against
/// numpy 1.24; a plain loop would differ from pycocotools' means in the last bits.</remarks>
internal static class NumpySum
{
    private const int BufferSize = 8192;
    private const int PairwiseBlockSize = 128;

    public static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    public static double Sum(ReadOnlySpan<double> values)
    {
        var total = 0.0;
        for (var start = 0; start < values.Length; start += BufferSize)
            total += Pairwise(values.Slice(start, Math.Min(BufferSize, values.Length - start)));
        return total;
    }

    private static double Pairwise(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += a[i];
            return sum;
        }
        if (n <= PairwiseBlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
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
