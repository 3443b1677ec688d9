namespace Assay.Metrics.Uncertainty;

/// <summary>Two models' metric on the same examples, the difference B − A with its bootstrap interval, and a two-sided p-value.</summary>
/// <param name="EstimateA">Model A's metric on all examples.</param>
/// <param name="EstimateB">Model B's metric on all examples.</param>
/// <param name="Difference">EstimateB − EstimateA, in the metric's units (positive: B scores higher, which is better only if the metric's HigherIsBetter).</param>
/// <param name="Lower">Lower end of the interval of the difference.</param>
/// <param name="Upper">Upper end of the interval of the difference.</param>
/// <param name="PValue">Two-sided bootstrap p-value for "no difference", in (0, 1]; see <see cref="PairedBootstrap.Compare"/>.</param>
/// <param name="ConfidenceLevel">Confidence level of the interval as a fraction: 0.95 is a 95 % interval.</param>
/// <param name="Method">How the interval was read off the resampled differences.</param>
/// <param name="ResamplesUsed">Resamples where both metrics were defined.</param>
/// <param name="ResamplesUndefined">Resamples skipped because either metric was undefined on them.</param>
public sealed record PairedBootstrapComparison(
    double EstimateA,
    double EstimateB,
    double Difference,
    double Lower,
    double Upper,
    double PValue,
    double ConfidenceLevel,
    BootstrapMethod Method,
    int ResamplesUsed,
    int ResamplesUndefined);

/// <summary>Paired bootstrap comparison of two models evaluated on the same examples (Koehn 2004; Efron and Tibshirani 1993, §15–16).</summary>
public static class PairedBootstrap
{
    /// <summary>Compares metric B with metric A on the same resamples of the <paramref name="count"/> examples.</summary>
    /// <param name="count">Number of examples n; both metrics receive the same indices in 0..n−1.</param>
    /// <param name="metricA">Model A's metric over the examples at the given indices.</param>
    /// <param name="metricB">Model B's metric over the examples at the given indices.</param>
    /// <param name="settings">Resamples, confidence level, seed and method; <see cref="BootstrapSettings.Default"/> if null.</param>
    /// <remarks>
    /// Each resample r draws one index set and evaluates both metrics on it, dᵣ = B(r) − A(r), so the comparison keeps
    /// the pairing of the examples. The interval is the bootstrap interval of d (as <see cref="BootstrapInterval.Compute"/>).
    /// The p-value inverts that percentile interval: with m defined resamples,
    /// p = min(1, 2 (1 + min(#{dᵣ ≤ 0}, #{dᵣ ≥ 0})) / (m + 1)),
    /// twice the share of resamples on the far side of 0 (zeros count on both sides), with the +1 of Davison and Hinkley
    /// (1997, eq. 4.11) so that it is never 0: the smallest value, 2 / (m + 1), says every resample agreed on the sign.
    /// It is Koehn's "B better in x % of resamples" made two-sided. It measures the stability of the difference's sign under
    /// resampling rather than a test under an explicit null distribution. Identical metrics give d ≡ 0, [0, 0] and p = 1.
    /// </remarks>
    /// <exception cref="UndefinedMetricException">A metric is undefined on all examples, too many resamples are undefined,
    /// or the BCa correction does not exist.</exception>
    public static PairedBootstrapComparison Compare(
        int count, Func<ReadOnlySpan<int>, double> metricA, Func<ReadOnlySpan<int>, double> metricB, BootstrapSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(metricA);
        ArgumentNullException.ThrowIfNull(metricB);
        settings ??= BootstrapSettings.Default;
        settings.Validate();

        var estimateA = BootstrapInterval.Estimate(count, metricA);
        var estimateB = BootstrapInterval.Estimate(count, metricB);
        double Difference(ReadOnlySpan<int> indices) => metricB(indices) - metricA(indices);

        var replicates = Resampling.Draw(count, Difference, settings);
        var (lower, upper) = Resampling.Interval(replicates, estimateB - estimateA, count, Difference, settings);
        return new PairedBootstrapComparison(
            estimateA, estimateB, estimateB - estimateA, lower, upper, PValue(replicates.Sorted),
            settings.ConfidenceLevel, settings.Method, replicates.Sorted.Length, replicates.Undefined);
    }

    /// <summary>min(1, 2 (1 + min(#{d ≤ 0}, #{d ≥ 0})) / (m + 1)) over the ascending differences.</summary>
    internal static double PValue(ReadOnlySpan<double> sortedDifferences)
    {
        var m = sortedDifferences.Length;
        int atMostZero = 0, atLeastZero = 0;
        foreach (var d in sortedDifferences)
        {
            if (d <= 0) atMostZero++;
            if (d >= 0) atLeastZero++;
        }
        return Math.Min(1, 2.0 * (1 + Math.Min(atMostZero, atLeastZero)) / (m + 1));
    }
}
