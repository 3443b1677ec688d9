namespace Assay.Evaluation;

/// <summary>Turns a model's output row into class probabilities.</summary>
public static class ProbabilityRows
{
    /// <summary>Writes probabilities for <paramref name="row"/>: the row itself when it already is a distribution
    /// (all in [0, 1], summing to 1 within <see cref="PredictionsFile.RowSumTolerance"/>), else its softmax.</summary>
    /// <remarks>Either way the argmax is unchanged, so y_pred stays consistent with the scores.</remarks>
    public static void ToProbabilities(ReadOnlySpan<float> row, Span<float> destination)
    {
        var sum = 0.0;
        var inRange = true;
        var max = float.NegativeInfinity;
        foreach (var value in row)
        {
            sum += value;
            inRange &= value is >= 0 and <= 1;
            max = Math.Max(max, value);
        }
        if (inRange && Math.Abs(sum - 1) <= PredictionsFile.RowSumTolerance)
        {
            row.CopyTo(destination);
            return;
        }
        // Shift by the maximum so exp never overflows.
        var total = 0.0;
        for (var i = 0; i < row.Length; i++) total += Math.Exp(row[i] - (double)max);
        for (var i = 0; i < row.Length; i++) destination[i] = (float)(Math.Exp(row[i] - (double)max) / total);
    }
}
