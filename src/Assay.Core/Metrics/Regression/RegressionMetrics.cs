namespace Assay.Metrics.Regression;

/// <summary>Regression metrics over one set of (true, predicted) values, identical to scikit-learn 1.2.1's.</summary>
/// <remarks>
/// Inputs: one target per example, no sample weights. Every function throws <see cref="ArgumentException"/>, naming
/// the position, when the spans are empty, differ in length, or hold NaN or infinity. A result that overflows the
/// double range (residuals near 1e308) throws <see cref="UndefinedMetricException"/> where scikit-learn returns inf.
/// Each function is one pass of <see cref="RegressionAccumulator"/>, so one-shot and streaming share their arithmetic.
/// </remarks>
public static class RegressionMetrics
{
    /// <summary>Mean squared error, <c>mean_squared_error</c>.</summary>
    /// <remarks>MSE = (1/n) Σ (yᵢ − ŷᵢ)², in squared target units; range [0, ∞), 0 for perfect predictions.</remarks>
    public static double MeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Accumulate(yTrue, yPred, keepAbsoluteErrors: false).MeanSquaredError();

    /// <summary>Root mean squared error, <c>mean_squared_error(squared=False)</c>.</summary>
    /// <remarks>RMSE = √MSE, in target units; range [0, ∞).</remarks>
    public static double RootMeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Accumulate(yTrue, yPred, keepAbsoluteErrors: false).RootMeanSquaredError();

    /// <summary>Mean absolute error, <c>mean_absolute_error</c>.</summary>
    /// <remarks>MAE = (1/n) Σ |yᵢ − ŷᵢ|, in target units; range [0, ∞).</remarks>
    public static double MeanAbsoluteError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Accumulate(yTrue, yPred, keepAbsoluteErrors: false).MeanAbsoluteError();

    /// <summary>Median absolute error, <c>median_absolute_error</c>.</summary>
    /// <remarks>median |yᵢ − ŷᵢ|, in target units; range [0, ∞). For even n it is the mean of the two middle values,
    /// as <c>numpy.median</c>. Needs every absolute error (one double per example).</remarks>
    public static double MedianAbsoluteError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Accumulate(yTrue, yPred, keepAbsoluteErrors: true).MedianAbsoluteError();

    /// <summary>Mean absolute percentage error, <c>mean_absolute_percentage_error</c>, as a fraction (0.25 = 25 %).</summary>
    /// <remarks>MAPE = (1/n) Σ |yᵢ − ŷᵢ| / max(|yᵢ|, ε) with ε = 2⁻⁵² ≈ 2.22e-16 (NumPy's float64 eps), exactly as
    /// scikit-learn: a zero target does not make MAPE undefined but contributes |ŷᵢ| · 2⁵² (about 4.5e15 · |ŷᵢ|), or 0 when
    /// ŷᵢ = 0 too. Range [0, ∞); unitless.</remarks>
    public static double MeanAbsolutePercentageError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Accumulate(yTrue, yPred, keepAbsoluteErrors: false).MeanAbsolutePercentageError();

    /// <summary>Largest absolute error, <c>max_error</c>.</summary>
    /// <remarks>maxᵢ |yᵢ − ŷᵢ|, in target units; range [0, ∞).</remarks>
    public static double MaxError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Accumulate(yTrue, yPred, keepAbsoluteErrors: false).MaxError();

    /// <summary>Coefficient of determination R², <c>r2_score</c> with <c>force_finite=True</c>.</summary>
    /// <remarks>
    /// R² = 1 − Σ (yᵢ − ŷᵢ)² / Σ (yᵢ − ȳ)²; range (−∞, 1], 1 for perfect predictions, 0 for always predicting ȳ.
    /// Undefined for fewer than two samples (scikit-learn returns NaN with a warning). A constant target makes the
    /// denominator 0: R² is then 1 when every prediction is exact and 0 otherwise (scikit-learn's force_finite rule).
    /// Constancy is decided exactly; scikit-learn decides it on its computed mean, which for a constant target such as
    /// [0.1, 0.1, 0.1] is off by one rounding and gives −5.2e31 instead of 0.
    /// </remarks>
    public static double CoefficientOfDetermination(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Accumulate(yTrue, yPred, keepAbsoluteErrors: false).CoefficientOfDetermination();

    /// <summary>Explained variance, <c>explained_variance_score</c> with <c>force_finite=True</c>.</summary>
    /// <remarks>
    /// EV = 1 − Var(y − ŷ) / Var(y) with population variances; range (−∞, 1]. Unlike R² it ignores a constant bias:
    /// ŷ = y + c scores 1. Same force_finite rule as R²: a zero residual variance gives 1 (even for a constant target, and
    /// for a single sample, where scikit-learn also returns 1); a constant target with non-constant residuals gives 0.
    /// </remarks>
    public static double ExplainedVariance(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred) =>
        Accumulate(yTrue, yPred, keepAbsoluteErrors: false).ExplainedVariance();

    /// <summary>Adds <c>mean_squared_error, root_mean_squared_error, mean_absolute_error, median_absolute_error,
    /// mean_absolute_percentage_error, max_error, r2, explained_variance</c>; undefined ones are recorded with their reason.</summary>
    /// <exception cref="ArgumentException">Empty spans, lengths differ, or a NaN or infinity (nothing is added).</exception>
    public static void AddTo(MetricSet set, ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        ArgumentNullException.ThrowIfNull(set);
        Accumulate(yTrue, yPred, keepAbsoluteErrors: true).AddTo(set);
    }

    internal static void Validate(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        if (yTrue.Length != yPred.Length)
            throw new ArgumentException($"{yTrue.Length} true values but {yPred.Length} predictions");
        for (var i = 0; i < yTrue.Length; i++)
        {
            if (!double.IsFinite(yTrue[i])) throw new ArgumentException($"true value {yTrue[i]} at position {i} is not finite");
            if (!double.IsFinite(yPred[i])) throw new ArgumentException($"predicted value {yPred[i]} at position {i} is not finite");
        }
    }

    private static RegressionAccumulator Accumulate(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, bool keepAbsoluteErrors)
    {
        // Update validates the rest; the accumulator alone accepts an empty batch.
        if (yTrue.IsEmpty && yPred.IsEmpty) throw new ArgumentException("no samples: y_true and y_pred are empty");
        var accumulator = new RegressionAccumulator(keepAbsoluteErrors);
        accumulator.Update(yTrue, yPred);
        return accumulator;
    }
}
