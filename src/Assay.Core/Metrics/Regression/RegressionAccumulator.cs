using System.Runtime.InteropServices;

namespace Assay.Metrics.Regression;

/// <summary>Streaming state for every regression metric: <see cref="Update"/> per batch, <see cref="Merge"/> shards, then read the metrics.</summary>
/// <remarks>
/// State is O(1) except for the median absolute error, which needs every absolute error |y − ŷ|: they are kept as
/// one double per example (8 bytes; the targets and predictions themselves are not kept). Pass
/// <c>keepAbsoluteErrors: false</c> to stream without them; the median is then undefined.
/// Results agree with scikit-learn 1.2.1 to 1e-12 relative or better, in any batch split and merge order (see
/// <see cref="RegressionMetrics"/> for the definitions); results that overflow the double range are undefined rather than infinite.
/// Not thread-safe: give each thread its own accumulator and <see cref="Merge"/> them.
/// </remarks>
public sealed class RegressionAccumulator
{
    /// <summary>NumPy's <c>np.finfo(np.float64).eps</c> = 2⁻⁵², scikit-learn's floor for |y| in MAPE (not <see cref="double.Epsilon"/>, the smallest subnormal).</summary>
    public const double MapeEpsilon = 2.220446049250313e-16;

    private readonly RunningMoments _truth = new();
    private readonly RunningMoments _residuals = new();
    private readonly List<double>? _absoluteErrors;
    private CompensatedSum _squaredErrors;
    private CompensatedSum _absoluteErrorSum;
    private CompensatedSum _absolutePercentageErrors;
    private double _maxError;

    public RegressionAccumulator(bool keepAbsoluteErrors = true)
    {
        if (keepAbsoluteErrors) _absoluteErrors = [];
    }

    public long Count => _truth.Count;

    /// <summary>Whether the absolute errors are kept, so that <see cref="MedianAbsoluteError"/> is defined.</summary>
    public bool KeepsAbsoluteErrors => _absoluteErrors is not null;

    /// <summary>Adds a batch of (true, predicted) values; an empty batch changes nothing.</summary>
    /// <exception cref="ArgumentException">Lengths differ or a value is NaN or infinite; the accumulator is left unchanged.</exception>
    public void Update(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        RegressionMetrics.Validate(yTrue, yPred);
        _absoluteErrors?.EnsureCapacity(_absoluteErrors.Count + yTrue.Length);
        for (var i = 0; i < yTrue.Length; i++)
        {
            var truth = yTrue[i];
            var residual = truth - yPred[i];
            var absolute = Math.Abs(residual);
            _truth.Add(truth);
            _residuals.Add(residual);
            _squaredErrors.Add(residual * residual);
            _absoluteErrorSum.Add(absolute);
            _absolutePercentageErrors.Add(absolute / Math.Max(Math.Abs(truth), MapeEpsilon));
            _maxError = Math.Max(_maxError, absolute);
            _absoluteErrors?.Add(absolute);
        }
    }

