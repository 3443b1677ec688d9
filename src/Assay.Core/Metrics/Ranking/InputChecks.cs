namespace Assay.Metrics.Ranking;

/// <summary>Rejects malformed score inputs with an <see cref="ArgumentException"/> that names the offending position.</summary>
internal static class InputChecks
{
    /// <summary>Labels 0 or 1 and finite scores, paired one to one; with <paramref name="probabilities"/>, scores in [0, 1].</summary>
    public static void Binary(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> score, bool probabilities)
    {
        if (yTrue.Length != score.Length)
            throw new ArgumentException($"{yTrue.Length} true labels but {score.Length} scores", nameof(score));
        for (var i = 0; i < yTrue.Length; i++)
        {
            if ((uint)yTrue[i] > 1) throw new ArgumentException($"true label {yTrue[i]} at position {i} is not 0 or 1", nameof(yTrue));
        }
        Scores(score, probabilities, columns: 1, "class");
    }

    /// <summary>Labels in 0..K-1 and an n×K row-major score matrix of finite values (in [0, 1] with <paramref name="probabilities"/>).</summary>
    public static void Multiclass(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numClasses, bool probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numClasses, MulticlassRanking.MaxClasses);
        Matrix(yTrue.Length, scores.Length, numClasses, "classes");
        for (var i = 0; i < yTrue.Length; i++)
        {
            if ((uint)yTrue[i] >= (uint)numClasses)
                throw new ArgumentException($"true label {yTrue[i]} at position {i} is outside 0..{numClasses - 1}", nameof(yTrue));
        }
        Scores(scores, probabilities, numClasses, "class");
    }

    /// <summary>n×L row-major matrices of 0/1 labels and finite scores (in [0, 1] with <paramref name="probabilities"/>).</summary>
    public static void Multilabel(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores, int numLabels, bool probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numLabels, 1);
        if (yTrue.Length != scores.Length)
            throw new ArgumentException($"{yTrue.Length} true labels but {scores.Length} scores", nameof(scores));
        if (yTrue.Length % numLabels != 0)
            throw new ArgumentException($"{yTrue.Length} true labels do not form rows of {numLabels} labels", nameof(yTrue));
        for (var i = 0; i < yTrue.Length; i++)
        {
            if ((uint)yTrue[i] > 1)
                throw new ArgumentException($"true label {yTrue[i]} at row {i / numLabels}, label {i % numLabels} is not 0 or 1", nameof(yTrue));
        }
        Scores(scores, probabilities, numLabels, "label");
    }

    /// <summary>Each row sums to 1 as scikit-learn's <c>np.allclose(1, y_score.sum(axis=1))</c> decides for float32 scores.</summary>
    /// <remarks>NumPy sums each float32 row pairwise in float32 and compares in float32: |1 − s| ≤ 1e-8 + 1e-5·|s|.</remarks>
    public static void RowsSumToOne(ReadOnlySpan<float> scores, int numClasses)
    {
        for (int row = 0, start = 0; start < scores.Length; row++, start += numClasses)
        {
            var sum = NumpySum.Pairwise(scores.Slice(start, numClasses));
            if (!(MathF.Abs(1f - sum) <= 1e-8f + 1e-5f * MathF.Abs(sum)))
                throw new ArgumentException(
                    $"scores in row {row} sum to {sum}, not 1 within |1 − sum| ≤ 1e-8 + 1e-5·|sum| (scikit-learn's np.allclose): "
                    + "multiclass ROC-AUC needs each row to be class probabilities", nameof(scores));
        }
    }

    /// <summary>A probability span (already finite) stays within [0, 1]; positions count from the start of <paramref name="probabilities"/>.</summary>
    public static void Probabilities(ReadOnlySpan<float> probabilities, int columns)
    {
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (!(p >= 0f && p <= 1f)) throw new ArgumentException($"probability {p} at {Position(i, columns, "class")} is outside [0, 1]", nameof(probabilities));
        }
    }

    private static void Matrix(int rows, int scores, int columns, string what)
    {
        if ((long)rows * columns != scores)
            throw new ArgumentException($"{scores} scores are not {rows} rows of {columns} {what}", nameof(scores));
    }

    private static void Scores(ReadOnlySpan<float> scores, bool probabilities, int columns, string column)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (!float.IsFinite(s)) throw new ArgumentException($"score {s} at {Position(i, columns, column)} is not finite", nameof(scores));
            if (probabilities && !(s >= 0f && s <= 1f))
                throw new ArgumentException($"probability {s} at {Position(i, columns, column)} is outside [0, 1]", nameof(scores));
        }
    }

    private static string Position(int index, int columns, string column) =>
        columns == 1 ? $"position {index}" : $"row {index / columns}, {column} {index % columns}";
}
