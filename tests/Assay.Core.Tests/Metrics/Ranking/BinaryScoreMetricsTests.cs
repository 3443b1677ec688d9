using Assay.Metrics;
using Assay.Metrics.Ranking;
using CsCheck;
using static Assay.Core.Tests.Metrics.Ranking.ScoreReference;

namespace Assay.Core.Tests.Metrics.Ranking;

public class BinaryScoreMetricsTests
{
    public static TheoryData<string> Cases() => Names("binary");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_match_scikit_learn(string name)
    {
        var c = Case("binary", name);
        var y = c.Ints("y_true");
        var s = c.Floats("score");
        AssertMatches(c.GetProperty("roc_auc"), () => BinaryScoreMetrics.RocAuc(y, s), "roc_auc");
        AssertMatches(c.GetProperty("average_precision"), () => BinaryScoreMetrics.AveragePrecision(y, s), "average_precision");
        AssertMatches(c.GetProperty("log_loss"), () => BinaryScoreMetrics.LogLoss(y, s), "log_loss");
        AssertMatches(c.GetProperty("brier"), () => BinaryScoreMetrics.BrierScore(y, s), "brier");
        AssertMatches(c.GetProperty("expected_calibration_error"), () => BinaryScoreMetrics.ExpectedCalibrationError(y, s), "ece");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metric_set_matches_scikit_learn(string name)
    {
        var c = Case("binary", name);
        var set = new MetricSet();
        ScoreMetrics.AddBinary(set, c.Ints("y_true"), c.Floats("score"));

        string[] names = ["roc_auc", "average_precision", "log_loss", "brier", "expected_calibration_error"];
        Assert.Equal(names, set.Values.Select(v => v.Key).Concat(set.Undefined.Keys).OrderBy(n => Array.IndexOf(names, n)));
        foreach (var metric in names) AssertMatches(c.GetProperty(metric), set, metric);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Roc_curve_matches_scikit_learn_point_by_point(string name)
    {
        var c = Case("binary", name);
        var expected = c.GetProperty("roc_curve");
        var y = c.Ints("y_true");
        var s = c.Floats("score");
        if (expected.IsUndefined())
        {
            Assert.Throws<UndefinedMetricException>(() => BinaryScoreMetrics.RocCurve(y, s));
            return;
        }
        var curve = BinaryScoreMetrics.RocCurve(y, s);
        AssertClose(expected.Doubles("fpr"), curve.FalsePositiveRates, "fpr");
        AssertClose(expected.Doubles("tpr"), curve.TruePositiveRates, "tpr");
        Assert.Equal(expected.Floats("thresholds"), curve.Thresholds);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Precision_recall_curve_matches_scikit_learn_point_by_point(string name)
    {
        var c = Case("binary", name);
        var expected = c.GetProperty("precision_recall_curve");
        var y = c.Ints("y_true");
        var s = c.Floats("score");
        if (expected.IsUndefined())
        {
            Assert.Throws<UndefinedMetricException>(() => BinaryScoreMetrics.PrecisionRecallCurve(y, s));
            return;
        }
        var curve = BinaryScoreMetrics.PrecisionRecallCurve(y, s);
        AssertClose(expected.Doubles("precision"), curve.Precisions, "precision");
        AssertClose(expected.Doubles("recall"), curve.Recalls, "recall");
        Assert.Equal(expected.Floats("thresholds"), curve.Thresholds);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Calibration_curve_matches_scikit_learn_bin_by_bin(string name)
    {
        var c = Case("binary", name);
        var expected = c.GetProperty("calibration_curve");
        var curve = BinaryScoreMetrics.CalibrationCurve(c.Ints("y_true"), c.Floats("score"));

        Assert.Equal(expected.Ints("bin"), curve.Bins.Select(b => b.Index));
        Assert.Equal(expected.Ints("count").Select(v => (long)v), curve.Bins.Select(b => b.Count));
        AssertClose(expected.Doubles("fraction_positive"), curve.Bins.Select(b => b.FractionPositive).ToArray(), "fraction positive");
        AssertClose(expected.Doubles("mean_predicted"), curve.Bins.Select(b => b.MeanPredicted).ToArray(), "mean predicted");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streaming_in_batches_and_merged_shards_equals_one_shot(string name)
    {
        var c = Case("binary", name);
        var y = c.Ints("y_true");
        var s = c.Floats("score");
        var oneShot = new MetricSet();
        ScoreMetrics.AddBinary(oneShot, y, s);

        foreach (var (how, accumulator) in Streamed(y.Length, () => new BinaryScoreAccumulator(),
                     (a, start, count) => a.Update(y.AsSpan(start, count), s.AsSpan(start, count)), (a, b) => a.Merge(b)))
        {
            Assert.Equal(y.Length, accumulator.Count);
            AssertSameSet(oneShot, accumulator.Compute(), how);
            if (c.GetProperty("roc_curve").IsUndefined()) continue;
            var curve = BinaryScoreMetrics.RocCurve(y, s);
            var streamed = accumulator.RocCurve();
            Assert.Equal(curve.FalsePositiveRates, streamed.FalsePositiveRates);
            Assert.Equal(curve.Thresholds, streamed.Thresholds);
            Assert.Equal(BinaryScoreMetrics.PrecisionRecallCurve(y, s).Precisions, accumulator.PrecisionRecallCurve().Precisions);
        }
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var accumulator = new BinaryScoreAccumulator();
        accumulator.Update([0, 1, 1], [0.1f, 0.9f, 0.2f]);
        accumulator.Reset();
        Assert.Equal(0, accumulator.Count);
        Assert.Equal(UndefinedReasons.NoSamples, Assert.Throws<UndefinedMetricException>(() => accumulator.RocAuc()).Message);
        accumulator.Update([0, 1], [0.4f, 0.6f]);
        Assert.Equal(1.0, accumulator.RocAuc());
    }

    [Fact]
    public void Undefined_cases_say_why()
    {
        var onlyNegatives = new MetricSet();
        ScoreMetrics.AddBinary(onlyNegatives, [0, 0, 0], [0.1f, 0.5f, 0.9f]);
        Assert.Equal("only the negative class is present in y_true: ROC needs positives and negatives", onlyNegatives.Undefined["roc_auc"]);
        Assert.Equal("no positive samples in y_true: recall, and so average precision, is undefined", onlyNegatives.Undefined["average_precision"]);
        Assert.True(onlyNegatives.TryGetValue("log_loss", out _));

        var onlyPositives = new MetricSet();
        ScoreMetrics.AddBinary(onlyPositives, [1, 1], [0.1f, 0.5f]);
        Assert.Equal("only the positive class is present in y_true: ROC needs positives and negatives", onlyPositives.Undefined["roc_auc"]);
        Assert.Equal(1.0, onlyPositives["average_precision"]);

        var empty = new MetricSet();
        ScoreMetrics.AddBinary(empty, [], []);
        Assert.All(empty.Undefined.Values, reason => Assert.Equal("no samples", reason));
        Assert.Equal(5, empty.Undefined.Count);
    }

    [Fact]
    public void Invalid_input_names_the_position()
    {
        Assert.Contains("true label 2 at position 1 is not 0 or 1",
            Assert.Throws<ArgumentException>(() => BinaryScoreMetrics.RocAuc([0, 2], [0.1f, 0.2f])).Message, StringComparison.Ordinal);
        Assert.Contains("score NaN at position 2 is not finite",
            Assert.Throws<ArgumentException>(() => BinaryScoreMetrics.RocAuc([0, 1, 1], [0.1f, 0.2f, float.NaN])).Message, StringComparison.Ordinal);
        Assert.Contains("score Infinity at position 0 is not finite",
            Assert.Throws<ArgumentException>(() => BinaryScoreMetrics.AveragePrecision([0], [float.PositiveInfinity])).Message, StringComparison.Ordinal);
        Assert.Contains("probability 1.5 at position 1 is outside [0, 1]",
            Assert.Throws<ArgumentException>(() => BinaryScoreMetrics.LogLoss([0, 1], [0.5f, 1.5f])).Message, StringComparison.Ordinal);
        Assert.Contains("probability -0.25 at position 0 is outside [0, 1]",
            Assert.Throws<ArgumentException>(() => ScoreMetrics.AddBinary(new MetricSet(), [0, 1], [-0.25f, 0.5f])).Message, StringComparison.Ordinal);
        Assert.Contains("2 true labels but 3 scores",
            Assert.Throws<ArgumentException>(() => BinaryScoreMetrics.BrierScore([0, 1], [0.5f, 0.5f, 0.5f])).Message, StringComparison.Ordinal);

        // Scores need not be probabilities for ranking: logits are fine.
        Assert.Equal(1.0, BinaryScoreMetrics.RocAuc([0, 1], [-3.5f, 7f]));
        var accumulator = new BinaryScoreAccumulator();
        accumulator.Update([0, 1], [-3.5f, 7f]);
        Assert.Equal(1.0, accumulator.RocAuc());
        Assert.Contains("probability -3.5 at position 0 is outside [0, 1]", Assert.Throws<ArgumentException>(() => accumulator.LogLoss()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_input_leaves_the_metric_set_untouched()
    {
        var set = new MetricSet();
        Assert.Throws<ArgumentException>(() => ScoreMetrics.AddBinary(set, [0, 1, 1], [0.1f, 0.2f, float.NaN]));
        Assert.Empty(set.Values);
        Assert.Empty(set.Undefined);
    }

    [Fact]
    public void Expected_calibration_error_by_hand()
    {
        // One sample per bin: bins 0, 1, 8, 9 with |hit − confidence| = 0.95, 0.15, 0.15, 0.05; ECE = 1.3 / 4.
        int[] y = [1, 0, 1, 1];
        float[] p = [0.05f, 0.15f, 0.85f, 0.95f];
        var curve = BinaryScoreMetrics.CalibrationCurve(y, p);
        Assert.Equal([0, 1, 8, 9], curve.Bins.Select(b => b.Index));
        Assert.Equal(0.325, curve.ExpectedCalibrationError, 1e-7);

        // Two bins of two: (0.22, 0.28) with one positive, (0.62, 0.68) with both positive: ½·|0.5 − 0.25| + ½·|1 − 0.65| = 0.3.
        Assert.Equal(0.3, BinaryScoreMetrics.ExpectedCalibrationError([1, 0, 1, 1], [0.22f, 0.28f, 0.62f, 0.68f]), 1e-7);

        // A probability on an inner edge goes to the lower bin, as numpy.searchsorted(side="left") puts it; 0 and 1 to the end bins.
        var edges = BinaryScoreMetrics.CalibrationCurve([0, 1, 1, 0], [0f, 0.5f, 1f, 0.25f]);
        Assert.Equal([0, 2, 4, 9], edges.Bins.Select(b => b.Index));
        Assert.Equal(0.4, edges.Bins[2].Lower, 1e-15);
        Assert.Equal(0.5, edges.Bins[2].Upper, 1e-15);
        Assert.Equal(1.0, edges.Bins[3].Upper);

        // Perfectly calibrated within bins: ECE 0.
        Assert.Equal(0, BinaryScoreMetrics.ExpectedCalibrationError([1, 0, 1, 0], [0.5f, 0.5f, 0.5f, 0.5f]));
    }

    [Fact]
    public void Log_loss_clips_in_float32_as_scikit_learn_does()
    {
        // Certain and wrong: −log(2⁻²³) = 23·ln 2, not infinity.
        Assert.Equal(23 * Math.Log(2), BinaryScoreMetrics.LogLoss([1], [0f]), 1e-12);
        Assert.Equal(23 * Math.Log(2), BinaryScoreMetrics.LogLoss([0], [1f]), 1e-12);
    }

    [Fact]
    public void Roc_curve_starts_above_the_highest_score()
    {
        var curve = BinaryScoreMetrics.RocCurve([0, 0, 1, 1], [0.1f, 0.4f, 0.35f, 0.8f]);
        Assert.Equal([1.8f, 0.8f, 0.4f, 0.35f, 0.1f], curve.Thresholds);
        Assert.Equal([0, 0, 0.5, 0.5, 1], curve.FalsePositiveRates);
        Assert.Equal([0, 0.5, 0.5, 1, 1], curve.TruePositiveRates);
    }

    [Fact]
    public void Ranking_metrics_equal_their_pairwise_definitions()
    {
        Labelled(Gen.Int[1, 60]).Sample(sample =>
        {
            var (y, s) = sample;
            var positives = y.Count(v => v == 1);
            var negatives = y.Length - positives;
            if (positives == 0) return;

            // AP: mean over positives x of precision at threshold s_x (ties share the threshold).
            var ap = 0.0;
            foreach (var i in Enumerable.Range(0, y.Length).Where(i => y[i] == 1))
            {
                var selected = Enumerable.Range(0, y.Length).Where(j => s[j] >= s[i]).ToArray();
                ap += selected.Count(j => y[j] == 1) / (double)selected.Length;
            }
            Assert.Equal(ap / positives, BinaryScoreMetrics.AveragePrecision(y, s), 1e-12);

            if (negatives == 0) return;
            // AUC: P(positive outscores negative), ties ½.
            var wins = 0.0;
            for (var i = 0; i < y.Length; i++)
            {
                for (var j = 0; j < y.Length; j++)
                {
                    if (y[i] == 1 && y[j] == 0) wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
            Assert.Equal(wins / positives / negatives, BinaryScoreMetrics.RocAuc(y, s), 1e-12);
        }, iter: 300);
    }

    [Fact]
    public void Roc_auc_is_invariant_under_strictly_increasing_transforms()
    {
        Labelled(Gen.Int[2, 200]).SelectMany(sample => Gen.Float[0.001f, 10f].Array[sample.Scores.Length].Select(gaps => (sample.Labels, sample.Scores, gaps)))
            .Sample(sample =>
            {
                var (y, s, gaps) = sample;
                if (!y.Contains(0) || !y.Contains(1)) return;

                // Map the k-th smallest distinct score to a strictly increasing sequence of arbitrary values.
                var distinct = s.Distinct().Order().ToArray();
                var image = new Dictionary<float, float>();
                var value = -50f;
                for (var i = 0; i < distinct.Length; i++)
                {
                    value = Math.Max(value + gaps[i], MathF.BitIncrement(value));
                    image[distinct[i]] = value;
                }
                var transformed = s.Select(v => image[v]).ToArray();

                Assert.Equal(BinaryScoreMetrics.RocAuc(y, s), BinaryScoreMetrics.RocAuc(y, transformed));
                Assert.Equal(BinaryScoreMetrics.AveragePrecision(y, s), BinaryScoreMetrics.AveragePrecision(y, transformed));
                Assert.Equal(BinaryScoreMetrics.RocCurve(y, s).TruePositiveRates, BinaryScoreMetrics.RocCurve(y, transformed).TruePositiveRates);
            }, iter: 300);
    }

    [Fact]
    public void Roc_auc_of_complemented_scores_is_the_complement()
    {
        // Scores on a 1/256 grid, so 1 − s is exact in float32 and keeps every tie.
        Labelled(Gen.Int[2, 300]).Sample(sample =>
        {
            var (y, s) = sample;
            if (!y.Contains(0) || !y.Contains(1)) return;
            var complement = s.Select(v => 1f - v).ToArray();
            Assert.Equal(1 - BinaryScoreMetrics.RocAuc(y, s), BinaryScoreMetrics.RocAuc(y, complement), 1e-12);
        }, iter: 300);
    }

    [Fact]
    public void Values_stay_within_their_catalogued_ranges()
    {
        Labelled(Gen.Int[1, 300]).Sample(sample =>
        {
            var (y, s) = sample;
            var set = new MetricSet();
            ScoreMetrics.AddBinary(set, y, s);
            foreach (var (name, value) in set.Values)
            {
                var info = ScoreMetricCatalog.Find(name)!;
                Assert.InRange(value, info.Minimum, info.Maximum);
            }
            Assert.InRange(set["brier"], 0, 1);
            Assert.InRange(set["log_loss"], 0, 23 * Math.Log(2) + 1e-12);
        }, iter: 300);
    }

    [Fact]
    public void Large_inputs_with_heavy_ties_match_the_pairwise_definition()
    {
        // 200,000 samples on 1,000 distinct scores: the radix passes, tie groups and integer area all at scale.
        var random = new Random(7);
        var n = 200_000;
        var y = new int[n];
        var s = new float[n];
        var positives = new long[1000];
        var negatives = new long[1000];
        for (var i = 0; i < n; i++)
        {
            var level = random.Next(1000);
            y[i] = random.NextDouble() < 0.2 + 0.6 * level / 1000.0 ? 1 : 0;
            s[i] = level / 1000f;
            (y[i] == 1 ? positives : negatives)[level]++;
        }
        double wins = 0, negativesBelow = 0;
        for (var level = 0; level < 1000; level++)
        {
            wins += positives[level] * (negativesBelow + 0.5 * negatives[level]);
            negativesBelow += negatives[level];
        }
        var expected = wins / positives.Sum() / negatives.Sum();
        Assert.Equal(expected, BinaryScoreMetrics.RocAuc(y, s), 1e-12);
    }

    /// <summary>Labels with scores on a coarse grid of [0, 1] (k/256), so ties are common.</summary>
    private static Gen<(int[] Labels, float[] Scores)> Labelled(Gen<int> length) =>
        length.SelectMany(n => Gen.Int[0, 1].Array[n].SelectMany(y => Gen.Int[0, 256].Array[n].Select(k => (y, k.Select(v => v / 256f).ToArray()))));
}
