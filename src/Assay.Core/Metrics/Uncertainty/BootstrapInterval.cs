namespace Assay.Metrics.Uncertainty;

/// <summary>A statistic's value on the data and its bootstrap confidence interval, in the statistic's own units.</summary>
/// <param name="Estimate">The statistic on all examples (the point estimate).</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="ConfidenceLevel">Confidence level as a fraction: 0.95 is a 95 % interval.</param>
/// <param name="Method">How the interval was read off the resampled statistics.</param>
/// <param name="ResamplesUsed">Resamples whose statistic was defined; the interval rests on these.</param>
/// <param name="ResamplesUndefined">Resamples skipped because the statistic was undefined on them.</param>
public sealed record BootstrapConfidenceInterval(
    double Estimate, double Lower, double Upper, double ConfidenceLevel, BootstrapMethod Method, int ResamplesUsed, int ResamplesUndefined)
{
    /// <summary>Upper − Lower, in the statistic's units.</summary>
    public double Width => Upper - Lower;
}

/// <summary>Seeded nonparametric bootstrap confidence intervals for any statistic of a set of examples.</summary>
public static class BootstrapInterval
{
    /// <summary>The statistic on all <paramref name="count"/> examples and its bootstrap interval.</summary>
    /// <param name="count">Number of examples n; the statistic receives indices in 0..n−1.</param>
    /// <param name="statistic">The statistic of the examples at the given indices, which may repeat (a metric over the
    /// resampled examples). Throw <see cref="UndefinedMetricException"/> where it has no value; NaN and infinity are bugs.</param>
    /// <param name="settings">Resamples, confidence level, seed and method; <see cref="BootstrapSettings.Default"/> if null.</param>
    /// <remarks>
    /// Each of the B resamples draws n indices uniformly with replacement (see <see cref="BootstrapSettings.Seed"/>).
    /// Percentile: the interval is [q(α/2), q(1 − α/2)] of the defined resampled statistics, α = 1 − confidence, with
    /// q NumPy's default linear quantile (as scipy.stats.bootstrap(method="percentile")). BCa: the same quantiles at the
    /// levels Efron's bias correction z₀ and jackknife acceleration a give (as scipy.stats.bootstrap(method="BCa"));
    /// it costs n more evaluations of the statistic on n − 1 examples. Constant data give a zero-width interval.
    /// </remarks>
    /// <exception cref="UndefinedMetricException">The statistic is undefined on all examples, too many resamples are undefined,
    /// or the BCa correction does not exist.</exception>
    /// <exception cref="InvalidOperationException">The statistic returned NaN or infinity.</exception>
    public static BootstrapConfidenceInterval Compute(int count, Func<ReadOnlySpan<int>, double> statistic, BootstrapSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(statistic);
        settings ??= BootstrapSettings.Default;
        settings.Validate();

        var estimate = Estimate(count, statistic);
        var replicates = Resampling.Draw(count, statistic, settings);
        var (lower, upper) = Resampling.Interval(replicates, estimate, count, statistic, settings);
        return new BootstrapConfidenceInterval(
            estimate, lower, upper, settings.ConfidenceLevel, settings.Method, replicates.Sorted.Length, replicates.Undefined);
    }

    internal static double Estimate(int count, Func<ReadOnlySpan<int>, double> statistic)
    {
        var all = new int[count];
        for (var i = 0; i < count; i++) all[i] = i;
        var value = statistic(all);
        return double.IsFinite(value)
            ? value
            : throw new InvalidOperationException($"the statistic returned {value} on all examples; throw UndefinedMetricException for an undefined value");
    }
}
