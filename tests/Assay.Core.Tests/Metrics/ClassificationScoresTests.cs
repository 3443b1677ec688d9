using System.Text.Json;
using Assay.Metrics;
using Assay.Tests;
using CsCheck;

namespace Assay.Core.Tests.Metrics;

public class ClassificationScoresTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Reference().EnumerateArray())
            data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn(string name)
    {
        var c = Case(name);
        var k = c.GetProperty("num_classes").GetInt32();
        var scores = ClassificationScores.From(ConfusionMatrix.From(Ints(c, "y_true"), Ints(c, "y_pred"), k));

        Assert.Equal(c.GetProperty("accuracy").GetDouble(), scores.Accuracy, Tolerance);
        // ClassificationScores uses zero_division=0 (the "_zd0" reference values).
        Assert.Equal(c.GetProperty("precision_macro_zd0").GetDouble(), scores.PrecisionMacro, Tolerance);
        Assert.Equal(c.GetProperty("recall_macro_zd0").GetDouble(), scores.RecallMacro, Tolerance);
        Assert.Equal(c.GetProperty("f1_macro_zd0").GetDouble(), scores.F1Macro, Tolerance);
        Assert.Equal(c.GetProperty("precision_weighted_zd0").GetDouble(), scores.PrecisionWeighted, Tolerance);
        Assert.Equal(c.GetProperty("recall_weighted_zd0").GetDouble(), scores.RecallWeighted, Tolerance);
        Assert.Equal(c.GetProperty("f1_weighted_zd0").GetDouble(), scores.F1Weighted, Tolerance);
        Assert.Equal(c.GetProperty("precision_micro_zd0").GetDouble(), scores.PrecisionMicro, Tolerance);
        Assert.Equal(c.GetProperty("recall_micro_zd0").GetDouble(), scores.RecallMicro, Tolerance);
        Assert.Equal(c.GetProperty("f1_micro_zd0").GetDouble(), scores.F1Micro, Tolerance);
        for (var label = 0; label < k; label++)
        {
            Assert.Equal(c.GetProperty("precision_per_class_zd0")[label].GetDouble(), scores.PerClass[label].Precision, Tolerance);
            Assert.Equal(c.GetProperty("recall_per_class_zd0")[label].GetDouble(), scores.PerClass[label].Recall, Tolerance);
            Assert.Equal(c.GetProperty("f1_per_class_zd0")[label].GetDouble(), scores.PerClass[label].F1, Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Confusion_matrix_matches_scikit_learn(string name)
    {
        var c = Case(name);
        var matrix = ConfusionMatrix.From(Ints(c, "y_true"), Ints(c, "y_pred"), c.GetProperty("num_classes").GetInt32());
        var expected = c.GetProperty("confusion_matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        Assert.Equal(expected, matrix.ToRows());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streaming_in_batches_and_merged_shards_equals_one_shot(string name)
    {
        var c = Case(name);
        var k = c.GetProperty("num_classes").GetInt32();
        var actual = Ints(c, "y_true");
        var predicted = Ints(c, "y_pred");
        var oneShot = ConfusionMatrix.From(actual, predicted, k).ToRows();

        foreach (var batch in new[] { 1, 3, 64 })
        {
            var streaming = new ConfusionMatrix(k);
            var shardA = new ConfusionMatrix(k);
            var shardB = new ConfusionMatrix(k);
            for (var start = 0; start < actual.Length; start += batch)
            {
                var count = Math.Min(batch, actual.Length - start);
                streaming.Update(actual.AsSpan(start, count), predicted.AsSpan(start, count));
                (start / batch % 2 == 0 ? shardA : shardB).Update(actual.AsSpan(start, count), predicted.AsSpan(start, count));
            }
            shardA.Merge(shardB);
            Assert.Equal(oneShot, streaming.ToRows());
            Assert.Equal(oneShot, shardA.ToRows());
            Assert.Equal(actual.Length, shardA.Total);
        }
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var matrix = ConfusionMatrix.From([0, 1, 1], [0, 0, 1], 2);
        matrix.Reset();
        Assert.Equal(0, matrix.Total);
        Assert.All(matrix.ToRows().SelectMany(r => r), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Labels_outside_the_classes_are_rejected_with_their_position()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 3], [0, 1], 3));
        Assert.Contains("true label 3 at position 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_are_bounded_and_invariant_under_permutation()
    {
        Gen.Int[1, 6].SelectMany(k => Gen.Int[0, k - 1].Array[1, 200].SelectMany(t => Gen.Int[0, k - 1].Array[t.Length].Select(p => (k, t, p))))
            .Sample(sample =>
            {
                var (k, actual, predicted) = sample;
                var scores = ClassificationScores.From(ConfusionMatrix.From(actual, predicted, k));
                foreach (var value in scores.ToDictionary().Values) Assert.InRange(value, 0, 1);

                var order = Enumerable.Range(0, actual.Length).Reverse().ToArray();
                var shuffled = ClassificationScores.From(ConfusionMatrix.From(order.Select(i => actual[i]).ToArray(), order.Select(i => predicted[i]).ToArray(), k));
                Assert.Equal(scores.ToDictionary(), shuffled.ToDictionary());
            }, iter: 300);
    }

    /// <summary>The single-label cases of tools/reference/sklearn_label_metrics.py.</summary>
    private static JsonElement Reference() => TestAssets.Json("sklearn", "label_metrics_reference.json").GetProperty("single_label");

    private static JsonElement Case(string name) => Reference().EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static int[] Ints(JsonElement c, string field) => c.GetProperty(field).EnumerateArray().Select(v => v.GetInt32()).ToArray();
}
