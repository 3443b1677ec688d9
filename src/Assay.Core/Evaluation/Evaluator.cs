using Assay.Data;
using Assay.Metrics;

namespace Assay.Evaluation;

/// <summary>Runs a classifier over a data set in batches and scores the argmax predictions.</summary>
public static class Evaluator
{
    public const int DefaultBatchSize = 256;

    /// <param name="progress">Receives the number of examples done after each batch.</param>
    public static ClassificationEvaluation Evaluate(IModel model, Dataset data, int batchSize = DefaultBatchSize, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var description = model.Description;
        description.CheckFits(data, description.Name);
        var outputSize = description.OutputSize;
        var scores = new float[(long)data.Count * outputSize];
        var predictions = new int[data.Count];
        var matrix = new ConfusionMatrix(outputSize);

        for (var start = 0; start < data.Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, data.Count - start);
            var batchScores = scores.AsSpan(start * outputSize, count * outputSize);
            model.Predict(data.Features.AsSpan(start * data.ExampleSize, count * data.ExampleSize), count, batchScores);
            for (var i = 0; i < count; i++)
            {
                var row = batchScores.Slice(i * outputSize, outputSize);
                predictions[start + i] = ArgMax(row, description.Name, start + i);
            }
            matrix.Update(data.Labels.AsSpan(start, count), predictions.AsSpan(start, count));
            progress?.Report(start + count);
        }
        return new ClassificationEvaluation(data.Labels, predictions, scores, outputSize, matrix, ClassificationScores.From(matrix));
    }

    /// <summary>Index of the largest score; ties go to the lowest index (as NumPy's argmax).</summary>
    /// <exception cref="ModelException">A score is NaN: no class can be chosen honestly.</exception>
    public static int ArgMax(ReadOnlySpan<float> row, string modelLabel, int example)
    {
        var best = 0;
        for (var c = 0; c < row.Length; c++)
        {
            if (float.IsNaN(row[c])) throw new ModelException($"{modelLabel}: output score {c} of example {example} is NaN");
            if (row[c] > row[best]) best = c;
        }
        return best;
    }
}

/// <summary>Per-example results of a classification evaluation and the metrics computed from them.</summary>
/// <remarks>A class, not a record: it caches the probabilities, which a <c>with</c> copy would carry over stale.</remarks>
/// <param name="scores">The model's raw output rows, example after example.</param>
public sealed class ClassificationEvaluation(int[] actual, int[] predicted, float[] scores, int numClasses, ConfusionMatrix confusionMatrix, ClassificationScores metrics)
{
    private float[]? _probabilities;

    public int[] Actual { get; } = actual;

    public int[] Predicted { get; } = predicted;

    /// <summary>The model's raw output rows, example after example.</summary>
    public float[] Scores { get; } = scores;

    public int NumClasses { get; } = numClasses;

    public ConfusionMatrix ConfusionMatrix { get; } = confusionMatrix;

    public ClassificationScores Metrics { get; } = metrics;

    public int Count => Actual.Length;

    /// <summary>Class probabilities per example (see <see cref="ProbabilityRows"/>), n x K; computed once, shared by
    /// the metrics, the predictions file and the store. Callers must not modify the array.</summary>
    public float[] Probabilities()
    {
        if (_probabilities is not null) return _probabilities;
        var probabilities = new float[Scores.Length];
        for (var i = 0; i < Count; i++)
            ProbabilityRows.ToProbabilities(Scores.AsSpan(i * NumClasses, NumClasses), probabilities.AsSpan(i * NumClasses, NumClasses));
        return _probabilities = probabilities;
    }

    /// <summary>Every label metric, and the score metrics of the class probabilities (binary on class 1 when K = 2).</summary>
    public Assay.Metrics.MetricSet AllMetrics()
    {
        var set = new Assay.Metrics.MetricSet();
        Assay.Metrics.Classification.LabelMetrics.AddTo(set, ConfusionMatrix);
        var probabilities = Probabilities();
        if (NumClasses == 2)
        {
            var positive = new float[Count];
            for (var i = 0; i < Count; i++) positive[i] = probabilities[i * 2 + 1];
            Assay.Metrics.Ranking.ScoreMetrics.AddBinary(set, Actual, positive);
        }
        else
        {
            Assay.Metrics.Ranking.ScoreMetrics.AddMulticlass(set, Actual, probabilities, NumClasses);
        }
        return set;
    }
}
