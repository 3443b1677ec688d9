using Assay.Metrics;
using Assay.Metrics.Ranking;
using CsCheck;
using static Assay.Core.Tests.Metrics.Ranking.ScoreReference;

namespace Assay.Core.Tests.Metrics.Ranking;

public class MulticlassScoreMetricsTests
{
    public static TheoryData<string> Cases() => Names("multiclass");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_match_scikit_learn(string name)
    {
        var c = Case("multiclass", name);
        var k = c.GetProperty("num_classes").GetInt32();
        var y = c.Ints("y_true");
        var p = c.Floats("scores");
        AssertMatches(c.GetProperty("roc_auc_ovr_macro"), () => MulticlassScoreMetrics.RocAucOneVsRest(y, p, k), "ovr macro");
        AssertMatches(c.GetProperty("roc_auc_ovr_weighted"), () => MulticlassScoreMetrics.RocAucOneVsRest(y, p, k, Average.Weighted), "ovr weighted");
        AssertMatches(c.GetProperty("roc_auc_ovr_micro"), () => MulticlassScoreMetrics.RocAucOneVsRest(y, p, k, Average.Micro), "ovr micro");
        AssertMatches(c.GetProperty("roc_auc_ovo_macro"), () => MulticlassScoreMetrics.RocAucOneVsOne(y, p, k), "ovo macro");
        AssertMatches(c.GetProperty("average_precision_macro"), () => MulticlassScoreMetrics.AveragePrecisionMacro(y, p, k), "ap macro");
        AssertMatches(c.GetProperty("log_loss"), () => MulticlassScoreMetrics.LogLoss(y, p, k), "log_loss");
        AssertMatches(c.GetProperty("brier"), () => MulticlassScoreMetrics.BrierScore(y, p, k), "brier");
        AssertMatches(c.GetProperty("expected_calibration_error"), () => MulticlassScoreMetrics.ExpectedCalibrationError(y, p, k), "ece");
        foreach (var topK in c.GetProperty("top_k_accuracy").EnumerateObject())
            AssertMatches(topK.Value, () => MulticlassScoreMetrics.TopKAccuracy(y, p, k, int.Parse(topK.Name)), $"top-{topK.Name}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metric_set_matches_scikit_learn(string name)
    {
        var c = Case("multiclass", name);
        var k = c.GetProperty("num_classes").GetInt32();
        var set = new MetricSet();
        ScoreMetrics.AddMulticlass(set, c.Ints("y_true"), c.Floats("scores"), k);

        List<string> names = ["roc_auc_ovr_macro", "roc_auc_ovr_weighted", "roc_auc_ovo_macro", "average_precision_macro", "log_loss", "brier", "top_k_accuracy_2"];
        if (k > 3) names.Add("top_k_accuracy_3");
        if (k > 5) names.Add("top_k_accuracy_5");
        names.Add("expected_calibration_error");
        Assert.Equal(names, set.Values.Select(v => v.Key).Concat(set.Undefined.Keys).OrderBy(names.IndexOf));
        foreach (var metric in names)
        {
            var expected = metric.StartsWith("top_k_accuracy_", StringComparison.Ordinal)
                ? c.GetProperty("top_k_accuracy").GetProperty(metric["top_k_accuracy_".Length..])
                : c.GetProperty(metric);
            AssertMatches(expected, set, metric);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streaming_in_batches_and_merged_shards_equals_one_shot(string name)
    {
        var c = Case("multiclass", name);
        var k = c.GetProperty("num_classes").GetInt32();
        var y = c.Ints("y_true");
        var p = c.Floats("scores");
        var oneShot = new MetricSet();
        ScoreMetrics.AddMulticlass(oneShot, y, p, k);

        foreach (var (how, accumulator) in Streamed(y.Length, () => new MulticlassScoreAccumulator(k),
                     (a, start, count) => a.Update(y.AsSpan(start, count), p.AsSpan(start * k, count * k)), (a, b) => a.Merge(b)))
        {
            Assert.Equal(y.Length, accumulator.Count);
            AssertSameSet(oneShot, accumulator.Compute(), how);
        }
    }

    [Fact]
    public void Rows_are_checked_to_sum_to_one_exactly_as_scikit_learn_checks_them()
    {
        foreach (var probe in Root.GetProperty("row_sum_probes").EnumerateArray())
        {
            var k = probe.GetProperty("num_classes").GetInt32();
            var row = probe.Floats("row");
            var y = Enumerable.Range(0, k).Append(0).ToArray();
            var p = new float[(k + 1) * k];
            for (var i = 0; i < k; i++) p[i * k + i] = 1;
            row.CopyTo(p, k * k);

            if (probe.GetProperty("accepted").GetBoolean())
            {
                MulticlassScoreMetrics.RocAucOneVsRest(y, p, k);
            }
            else
            {
                var error = Assert.Throws<ArgumentException>(() => MulticlassScoreMetrics.RocAucOneVsRest(y, p, k));
                Assert.Contains($"scores in row {k} sum to", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Undefined_cases_say_why()
    {
        var set = new MetricSet();
        ScoreMetrics.AddMulticlass(set, [0, 1, 0, 1], [0.5f, 0.3f, 0.2f, 0.1f, 0.8f, 0.1f, 0.6f, 0.2f, 0.2f, 0.3f, 0.3f, 0.4f], 3);
        var absent = "class 2 is absent from y_true: one-vs-rest and one-vs-one scores need every class";
        Assert.Equal(absent, set.Undefined["roc_auc_ovr_macro"]);
        Assert.Equal(absent, set.Undefined["roc_auc_ovr_weighted"]);
        Assert.Equal(absent, set.Undefined["roc_auc_ovo_macro"]);
        Assert.Equal(absent, set.Undefined["average_precision_macro"]);
        Assert.Equal(1.0, set["top_k_accuracy_2"]);
        Assert.True(set.TryGetValue("log_loss", out _));

        var empty = new MetricSet();
        ScoreMetrics.AddMulticlass(empty, [], [], 3);
        Assert.Empty(empty.Values);
        Assert.Equal(8, empty.Undefined.Count);
        Assert.All(empty.Undefined.Values, reason => Assert.Equal("no samples", reason));
    }

    [Fact]
    public void Invalid_input_names_the_row_and_class()
    {
        Assert.Contains("true label 3 at position 1 is outside 0..2",
            Assert.Throws<ArgumentException>(() => MulticlassScoreMetrics.LogLoss([0, 3], [1f, 0, 0, 0, 1, 0], 3)).Message, StringComparison.Ordinal);
        Assert.Contains("probability 1.25 at row 1, class 2 is outside [0, 1]",
            Assert.Throws<ArgumentException>(() => MulticlassScoreMetrics.BrierScore([0, 1], [1f, 0, 0, 0, 0, 1.25f], 3)).Message, StringComparison.Ordinal);
        Assert.Contains("score NaN at row 0, class 1 is not finite",
            Assert.Throws<ArgumentException>(() => MulticlassScoreMetrics.TopKAccuracy([0], [1f, float.NaN, 0], 3, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("5 scores are not 2 rows of 3 classes",
            Assert.Throws<ArgumentException>(() => MulticlassScoreMetrics.TopKAccuracy([0, 1], [1f, 0, 0, 0, 1], 3, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("scores in row 1 sum to 0.9",
            Assert.Throws<ArgumentException>(() => ScoreMetrics.AddMulticlass(new MetricSet(), [0, 1], [1f, 0, 0, 0.3f, 0.3f, 0.3f], 3)).Message, StringComparison.Ordinal);

        // Average precision, log loss, top-k and Brier do not need rows summing to 1; log loss renormalises them.
        Assert.Equal(MulticlassScoreMetrics.LogLoss([0, 1], [0.5f, 0.25f, 0.25f, 0.2f, 0.6f, 0.2f], 3),
            MulticlassScoreMetrics.LogLoss([0, 1], [1f, 0.5f, 0.5f, 0.1f, 0.3f, 0.1f], 3), 1e-7);
    }

    [Fact]
    public void Top_k_ties_rank_the_higher_class_index_first()
    {
        // scikit-learn ranks by a stable ascending argsort reversed: among equal scores the higher index comes first.
        Assert.Equal(0, MulticlassScoreMetrics.TopKAccuracy([0], [0.5f, 0.5f, 0f], 3, 1));
        Assert.Equal(1, MulticlassScoreMetrics.TopKAccuracy([1], [0.5f, 0.5f, 0f], 3, 1));
        Assert.Equal(0, MulticlassScoreMetrics.TopKAccuracy([0], [0.25f, 0.25f, 0.25f, 0.25f], 4, 3));
        Assert.Equal(1, MulticlassScoreMetrics.TopKAccuracy([1], [0.25f, 0.25f, 0.25f, 0.25f], 4, 3));
        Assert.Equal(1, MulticlassScoreMetrics.TopKAccuracy([0], [0.25f, 0.25f, 0.25f, 0.25f], 4, 4));
    }

    [Fact]
    public void Brier_and_calibration_error_by_hand()
    {
        // (0.7−1)² + 0.2² + 0.1² = 0.14 and 0.3² + (0.4−1)² + 0.3² = 0.54: mean 0.34.
        Assert.Equal(0.34, MulticlassScoreMetrics.BrierScore([0, 1], [0.7f, 0.2f, 0.1f, 0.3f, 0.4f, 0.3f], 3), 1e-7);

        // Confidences 0.72 (hit) and 0.78 (miss) share bin 7: accuracy 0.5, confidence 0.75; 0.95 (hit) alone in bin 9.
        // ECE = 2/3·|0.5 − 0.75| + 1/3·|1 − 0.95| = 0.18333…
        int[] y = [0, 1, 0];
        float[] p = [0.72f, 0.18f, 0.10f, 0.78f, 0.12f, 0.10f, 0.95f, 0.03f, 0.02f];
        Assert.Equal(0.55 / 3, MulticlassScoreMetrics.ExpectedCalibrationError(y, p, 3), 1e-7);
        var bins = MulticlassScoreMetrics.ConfidenceCalibrationCurve(y, p, 3).Bins;
        Assert.Equal([7, 9], bins.Select(b => b.Index));
        Assert.Equal([2L, 1L], bins.Select(b => b.Count));

        // The predicted class on a tie is the first maximum (numpy.argmax), so [0.5, 0.5, 0] predicts class 0.
        Assert.Equal(0.5, MulticlassScoreMetrics.ExpectedCalibrationError([0], [0.5f, 0.5f, 0f], 3), 1e-12);
        Assert.Equal(0.5, MulticlassScoreMetrics.ExpectedCalibrationError([1], [0.5f, 0.5f, 0f], 3), 1e-12);
    }

    [Fact]
    public void One_vs_one_and_one_vs_rest_equal_their_pairwise_definitions()
    {
        Gen.Int[3, 5].SelectMany(k => Gen.Int[k, 60].SelectMany(n =>
                Gen.Int[0, k - 1].Array[n].SelectMany(y => Gen.Int[1, 8].Array[n * k].Select(w => (k, y, Normalised(w, k))))))
            .Sample(sample =>
            {
                var (k, y, p) = sample;
                if (Enumerable.Range(0, k).Any(c => !y.Contains(c))) return;
                double Auc(int positive, int negative, int column)
                {
                    double wins = 0, pairs = 0;
                    for (var i = 0; i < y.Length; i++)
                    {
                        for (var j = 0; j < y.Length; j++)
                        {
                            if (y[i] != positive || (negative >= 0 ? y[j] != negative : y[j] == positive)) continue;
                            var (si, sj) = (p[i * k + column], p[j * k + column]);
                            wins += si > sj ? 1 : si == sj ? 0.5 : 0;
                            pairs++;
                        }
                    }
                    return wins / pairs;
                }

                var ovo = 0.0;
                for (var a = 0; a < k; a++)
                {
                    for (var b = a + 1; b < k; b++) ovo += (Auc(a, b, a) + Auc(b, a, b)) / 2;
                }
                Assert.Equal(ovo / (k * (k - 1) / 2), MulticlassScoreMetrics.RocAucOneVsOne(y, p, k), 1e-12);
                Assert.Equal(Enumerable.Range(0, k).Average(c => Auc(c, -1, c)), MulticlassScoreMetrics.RocAucOneVsRest(y, p, k), 1e-12);
            }, iter: 200);
    }

    [Fact]
    public void Top_k_accuracy_grows_with_k_and_reaches_one()
    {
        Gen.Int[2, 6].SelectMany(k => Gen.Int[1, 40].SelectMany(n =>
                Gen.Int[0, k - 1].Array[n].SelectMany(y => Gen.Int[0, 4].Array[n * k].Select(w => (k, y, w.Select(v => (float)v).ToArray())))))
            .Sample(sample =>
            {
                var (k, y, s) = sample;
                var previous = 0.0;
                for (var top = 1; top <= k; top++)
                {
                    var accuracy = MulticlassScoreMetrics.TopKAccuracy(y, s, k, top);
                    Assert.True(accuracy >= previous);
                    previous = accuracy;
                }
                Assert.Equal(1.0, previous);
            }, iter: 200);
    }

    /// <summary>Rows of small integer weights divided by their sum: probabilities with frequent ties that sum to 1 in float32.</summary>
    private static float[] Normalised(int[] weights, int k)
    {
        var p = new float[weights.Length];
        for (var r = 0; r < weights.Length / k; r++)
        {
            var sum = 0;
            for (var c = 0; c < k; c++) sum += weights[r * k + c];
            for (var c = 0; c < k; c++) p[r * k + c] = weights[r * k + c] / (float)sum;
        }
        return p;
    }
}
