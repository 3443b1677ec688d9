using Assay.Metrics;
using Assay.Metrics.Classification;
using Assay.Metrics.Ranking;
using Assay.Metrics.Regression;
using Assay.Metrics.Uncertainty;

namespace Assay.Evaluation;

/// <summary>Every metric that applies to a predictions file, with bootstrap intervals on the headline ones.</summary>
/// <param name="Intervals">Percentile-bootstrap intervals, [lower, upper], for <see cref="HeadlineMetrics"/>.</param>
/// <param name="Undefined">Metrics with no value for this input, and why.</param>
/// <param name="IntervalNote">How the intervals were made, or why there are none.</param>
public sealed record MetricsReport(
    string Task,
    bool TaskInferred,
    int N,
    IReadOnlyDictionary<string, double> Metrics,
    long[][]? ConfusionMatrix,
    IReadOnlyList<ClassScores>? PerClass,
    IReadOnlyDictionary<string, double[]> Intervals,
    IReadOnlyDictionary<string, string> Undefined,
    string IntervalNote)
{
    /// <summary>Bootstrap work above this many metric evaluations (examples x resamples) is skipped, and said so.</summary>
    public const long MaxBootstrapWork = 400_000_000;

    /// <summary>The metrics that get intervals, per task.</summary>
    public static IReadOnlyList<string> HeadlineMetrics(PredictionTask task) => task switch
    {
        PredictionTask.Binary => ["accuracy", "balanced_accuracy", "f1", "matthews_corrcoef", "roc_auc", "average_precision", "log_loss"],
        PredictionTask.Multiclass => ["accuracy", "balanced_accuracy", "f1_macro", "matthews_corrcoef", "roc_auc_ovr_macro", "log_loss"],
        PredictionTask.Multilabel => ["subset_accuracy", "hamming_loss", "f1_micro", "f1_macro", "roc_auc_macro"],
        _ => ["mean_absolute_error", "root_mean_squared_error", "r2"],
    };

    /// <param name="bootstrap">Settings of the intervals; null for none.</param>
    public static MetricsReport Compute(Predictions predictions, BootstrapSettings? bootstrap)
    {
        var set = Fill(predictions);
        long[][]? matrix = null;
        IReadOnlyList<ClassScores>? perClass = null;
        if (predictions.Task is PredictionTask.Binary or PredictionTask.Multiclass)
        {
            var confusion = Assay.Metrics.ConfusionMatrix.From(predictions.Actual, predictions.Predicted, predictions.Classes);
            matrix = confusion.ToRows();
            perClass = LabelMetrics.PerClass(confusion);
        }

        var intervals = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var undefined = new Dictionary<string, string>(set.Undefined, StringComparer.Ordinal);
        string note;
        if (bootstrap is null || bootstrap.Resamples == 0)
        {
            note = "no intervals (bootstrap off)";
        }
        else if ((long)predictions.Count * bootstrap.Resamples > MaxBootstrapWork)
        {
            note = $"no intervals: {predictions.Count:N0} examples x {bootstrap.Resamples} resamples exceeds the bootstrap budget; lower --bootstrap";
        }
        else
        {
            note = $"percentile bootstrap, {bootstrap.Resamples} resamples, {bootstrap.ConfidenceLevel:P0} confidence, seed {bootstrap.Seed}";
            foreach (var name in HeadlineMetrics(predictions.Task))
            {
                if (!set.TryGetValue(name, out _)) continue;
                try
                {
                    var interval = BootstrapInterval.Compute(predictions.Count, indices => Fill(Subset(predictions, indices))[name], bootstrap);
                    intervals[name] = [interval.Lower, interval.Upper];
                }
                catch (UndefinedMetricException e)
                {
                    undefined[$"{name}_interval"] = e.Message;
                }
            }
        }
        return new MetricsReport(Name(predictions.Task), predictions.TaskInferred, predictions.Count, set.Values.ToDictionary(), matrix, perClass, intervals, undefined, note);
    }

    public static string Name(PredictionTask task) => task.ToString().ToLowerInvariant();

    /// <summary>All metrics of the predictions' task.</summary>
    public static MetricSet Fill(Predictions predictions)
    {
        var set = new MetricSet();
        switch (predictions.Task)
        {
            case PredictionTask.Binary:
                LabelMetrics.AddTo(set, predictions.Actual, predictions.Predicted, predictions.Classes);
                if (predictions.Scores is { } binaryScores) ScoreMetrics.AddBinary(set, predictions.Actual, binaryScores);
                break;
            case PredictionTask.Multiclass:
                LabelMetrics.AddTo(set, predictions.Actual, predictions.Predicted, predictions.Classes);
                if (predictions.Scores is { } classScores) ScoreMetrics.AddMulticlass(set, predictions.Actual, classScores, predictions.Classes);
                break;
            case PredictionTask.Multilabel:
                MultilabelLabelMetrics.AddTo(set, predictions.Actual, predictions.Predicted, predictions.Classes);
                if (predictions.Scores is { } labelScores) ScoreMetrics.AddMultilabel(set, predictions.Actual, labelScores, predictions.Classes);
                break;
            default:
                RegressionMetrics.AddTo(set, predictions.ActualValues, predictions.PredictedValues);
                break;
        }
        return set;
    }

    /// <summary>The examples at <paramref name="indices"/> (which may repeat), in that order.</summary>
    private static Predictions Subset(Predictions p, ReadOnlySpan<int> indices)
    {
        var width = p.Task == PredictionTask.Multilabel ? p.Classes : 1;
        var scoreWidth = p.Task switch { PredictionTask.Binary => 1, PredictionTask.Regression => 0, _ => p.Classes };
        return p with
        {
            Count = indices.Length,
            Actual = Gather(p.Actual, indices, width),
            Predicted = Gather(p.Predicted, indices, width),
            Scores = Gather(p.Scores, indices, scoreWidth),
            ActualValues = Gather(p.ActualValues, indices, 1),
            PredictedValues = Gather(p.PredictedValues, indices, 1),
        };
    }

    private static T[]? Gather<T>(T[]? source, ReadOnlySpan<int> indices, int width)
    {
        if (source is null || width == 0) return source is null ? null : [];
        var result = new T[indices.Length * width];
        for (var i = 0; i < indices.Length; i++) Array.Copy(source, indices[i] * width, result, i * width, width);
        return result;
    }
}
