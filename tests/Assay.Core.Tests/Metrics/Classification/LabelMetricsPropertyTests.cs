using Assay.Metrics;
using Assay.Metrics.Classification;
using CsCheck;

namespace Assay.Core.Tests.Metrics.Classification;

/// <summary>Properties that hold for any input: bounds, invariance under reordering, symmetry, agreement between paths.</summary>
public class LabelMetricsPropertyTests
{
    private const double Tolerance = LabelReference.Tolerance;

    private static readonly Average[] SingleLabelAverages = [Average.Micro, Average.Macro, Average.Weighted];

    private static readonly Average[] MultilabelAverages = [Average.Micro, Average.Macro, Average.Weighted, Average.Samples];

    /// <summary>K, y_true, y_pred (right with probability ½, else a uniform class) and a permutation of the examples.</summary>
    private static readonly Gen<(int K, int[] True, int[] Pred, int[] Order)> SingleLabel =
        Gen.Int[1, 6].SelectMany(k => Gen.Int[1, 150].SelectMany(n => Gen.Select(
            Gen.Int[0, k - 1].Array[n],
            Gen.Int[0, k - 1].Array[n],
            Gen.Bool.Array[n],
            Gen.Shuffle(Enumerable.Range(0, n).ToArray()),
            (t, noise, keep, order) => (k, t, Enumerable.Range(0, n).Select(i => keep[i] ? t[i] : noise[i]).ToArray(), order))));

    /// <summary>L, y_true, y_pred as n×L indicators (sparse or dense), and a permutation of the rows.</summary>
    private static readonly Gen<(int L, int[] True, int[] Pred, int[] Order)> Multilabel =
        Gen.Int[1, 6].SelectMany(l => Gen.Int[1, 60].SelectMany(n => Gen.Int[0, 3].SelectMany(density => Gen.Select(
            Gen.Int[0, 3].Array[n * l],
            Gen.Int[0, 3].Array[n * l],
            Gen.Shuffle(Enumerable.Range(0, n).ToArray()),
            // A cell is 1 when its draw is below the density, so density 0 gives all-zero matrices.
            (t, p, order) => (l, t.Select(v => v < density ? 1 : 0).ToArray(), p.Select(v => v < density ? 1 : 0).ToArray(), order)))));

    [Fact]
    public void Single_label_values_stay_within_their_catalog_range()
    {
        SingleLabel.Sample(s =>
        {
            var set = new MetricSet();
            LabelMetrics.AddTo(set, s.True, s.Pred, s.K);
            foreach (var (name, value) in set.Values) AssertInRange(LabelMetricCatalog.Find(name)!, value);
            var m = ConfusionMatrix.From(s.True, s.Pred, s.K);
            // Ratios a/b with a ≤ b and their means cannot round past 1; F-beta's products can, by an ulp.
            foreach (var zd in new[] { ZeroDivision.Zero, ZeroDivision.One })
            {
                foreach (var average in SingleLabelAverages)
                {
                    Assert.InRange(LabelMetrics.Precision(m, average, zd), 0, 1);
                    Assert.InRange(LabelMetrics.Recall(m, average, zd), 0, 1);
                    Assert.InRange(LabelMetrics.FBeta(m, 0.5, average, zd), 0, 1 + Tolerance);
                    Assert.InRange(LabelMetrics.FBeta(m, 2, average, zd), 0, 1 + Tolerance);
                    Assert.InRange(LabelMetrics.Jaccard(m, average, zd), 0, 1);
                }
            }
            foreach (var weighting in new[] { KappaWeighting.Linear, KappaWeighting.Quadratic })
            {
                if (Defined(() => LabelMetrics.CohenKappa(m, weighting)) is { } kappa) Assert.InRange(kappa, -1 - Tolerance, 1 + Tolerance);
            }
        }, iter: 300);
    }

