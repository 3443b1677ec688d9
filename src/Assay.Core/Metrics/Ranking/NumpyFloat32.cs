namespace Assay.Metrics.Ranking;

/// <summary>Float32 arithmetic done in NumPy's order, where scikit-learn's result depends on float32 rounding.</summary>
internal static class NumpyFloat32
{
    /// <summary>NumPy 1.24's <c>pairwise_sum_FLOAT</c>: the float32 sum <c>a.sum(axis=-1)</c> computes for one contiguous row.</summary>
    /// <remarks>Under 8 values: left to right. Up to 128: eight running sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)),
    /// then the remainder left to right. Longer: split in two at a multiple of 8 and recurse. Every step rounds to float32.</remarks>
    public static float PairwiseSum(ReadOnlySpan<float> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var sum = 0f;
            foreach (var value in a) sum += value;
            return sum;
        }
        if (n <= 128)
        {
            float r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
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
        return PairwiseSum(a[..half]) + PairwiseSum(a[half..]);
    }
}
