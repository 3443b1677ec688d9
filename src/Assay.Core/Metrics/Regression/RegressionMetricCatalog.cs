namespace Assay.Metrics.Regression;

/// <summary>What each regression metric means for comparison: stable name, direction and range.</summary>
/// <remarks>Names are scikit-learn's function names without <c>_score</c>; <c>root_mean_squared_error</c> is
/// scikit-learn 1.2's <c>mean_squared_error(squared=False)</c>.</remarks>
public static class RegressionMetricCatalog
{
    public static readonly MetricInfo MeanSquaredError = new("mean_squared_error", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo RootMeanSquaredError = new("root_mean_squared_error", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo MeanAbsoluteError = new("mean_absolute_error", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo MedianAbsoluteError = new("median_absolute_error", false, 0, double.PositiveInfinity);

    /// <summary>A fraction, not a percentage: 0.25 means 25 %.</summary>
    public static readonly MetricInfo MeanAbsolutePercentageError = new("mean_absolute_percentage_error", false, 0, double.PositiveInfinity);

    public static readonly MetricInfo MaxError = new("max_error", false, 0, double.PositiveInfinity);
    public static readonly MetricInfo CoefficientOfDetermination = new("r2", true, double.NegativeInfinity, 1);
    public static readonly MetricInfo ExplainedVariance = new("explained_variance", true, double.NegativeInfinity, 1);

    /// <summary>The metrics a regression evaluation reports, in report order.</summary>
    public static IReadOnlyList<MetricInfo> All { get; } =
    [
        MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MedianAbsoluteError,
        MeanAbsolutePercentageError, MaxError, CoefficientOfDetermination, ExplainedVariance,
    ];

    public static MetricInfo? Find(string name) => All.FirstOrDefault(m => m.Name == name);
}