    [Fact]
    public void Single_label_values_do_not_depend_on_example_order()
    {
        SingleLabel.Sample(s =>
        {
            var original = LabelReference.Actual(ConfusionMatrix.From(s.True, s.Pred, s.K));
            var shuffled = LabelReference.Actual(ConfusionMatrix.From([.. s.Order.Select(i => s.True[i])], [.. s.Order.Select(i => s.Pred[i])], s.K));
            LabelReference.AssertClose(original, shuffled, tolerance: 0);
        }, iter: 150);
    }

    [Fact]
    public void Swapping_truth_and_predictions_keeps_the_symmetric_metrics_and_swaps_precision_with_recall()
    {
        SingleLabel.Sample(s =>
        {
            var forward = ConfusionMatrix.From(s.True, s.Pred, s.K);
            var backward = ConfusionMatrix.From(s.Pred, s.True, s.K);
            Assert.Equal(LabelMetrics.Accuracy(forward), LabelMetrics.Accuracy(backward));
            Assert.Equal(LabelMetrics.MatthewsCorrelation(forward), LabelMetrics.MatthewsCorrelation(backward));
            foreach (var weighting in new[] { KappaWeighting.None, KappaWeighting.Linear, KappaWeighting.Quadratic })
            {
                var kappa = Defined(() => LabelMetrics.CohenKappa(forward, weighting));
                var swapped = Defined(() => LabelMetrics.CohenKappa(backward, weighting));
                Assert.Equal(kappa is null, swapped is null);
                if (kappa is not null) Assert.Equal(kappa.Value, swapped!.Value, Tolerance);
            }
            foreach (var zd in new[] { ZeroDivision.Zero, ZeroDivision.One })
            {
                foreach (var average in new[] { Average.Micro, Average.Macro })
                {
                    Assert.Equal(LabelMetrics.Precision(forward, average, zd), LabelMetrics.Recall(backward, average, zd));
                    Assert.Equal(LabelMetrics.F1(forward, average, zd), LabelMetrics.F1(backward, average, zd), Tolerance);
                    Assert.Equal(LabelMetrics.Jaccard(forward, average, zd), LabelMetrics.Jaccard(backward, average, zd));
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Micro_averages_are_accuracy_and_balanced_accuracy_is_macro_recall_when_every_class_is_true_somewhere()
    {
        SingleLabel.Sample(s =>
        {
            var m = ConfusionMatrix.From(s.True, s.Pred, s.K);
            var accuracy = LabelMetrics.Accuracy(m);
            Assert.Equal(accuracy, LabelMetrics.Precision(m, Average.Micro));
            Assert.Equal(accuracy, LabelMetrics.Recall(m, Average.Micro));
            Assert.Equal(accuracy, LabelMetrics.F1(m, Average.Micro), Tolerance);
            Assert.Equal(accuracy / (2 - accuracy), LabelMetrics.Jaccard(m, Average.Micro), Tolerance);
            Assert.Equal(accuracy, LabelMetrics.Recall(m, Average.Weighted), Tolerance);
            if (s.True.Distinct().Count() == s.K) Assert.Equal(LabelMetrics.Recall(m, Average.Macro), LabelMetrics.BalancedAccuracy(m));
            else Assert.True(LabelMetrics.BalancedAccuracy(m) >= LabelMetrics.Recall(m, Average.Macro));
        }, iter: 300);
    }

    [Fact]
    public void F_beta_runs_from_precision_at_zero_to_recall_at_infinity()
    {
        SingleLabel.Sample(s =>
        {
            var m = ConfusionMatrix.From(s.True, s.Pred, s.K);
            var f0 = LabelMetrics.FBetaPerClass(m, 0, ZeroDivision.One);
            var precision = LabelMetrics.PrecisionPerClass(m, ZeroDivision.One);
            var recall = LabelMetrics.RecallPerClass(m, ZeroDivision.One);
            for (var c = 0; c < s.K; c++)
            {
                // scikit-learn's F0 is P·R/R: precision, except 0 where recall is 0.
                Assert.Equal(recall[c] == 0 ? 0 : precision[c], f0[c], Tolerance);
            }
            Assert.Equal(recall, LabelMetrics.FBetaPerClass(m, double.PositiveInfinity, ZeroDivision.One));
        }, iter: 200);
    }

    [Fact]
    public void Classification_scores_agree_with_label_metrics()
    {
        SingleLabel.Sample(s =>
        {
            var m = ConfusionMatrix.From(s.True, s.Pred, s.K);
            var scores = ClassificationScores.From(m);
            var set = new MetricSet();
            LabelMetrics.AddTo(set, m);
            foreach (var (name, value) in scores.ToDictionary()) Assert.Equal(value, set[name]);
            Assert.Equal(scores.PerClass, LabelMetrics.PerClass(m));
        }, iter: 200);
    }

    [Fact]
    public void Single_label_streaming_in_random_batches_equals_one_shot_exactly()
    {
        SingleLabel.SelectMany(s => Gen.Int[1, 20].Array[s.True.Length].Select(cuts => (s, cuts))).Sample(x =>
        {
            var (s, cuts) = x;
            var streaming = new ConfusionMatrix(s.K);
            var other = new ConfusionMatrix(s.K);
            var i = 0;
            for (var b = 0; i < s.True.Length; b++)
            {
                var count = Math.Min(cuts[b], s.True.Length - i);
                (b % 2 == 0 ? streaming : other).Update(s.True.AsSpan(i, count), s.Pred.AsSpan(i, count));
                i += count;
            }
            streaming.Merge(other);
            LabelReference.AssertClose(LabelReference.Actual(ConfusionMatrix.From(s.True, s.Pred, s.K)), LabelReference.Actual(streaming), tolerance: 0);
        }, iter: 100);
    }

    [Fact]
    public void Multilabel_values_stay_within_their_catalog_range()
    {
        Multilabel.Sample(s =>
        {
            var set = new MetricSet();
            MultilabelLabelMetrics.AddTo(set, s.True, s.Pred, s.L);
            Assert.Empty(set.Undefined);
            foreach (var (name, value) in set.Values) AssertInRange(LabelMetricCatalog.Find(name)!, value);
            var m = LabelReference.NewMultilabel(s.L);
            m.Update(s.True, s.Pred);
            foreach (var zd in new[] { ZeroDivision.Zero, ZeroDivision.One })
            {
                foreach (var average in MultilabelAverages)
                {
                    Assert.InRange(MultilabelLabelMetrics.Precision(m, average, zd), 0, 1);
                    Assert.InRange(MultilabelLabelMetrics.Recall(m, average, zd), 0, 1);
                    Assert.InRange(MultilabelLabelMetrics.FBeta(m, 0.5, average, zd), 0, 1 + Tolerance);
                    Assert.InRange(MultilabelLabelMetrics.FBeta(m, 2, average, zd), 0, 1 + Tolerance);
                    Assert.InRange(MultilabelLabelMetrics.Jaccard(m, average, zd), 0, 1);
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Multilabel_values_do_not_depend_on_row_order()
    {
        Multilabel.Sample(s =>
        {
            var original = LabelReference.NewMultilabel(s.L);
            original.Update(s.True, s.Pred);
            var shuffled = LabelReference.NewMultilabel(s.L);
            shuffled.Update(Rows(s.True, s.L, s.Order), Rows(s.Pred, s.L, s.Order));
            Assert.Equal(original.PerLabelCounts(), shuffled.PerLabelCounts());
            LabelReference.AssertClose(LabelReference.Actual(original), LabelReference.Actual(shuffled));
        }, iter: 150);
    }

    [Fact]
    public void Multilabel_streaming_in_random_batches_equals_one_shot()
    {
        Multilabel.SelectMany(s => Gen.Int[1, 10].Array[s.True.Length / s.L].Select(cuts => (s, cuts))).Sample(x =>
        {
            var (s, cuts) = x;
            var streaming = LabelReference.NewMultilabel(s.L);
            var other = LabelReference.NewMultilabel(s.L);
            var row = 0;
            var rows = s.True.Length / s.L;
            for (var b = 0; row < rows; b++)
            {
                var count = Math.Min(cuts[b], rows - row) * s.L;
                (b % 2 == 0 ? streaming : other).Update(s.True.AsSpan(row * s.L, count), s.Pred.AsSpan(row * s.L, count));
                row += count / s.L;
            }
            streaming.Merge(other);
            var oneShot = LabelReference.NewMultilabel(s.L);
            oneShot.Update(s.True, s.Pred);
            Assert.Equal(oneShot.PerLabelCounts(), streaming.PerLabelCounts());
            Assert.Equal((oneShot.Samples, oneShot.ExactMatches, oneShot.EmptySamples), (streaming.Samples, streaming.ExactMatches, streaming.EmptySamples));
            LabelReference.AssertClose(LabelReference.Actual(oneShot), LabelReference.Actual(streaming));
        }, iter: 100);
    }

    [Fact]
    public void One_hot_multilabel_rows_give_the_single_label_metrics()
    {
        SingleLabel.Sample(s =>
        {
            var single = ConfusionMatrix.From(s.True, s.Pred, s.K);
            var multi = MultilabelConfusion.From(OneHot(s.True, s.K), OneHot(s.Pred, s.K), s.K);
            Assert.Equal(LabelMetrics.PerClassCounts(single), multi.PerLabelCounts());
            foreach (var zd in new[] { ZeroDivision.Zero, ZeroDivision.One })
            {
                foreach (var average in SingleLabelAverages)
                {
                    Assert.Equal(LabelMetrics.Precision(single, average, zd), MultilabelLabelMetrics.Precision(multi, average, zd));
                    Assert.Equal(LabelMetrics.Recall(single, average, zd), MultilabelLabelMetrics.Recall(multi, average, zd));
                    Assert.Equal(LabelMetrics.F1(single, average, zd), MultilabelLabelMetrics.F1(multi, average, zd));
                    Assert.Equal(LabelMetrics.Jaccard(single, average, zd), MultilabelLabelMetrics.Jaccard(multi, average, zd));
                }
                // One true and one predicted label per row: every per-row ratio is 1 when right, 0 when wrong.
                var accuracy = LabelMetrics.Accuracy(single);
                Assert.Equal(accuracy, MultilabelLabelMetrics.SubsetAccuracy(multi));
                Assert.Equal(accuracy, MultilabelLabelMetrics.Precision(multi, Average.Samples, zd));
                Assert.Equal(accuracy, MultilabelLabelMetrics.F1(multi, Average.Samples, zd));
                Assert.Equal(accuracy, MultilabelLabelMetrics.Jaccard(multi, Average.Samples, zd));
            }
            Assert.Equal(2 * (1 - LabelMetrics.Accuracy(single)) / s.K, MultilabelLabelMetrics.HammingLoss(multi), Tolerance);
        }, iter: 200);
    }

    private static void AssertInRange(MetricInfo info, double value)
    {
        // Rounding may land a perfect MCC a few ulps past 1; anything further is a real bug.
        Assert.True(value >= info.Minimum - Tolerance && value <= info.Maximum + Tolerance, $"{info.Name} = {value} outside [{info.Minimum}, {info.Maximum}]");
    }

    private static double? Defined(Func<double> compute)
    {
        try
        {
            return compute();
        }
        catch (UndefinedMetricException)
        {
            return null;
        }
    }

    private static int[] Rows(int[] values, int numLabels, int[] order) =>
        [.. order.SelectMany(r => values.AsSpan(r * numLabels, numLabels).ToArray())];

    private static int[] OneHot(int[] labels, int numClasses)
    {
        var values = new int[labels.Length * numClasses];
        for (var i = 0; i < labels.Length; i++) values[i * numClasses + labels[i]] = 1;
        return values;
    }
}
