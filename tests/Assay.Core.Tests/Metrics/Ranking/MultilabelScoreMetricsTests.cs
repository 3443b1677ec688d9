using Assay.Metrics;
using Assay.Metrics.Ranking;
using static Assay.Core.Tests.Metrics.Ranking.ScoreReference;

namespace Assay.Core.Tests.Metrics.Ranking;

public class MultilabelScoreMetricsTests
{
    public static TheoryData<string> Cases() => Names("multilabel");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_match_scikit_learn(string name)
    {
        var c = Case("multilabel", name);
        var l = c.GetProperty("num_labels").GetInt32();
        var y = c.Ints("y_true");
        var s = c.Floats("scores");
        foreach (var (average, suffix) in new[] { (Average.Macro, "macro"), (Average.Micro, "micro"), (Average.Weighted, "weighted") })
        {
            AssertMatches(c.GetProperty("roc_auc_" + suffix), () => MultilabelScoreMetrics.RocAuc(y, s, l, average), "roc_auc_" + suffix);
            AssertMatches(c.GetProperty("average_precision_" + suffix), () => MultilabelScoreMetrics.AveragePrecision(y, s, l, average), "average_precision_" + suffix);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metric_set_matches_scikit_learn(string name)
    {
        var c = Case("multilabel", name);
        var set = new MetricSet();
        ScoreMetrics.AddMultilabel(set, c.Ints("y_true"), c.Floats("scores"), c.GetProperty("num_labels").GetInt32());

        string[] names = ["roc_auc_macro", "roc_auc_micro", "roc_auc_weighted", "average_precision_macro", "average_precision_micro"];
        Assert.Equal(names, set.Values.Select(v => v.Key).Concat(set.Undefined.Keys).OrderBy(n => Array.IndexOf(names, n)));
        foreach (var metric in names) AssertMatches(c.GetProperty(metric), set, metric);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streaming_in_batches_and_merged_shards_equals_one_shot(string name)
    {
        var c = Case("multilabel", name);
        var l = c.GetProperty("num_labels").GetInt32();
        var y = c.Ints("y_true");
        var s = c.Floats("scores");
        var oneShot = new MetricSet();
        ScoreMetrics.AddMultilabel(oneShot, y, s, l);

        foreach (var (how, accumulator) in Streamed(y.Length / l, () => new MultilabelScoreAccumulator(l),
                     (a, start, count) => a.Update(y.AsSpan(start * l, count * l), s.AsSpan(start * l, count * l)), (a, b) => a.Merge(b)))
        {
            Assert.Equal(y.Length / l, accumulator.Count);
            AssertSameSet(oneShot, accumulator.Compute(), how);
        }
    }

    [Fact]
    public void Undefined_cases_say_why()
    {
        // Label 1 is never positive, label 2 always.
        int[] y = [1, 0, 1, 0, 0, 1, 1, 0, 1];
        float[] s = [0.9f, 0.1f, 0.5f, 0.2f, 0.3f, 0.6f, 0.7f, 0.4f, 0.8f];
        var set = new MetricSet();
        ScoreMetrics.AddMultilabel(set, y, s, 3);
        Assert.Equal("label 1 is negative in every sample: its ROC needs positives and negatives", set.Undefined["roc_auc_macro"]);
        Assert.Equal("label 1 is negative in every sample: its ROC needs positives and negatives", set.Undefined["roc_auc_weighted"]);
        Assert.Equal("label 1 has no positive samples: its recall, and so average precision, is undefined", set.Undefined["average_precision_macro"]);
        Assert.True(set.TryGetValue("roc_auc_micro", out _));
        Assert.True(set.TryGetValue("average_precision_micro", out _));

        var empty = new MetricSet();
        ScoreMetrics.AddMultilabel(empty, [], [], 3);
        Assert.Equal(5, empty.Undefined.Count);
        Assert.All(empty.Undefined.Values, reason => Assert.Equal("no samples", reason));

        Assert.Contains("true label 2 at row 1, label 0 is not 0 or 1",
            Assert.Throws<ArgumentException>(() => MultilabelScoreMetrics.RocAuc([0, 1, 2, 0], [0.1f, 0.2f, 0.3f, 0.4f], 2)).Message, StringComparison.Ordinal);
        Assert.Contains("score NaN at row 1, label 1 is not finite",
            Assert.Throws<ArgumentException>(() => MultilabelScoreMetrics.AveragePrecision([0, 1, 1, 0], [0.1f, 0.2f, 0.3f, float.NaN], 2)).Message, StringComparison.Ordinal);
    }
}