    /// <summary>Adds another accumulator's examples, as if its batches had been given to this one.</summary>
    /// <exception cref="ArgumentException">This accumulator keeps absolute errors and <paramref name="other"/> does not.</exception>
    public void Merge(RegressionAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this)) throw new ArgumentException("cannot merge an accumulator into itself");
        if (_absoluteErrors is not null && other._absoluteErrors is null && other.Count > 0)
            throw new ArgumentException("cannot merge an accumulator without absolute errors into one that keeps them");
        _truth.Merge(other._truth);
        _residuals.Merge(other._residuals);
        _squaredErrors.Add(other._squaredErrors);
        _absoluteErrorSum.Add(other._absoluteErrorSum);
        _absolutePercentageErrors.Add(other._absolutePercentageErrors);
        _maxError = Math.Max(_maxError, other._maxError);
        if (other._absoluteErrors is not null) _absoluteErrors?.AddRange(other._absoluteErrors);
    }

    public void Reset()
    {
        _truth.Reset();
        _residuals.Reset();
        _squaredErrors = default;
        _absoluteErrorSum = default;
        _absolutePercentageErrors = default;
        _maxError = 0;
        _absoluteErrors?.Clear();
    }

    /// <inheritdoc cref="RegressionMetrics.MeanSquaredError"/>
    public double MeanSquaredError() => Finite(RegressionMetricCatalog.MeanSquaredError, _squaredErrors.Value / NonEmptyCount());

    /// <inheritdoc cref="RegressionMetrics.RootMeanSquaredError"/>
    public double RootMeanSquaredError() => Math.Sqrt(MeanSquaredError());

    /// <inheritdoc cref="RegressionMetrics.MeanAbsoluteError"/>
    public double MeanAbsoluteError() => Finite(RegressionMetricCatalog.MeanAbsoluteError, _absoluteErrorSum.Value / NonEmptyCount());

    /// <inheritdoc cref="RegressionMetrics.MedianAbsoluteError"/>
    public double MedianAbsoluteError()
    {
        var count = NonEmptyCount();
        if (_absoluteErrors is null) throw new UndefinedMetricException("median_absolute_error needs the absolute errors, which this accumulator does not keep");

        // Sorting in place keeps memory at one double per example; the order of the errors carries no information.
        var errors = CollectionsMarshal.AsSpan(_absoluteErrors);
        errors.Sort();
        var middle = (int)(count / 2);
        // NumPy's median: the middle value, or the mean of the two middle values computed as (a + b) / 2.
        var median = count % 2 == 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2;
        return Finite(RegressionMetricCatalog.MedianAbsoluteError, median);
    }

    /// <inheritdoc cref="RegressionMetrics.MeanAbsolutePercentageError"/>
    public double MeanAbsolutePercentageError() =>
        Finite(RegressionMetricCatalog.MeanAbsolutePercentageError, _absolutePercentageErrors.Value / NonEmptyCount());

    /// <inheritdoc cref="RegressionMetrics.MaxError"/>
    public double MaxError()
    {
        NonEmptyCount();
        return Finite(RegressionMetricCatalog.MaxError, _maxError);
    }

    /// <inheritdoc cref="RegressionMetrics.CoefficientOfDetermination"/>
    public double CoefficientOfDetermination()
    {
        var count = NonEmptyCount();
        if (count < 2) throw new UndefinedMetricException($"r2 is not defined for fewer than two samples (got {count})");
        return ForceFinite(RegressionMetricCatalog.CoefficientOfDetermination, _squaredErrors.Value, _truth.SumOfSquaredDeviations);
    }

    /// <inheritdoc cref="RegressionMetrics.ExplainedVariance"/>
    public double ExplainedVariance()
    {
        NonEmptyCount();
        return ForceFinite(RegressionMetricCatalog.ExplainedVariance, _residuals.SumOfSquaredDeviations, _truth.SumOfSquaredDeviations);
    }

    /// <summary>Adds all eight metrics, in <see cref="RegressionMetricCatalog.All"/> order; undefined ones are recorded with their reason.</summary>
    public void AddTo(MetricSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        set.Add(RegressionMetricCatalog.MeanSquaredError.Name, MeanSquaredError);
        set.Add(RegressionMetricCatalog.RootMeanSquaredError.Name, RootMeanSquaredError);
        set.Add(RegressionMetricCatalog.MeanAbsoluteError.Name, MeanAbsoluteError);
        set.Add(RegressionMetricCatalog.MedianAbsoluteError.Name, MedianAbsoluteError);
        set.Add(RegressionMetricCatalog.MeanAbsolutePercentageError.Name, MeanAbsolutePercentageError);
        set.Add(RegressionMetricCatalog.MaxError.Name, MaxError);
        set.Add(RegressionMetricCatalog.CoefficientOfDetermination.Name, CoefficientOfDetermination);
        set.Add(RegressionMetricCatalog.ExplainedVariance.Name, ExplainedVariance);
    }

    /// <summary>scikit-learn's <c>force_finite=True</c> rule for 1 − numerator / denominator.</summary>
    /// <remarks>A zero numerator (perfect fit) gives 1 even for a constant target; a nonzero numerator over a zero
    /// denominator (constant target, imperfect fit) gives 0 instead of −∞. Both sums are exactly zero only for exact
    /// constancy (see <see cref="RunningMoments"/>).</remarks>
    private static double ForceFinite(MetricInfo metric, double numerator, double denominator)
    {
        if (!double.IsFinite(numerator) || !double.IsFinite(denominator))
            throw new UndefinedMetricException($"{metric.Name} overflows the double range for these values");
        if (numerator == 0) return 1;
        if (denominator == 0) return 0;
        return Finite(metric, 1 - numerator / denominator);
    }

    private long NonEmptyCount() => Count > 0 ? Count : throw new UndefinedMetricException("no samples");

    private static double Finite(MetricInfo metric, double value) =>
        double.IsFinite(value) ? value : throw new UndefinedMetricException($"{metric.Name} overflows the double range for these values");
}
