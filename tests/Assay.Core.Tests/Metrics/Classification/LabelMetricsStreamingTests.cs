using Assay.Metrics;
using Assay.Metrics.Classification;

namespace Assay.Core.Tests.Metrics.Classification;

/// <summary>Batches, shards, merge and reset give the one-shot values, for every reference case.</summary>
public class LabelMetricsStreamingTests
{
    public static TheoryData<string> SingleLabelCases() => LabelReference.Names("single_label");

    public static TheoryData<string> MultilabelCases() => LabelReference.Names("multilabel");

    [Theory]
    [MemberData(nameof(SingleLabelCases))]
    public void Single_label_batches_and_merged_shards_equal_one_shot_exactly(string name)
    {
        var c = LabelReference.Case("single_label", name);
        var k = c.GetProperty("num_classes").GetInt32();
        var t = LabelReference.Ints(c, "y_true");
        var p = LabelReference.Ints(c, "y_pred");
        var oneShot = LabelReference.Actual(ConfusionMatrix.From(t, p, k));

        foreach (var batch in new[] { 1, 3, 64 })
        {
            var streaming = new ConfusionMatrix(k);
            var shards = new[] { new ConfusionMatrix(k), new ConfusionMatrix(k), new ConfusionMatrix(k) };
            for (var start = 0; start < t.Length; start += batch)
            {
                var count = Math.Min(batch, t.Length - start);
                streaming.Update(t.AsSpan(start, count), p.AsSpan(start, count));
                shards[start / batch % shards.Length].Update(t.AsSpan(start, count), p.AsSpan(start, count));
            }
            shards[2].Merge(shards[0]);
            shards[2].Merge(shards[1]);
            // Counts are integers, so every path gives bit-identical values.
            LabelReference.AssertClose(oneShot, LabelReference.Actual(streaming), tolerance: 0);
            LabelReference.AssertClose(oneShot, LabelReference.Actual(shards[2]), tolerance: 0);
        }
    }

    [Theory]
    [MemberData(nameof(MultilabelCases))]
    public void Multilabel_batches_and_merged_shards_equal_one_shot(string name)
    {
        var c = LabelReference.Case("multilabel", name);
        var l = c.GetProperty("num_labels").GetInt32();
        var t = LabelReference.Ints(c, "y_true");
        var p = LabelReference.Ints(c, "y_pred");
        var oneShot = LabelReference.NewMultilabel(l);
        oneShot.Update(t, p);
        var expected = LabelReference.Actual(oneShot);

        foreach (var batch in new[] { 1, 3, 64 })
        {
            var streaming = LabelReference.NewMultilabel(l);
            var shards = new[] { LabelReference.NewMultilabel(l), LabelReference.NewMultilabel(l) };
            for (var row = 0; row * l < t.Length; row += batch)
            {
                var start = row * l;
                var count = Math.Min(batch * l, t.Length - start);
                streaming.Update(t.AsSpan(start, count), p.AsSpan(start, count));
                shards[row / batch % 2].Update(t.AsSpan(start, count), p.AsSpan(start, count));
            }
            shards[1].Merge(shards[0]);
            foreach (var accumulated in new[] { streaming, shards[1] })
            {
                AssertSameCounts(oneShot, accumulated);
                // Samples sums are doubles added in another order: equal up to rounding.
                LabelReference.AssertClose(expected, LabelReference.Actual(accumulated));
            }
        }
    }

    [Fact]
    public void Reset_single_label_accumulator_starts_over()
    {
        var matrix = ConfusionMatrix.From([0, 1, 2, 2], [0, 2, 2, 1], 3);
        var fresh = LabelReference.Actual(ConfusionMatrix.From([1, 1], [1, 0], 3));
        matrix.Reset();
        Assert.Throws<UndefinedMetricException>(() => LabelMetrics.Accuracy(matrix));
        matrix.Update([1, 1], [1, 0]);
        LabelReference.AssertClose(fresh, LabelReference.Actual(matrix), tolerance: 0);
    }

    [Fact]
    public void Reset_multilabel_accumulator_starts_over()
    {
        var confusion = LabelReference.NewMultilabel(3);
        confusion.Update([1, 0, 1, 0, 0, 0, 1, 1, 1], [1, 1, 0, 0, 0, 0, 0, 1, 1]);
        confusion.Reset();
        Assert.Equal(0, confusion.Samples);
        Assert.All(confusion.PerLabelCounts(), c => Assert.Equal(default, c));
        Assert.Throws<UndefinedMetricException>(() => MultilabelLabelMetrics.F1(confusion, Average.Samples));

        var fresh = LabelReference.NewMultilabel(3);
        fresh.Update([0, 1, 1, 0, 0, 0], [0, 1, 0, 0, 0, 0]);
        confusion.Update([0, 1, 1, 0, 0, 0], [0, 1, 0, 0, 0, 0]);
        AssertSameCounts(fresh, confusion);
        LabelReference.AssertClose(LabelReference.Actual(fresh), LabelReference.Actual(confusion), tolerance: 0);
    }

    [Fact]
    public void A_rejected_batch_adds_nothing()
    {
        var matrix = ConfusionMatrix.From([0, 1], [1, 1], 2);
        Assert.Throws<ArgumentException>(() => matrix.Update([0, 1, 0], [0, 1, 2]));
        Assert.Equal(2, matrix.Total);
        Assert.Equal([[0L, 1L], [0L, 1L]], matrix.ToRows());

        var confusion = MultilabelConfusion.From([1, 0], [1, 1], 2);
        Assert.Throws<ArgumentException>(() => confusion.Update([1, 0, 1, 1], [1, 0, 0, 2]));
        Assert.Equal(1, confusion.Samples);
        Assert.Equal([new ClassCounts(1, 0, 0), new ClassCounts(0, 1, 0)], confusion.PerLabelCounts());
    }

    private static void AssertSameCounts(MultilabelConfusion expected, MultilabelConfusion actual)
    {
        Assert.Equal(expected.PerLabelCounts(), actual.PerLabelCounts());
        Assert.Equal(expected.Samples, actual.Samples);
        Assert.Equal(expected.ExactMatches, actual.ExactMatches);
        Assert.Equal(expected.SamplesWithoutPredictions, actual.SamplesWithoutPredictions);
        Assert.Equal(expected.SamplesWithoutTruth, actual.SamplesWithoutTruth);
        Assert.Equal(expected.EmptySamples, actual.EmptySamples);
    }
}
