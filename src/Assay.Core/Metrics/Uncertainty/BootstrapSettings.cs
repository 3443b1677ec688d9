namespace Assay.Metrics.Uncertainty;

/// <summary>How a bootstrap confidence interval is read off the resampled statistics.</summary>
public enum BootstrapMethod
{
    /// <summary>The α/2 and 1 − α/2 quantiles of the resampled statistics (Efron and Tibshirani 1993, §13.3).</summary>
    Percentile,

    /// <summary>Bias-corrected and accelerated percentiles (Efron and Tibshirani 1993, §14.3), as scipy.stats.bootstrap(method="BCa").</summary>
    BiasCorrectedAccelerated,
}

/// <summary>Immutable bootstrap settings: number of resamples, confidence level, seed and interval method.</summary>
/// <remarks>Start from <see cref="Default"/> and copy with the <c>With*</c> methods or a <c>with</c> expression.</remarks>
public sealed record BootstrapSettings
{
    /// <summary>1000 resamples, 95 % confidence, seed 0, percentile method, at most 5 % undefined resamples, one thread.</summary>
    public static BootstrapSettings Default { get; } = new();

    /// <summary>Number of resamples B drawn (with replacement, each the size of the data).</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Confidence level as a fraction in (0, 1): 0.95 means a 95 % interval.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Seed of the resampling; the same seed gives the same resamples on every machine, thread count and .NET version.</summary>
    public int Seed { get; init; }

    public BootstrapMethod Method { get; init; } = BootstrapMethod.Percentile;

    /// <summary>Largest fraction of resamples, in [0, 1), whose statistic may be undefined; above it the interval is undefined.</summary>
    /// <remarks>Skipping undefined resamples conditions the interval on the statistic being defined (for example on a
    /// resample containing both classes); a few percent is harmless, more would misstate the uncertainty.</remarks>
    public double MaxUndefinedFraction { get; init; } = 0.05;

    /// <summary>Threads evaluating resamples at once; -1 for as many as the scheduler allows. Above 1 the statistic must be thread-safe.</summary>
    /// <remarks>Results do not depend on it: each resample's indices come from its own seed.</remarks>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    public BootstrapSettings WithResamples(int resamples) => this with { Resamples = resamples };

    public BootstrapSettings WithConfidenceLevel(double confidenceLevel) => this with { ConfidenceLevel = confidenceLevel };

    public BootstrapSettings WithSeed(int seed) => this with { Seed = seed };

    public BootstrapSettings WithMethod(BootstrapMethod method) => this with { Method = method };

    public BootstrapSettings WithMaxDegreeOfParallelism(int maxDegreeOfParallelism) => this with { MaxDegreeOfParallelism = maxDegreeOfParallelism };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Resamples, 1, nameof(Resamples));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "the confidence level must lie strictly between 0 and 1");
        if (!(MaxUndefinedFraction >= 0 && MaxUndefinedFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(MaxUndefinedFraction), MaxUndefinedFraction, "the undefined fraction must lie in [0, 1)");
        if (MaxDegreeOfParallelism is 0 or < -1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "use -1 or a positive thread count");
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "unknown bootstrap method");
    }
}
