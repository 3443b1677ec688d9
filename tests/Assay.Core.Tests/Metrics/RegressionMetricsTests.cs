using System.Text.Json;
using Assay.Metrics;
using Assay.Metrics.Regression;
using Assay.Tests;
using CsCheck;

namespace Assay.Core.Tests.Metrics;

public class RegressionMetricsTests
{
    private const double RelativeTolerance = 1e-12;

    private static readonly string[] MetricNames =
    [
        "mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "median_absolute_error",
        "mean_absolute_percentage_error", "max_error", "r2", "explained_variance",
    ];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Reference().GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pure_functions_match_scikit_learn(string name)
    {
        var c = Case(name);
        var (yTrue, yPred) = (Doubles(c, "y_true"), Doubles(c, "y_pred"));
        var functions = new Dictionary<string, Func<double>>
        {
            ["mean_squared_error"] = () => RegressionMetrics.MeanSquaredError(yTrue, yPred),
            ["root_mean_squared_error"] = () => RegressionMetrics.RootMeanSquaredError(yTrue, yPred),
            ["mean_absolute_error"] = () => RegressionMetrics.MeanAbsoluteError(yTrue, yPred),
            ["median_absolute_error"] = () => RegressionMetrics.MedianAbsoluteError(yTrue, yPred),
            ["mean_absolute_percentage_error"] = () => RegressionMetrics.MeanAbsolutePercentageError(yTrue, yPred),
            ["max_error"] = () => RegressionMetrics.MaxError(yTrue, yPred),
            ["r2"] = () => RegressionMetrics.CoefficientOfDetermination(yTrue, yPred),
            ["explained_variance"] = () => RegressionMetrics.ExplainedVariance(yTrue, yPred),
        };
        foreach (var metric in MetricNames)
        {
            var expected = c.GetProperty(metric);
            if (expected.ValueKind == JsonValueKind.Null) Assert.Throws<UndefinedMetricException>(() => functions[metric]());
            else AssertClose(expected.GetDouble(), functions[metric](), metric);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AddTo_adds_the_eight_metrics_in_catalog_order(string name)
    {
        var c = Case(name);
        var set = new MetricSet();
        RegressionMetrics.AddTo(set, Doubles(c, "y_true"), Doubles(c, "y_pred"));
        AssertMatches(c, set);
        Assert.Equal(RegressionMetricCatalog.All.Select(m => m.Name).Where(n => c.GetProperty(n).ValueKind != JsonValueKind.Null), set.Values.Select(v => v.Key));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streaming_in_batches_and_merged_shards_equals_one_shot(string name)
    {
        var c = Case(name);
        var (yTrue, yPred) = (Doubles(c, "y_true"), Doubles(c, "y_pred"));
        foreach (var batch in new[] { 1, 2, 3, 64 })
        {
            var streaming = new RegressionAccumulator();
            var shardA = new RegressionAccumulator();
            var shardB = new RegressionAccumulator();
            for (var start = 0; start < yTrue.Length; start += batch)
            {
                var count = Math.Min(batch, yTrue.Length - start);
                streaming.Update(yTrue.AsSpan(start, count), yPred.AsSpan(start, count));
                (start / batch % 2 == 0 ? shardA : shardB).Update(yTrue.AsSpan(start, count), yPred.AsSpan(start, count));
            }
            // Merging in both directions, including into an empty accumulator.
            var merged = new RegressionAccumulator();
            merged.Merge(shardB);
            merged.Merge(shardA);
            shardA.Merge(shardB);

            foreach (var accumulator in new[] { streaming, shardA, merged })
            {
                Assert.Equal(yTrue.Length, accumulator.Count);
                var set = new MetricSet();
                accumulator.AddTo(set);
                AssertMatches(c, set);
            }
        }
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var accumulator = new RegressionAccumulator();
        accumulator.Update([1, 2, 3], [3, 2, 1]);
        accumulator.Reset();
        Assert.Equal(0, accumulator.Count);
        Assert.Throws<UndefinedMetricException>(() => accumulator.MeanSquaredError());
        accumulator.Update([1, 2, 4], [1, 2, 3]);
        Assert.Equal(1.0 / 3, accumulator.MeanSquaredError(), 15);
        Assert.Equal(1, accumulator.MaxError());
        Assert.Equal(0, accumulator.MedianAbsoluteError());
    }

    [Fact]
    public void An_empty_accumulator_reports_every_metric_as_undefined()
    {
        var set = new MetricSet();
        new RegressionAccumulator().AddTo(set);
        Assert.Empty(set.Values);
        Assert.Equal(RegressionMetricCatalog.All.Select(m => m.Name).Order(), set.Undefined.Keys.Order());
        Assert.All(set.Undefined.Values, reason => Assert.Equal("no samples", reason));
    }

    [Fact]
    public void R2_of_one_sample_is_undefined_and_explained_variance_is_one_as_in_scikit_learn()
    {
        var set = new MetricSet();
        RegressionMetrics.AddTo(set, [2.0], [5.0]);
        Assert.Equal("r2 is not defined for fewer than two samples (got 1)", set.Undefined["r2"]);
        Assert.Equal(1, set["explained_variance"]);
        Assert.Equal(9, set["mean_squared_error"]);
    }

    [Fact]
    public void A_constant_target_is_detected_exactly_where_scikit_learn_sees_rounding_noise()
    {
        // scikit-learn 1.2.1 gives r2 = -5.19e31 here: its mean of [0.1, 0.1, 0.1] is 0.10000000000000002, so the
        // denominator is a rounding residue instead of 0. The documented rule for a constant target gives 0.
        Assert.Equal(0, RegressionMetrics.CoefficientOfDetermination([0.1, 0.1, 0.1], [0.2, 0.2, 0.2]));
        Assert.Equal(1, RegressionMetrics.CoefficientOfDetermination([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]));
        Assert.Equal(1, RegressionMetrics.ExplainedVariance([0.1, 0.1, 0.1], [0.2, 0.2, 0.2]));
        Assert.Equal(0, RegressionMetrics.ExplainedVariance([0.1, 0.1, 0.1], [0.2, 0.1, 0.2]));
    }

    [Fact]
    public void Mape_uses_numpy_float64_eps_for_zero_targets()
    {
        Assert.Equal(RegressionAccumulator.MapeEpsilon, Math.BitIncrement(1.0) - 1.0);
        Assert.Equal(0.5 * Math.Pow(2, 52), RegressionMetrics.MeanAbsolutePercentageError([0.0], [0.5]));
        Assert.Equal(0, RegressionMetrics.MeanAbsolutePercentageError([0.0, 0.0], [0.0, 0.0]));
    }

    [Fact]
    public void Invalid_input_is_rejected_with_its_position()
    {
        Assert.Contains("at position 2", Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanSquaredError([1, 2, double.NaN], [1, 2, 3])).Message, StringComparison.Ordinal);
        Assert.Contains("at position 0", Assert.Throws<ArgumentException>(() => RegressionMetrics.MaxError([1], [double.PositiveInfinity])).Message, StringComparison.Ordinal);
        Assert.Contains("3 true values but 2 predictions", Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanAbsoluteError([1, 2, 3], [1, 2])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RegressionMetrics.CoefficientOfDetermination([], []));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.AddTo(new MetricSet(), [], []));
    }

    [Fact]
    public void A_rejected_batch_leaves_the_accumulator_unchanged()
    {
        var accumulator = new RegressionAccumulator();
        accumulator.Update([1, 2], [1, 3]);
        Assert.Throws<ArgumentException>(() => accumulator.Update([5, 6, double.NegativeInfinity], [5, 6, 7]));
        Assert.Equal(2, accumulator.Count);
        Assert.Equal(0.5, accumulator.MeanSquaredError());
    }

    [Fact]
    public void Overflowing_results_are_undefined_not_infinite()
    {
        var set = new MetricSet();
        RegressionMetrics.AddTo(set, [1e200, -1e200], [-1e200, 1e200]);
        Assert.Contains("mean_squared_error overflows", set.Undefined["mean_squared_error"], StringComparison.Ordinal);
        Assert.Equal(2e200, set["max_error"]);
    }

    [Fact]
    public void Without_absolute_errors_the_median_is_undefined_and_merging_them_in_is_refused()
    {
        var light = new RegressionAccumulator(keepAbsoluteErrors: false);
        light.Update([1, 2, 3], [1, 2, 4]);
        Assert.False(light.KeepsAbsoluteErrors);
        Assert.Throws<UndefinedMetricException>(() => light.MedianAbsoluteError());
        Assert.Equal(1.0 / 3, light.MeanAbsoluteError(), 15);
        Assert.Throws<ArgumentException>(() => new RegressionAccumulator().Merge(light));
        var alsoLight = new RegressionAccumulator(keepAbsoluteErrors: false);
        alsoLight.Merge(new RegressionAccumulator());
        alsoLight.Merge(light);
        Assert.Equal(3, alsoLight.Count);
    }

    [Fact]
    public void Catalog_describes_the_eight_metrics()
    {
        Assert.Equal(MetricNames, RegressionMetricCatalog.All.Select(m => m.Name));
        Assert.All(RegressionMetricCatalog.All.Where(m => m.Name is not ("r2" or "explained_variance")), m =>
        {
            Assert.False(m.HigherIsBetter);
            Assert.Equal(0, m.Minimum);
            Assert.Equal(double.PositiveInfinity, m.Maximum);
        });
        Assert.True(RegressionMetricCatalog.CoefficientOfDetermination.HigherIsBetter);
        Assert.Equal(1, RegressionMetricCatalog.ExplainedVariance.Maximum);
        Assert.Same(RegressionMetricCatalog.MaxError, RegressionMetricCatalog.Find("max_error"));
    }

    [Fact]
    public void Properties_hold_for_random_data()
    {
        var value = Gen.Double[-1e6, 1e6];
        Gen.Int[2, 60].SelectMany(n => Gen.Select(value.Array[n], value.Array[n], Gen.Int[1, n]))
            .Sample((yTrue, yPred, split) =>
            {
                var mse = RegressionMetrics.MeanSquaredError(yTrue, yPred);
                var rmse = RegressionMetrics.RootMeanSquaredError(yTrue, yPred);
                Assert.True(mse >= 0);
                Assert.Equal(mse, rmse * rmse, mse * 1e-14);
                Assert.True(RegressionMetrics.CoefficientOfDetermination(yTrue, yPred) <= 1);
                Assert.True(RegressionMetrics.ExplainedVariance(yTrue, yPred) <= 1);
                Assert.True(RegressionMetrics.MedianAbsoluteError(yTrue, yPred) <= RegressionMetrics.MaxError(yTrue, yPred));
                Assert.True(RegressionMetrics.MeanAbsoluteError(yTrue, yPred) <= rmse * (1 + 1e-14));

                // Permutation invariance: reversed and rotated orders give the same values up to summation order.
                var order = Enumerable.Range(0, yTrue.Length).Select(i => (i + split) % yTrue.Length).Reverse().ToArray();
                var one = new MetricSet();
                var other = new MetricSet();
                RegressionMetrics.AddTo(one, yTrue, yPred);
                RegressionMetrics.AddTo(other, order.Select(i => yTrue[i]).ToArray(), order.Select(i => yPred[i]).ToArray());
                foreach (var (name, v) in one.Values) AssertClose(v, other[name], name, 1e-10, absoluteFloor: true);

                // Perfect predictions score 0 error and R² = 1.
                Assert.Equal(0, RegressionMetrics.MeanSquaredError(yTrue, yTrue));
                Assert.Equal(1, RegressionMetrics.CoefficientOfDetermination(yTrue, yTrue));
            }, iter: 300);
    }

    [Fact]
    public void Variance_stays_exact_under_a_large_offset()
    {
        // Shifting targets and predictions by 1e9 leaves R² and explained variance unchanged in exact arithmetic;
        // integers keep the shifted data exact, so any difference is the algorithm's.
        Gen.Int[-1000, 1000].Array[3, 200].SelectMany(t => Gen.Int[-1000, 1000].Array[t.Length].Select(p => (t, p)))
            .Sample(sample =>
            {
                var (t, p) = sample;
                if (t.Distinct().Count() < 2) return;
                double[] yTrue = [.. t.Select(v => (double)v)], yPred = [.. p.Select(v => (double)v)];
                double[] shiftedTrue = [.. yTrue.Select(v => v + 1e9)], shiftedPred = [.. yPred.Select(v => v + 1e9)];
                Assert.Equal(RegressionMetrics.CoefficientOfDetermination(yTrue, yPred), RegressionMetrics.CoefficientOfDetermination(shiftedTrue, shiftedPred), 1e-14);
                Assert.Equal(RegressionMetrics.ExplainedVariance(yTrue, yPred), RegressionMetrics.ExplainedVariance(shiftedTrue, shiftedPred), 1e-14);
            }, iter: 200);
    }

    private static void AssertMatches(JsonElement c, MetricSet set)
    {
        foreach (var metric in MetricNames)
        {
            var expected = c.GetProperty(metric);
            if (expected.ValueKind == JsonValueKind.Null) Assert.True(set.Undefined.ContainsKey(metric), metric);
            else AssertClose(expected.GetDouble(), set[metric], metric);
        }
    }

    private static void AssertClose(double expected, double actual, string metric, double relative = RelativeTolerance, bool absoluteFloor = false)
    {
        if (Math.Abs(expected - actual) > relative * Math.Abs(expected) && !(absoluteFloor && Math.Abs(expected - actual) <= relative))
            Assert.Fail($"{metric}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / Math.Abs(expected):E2})");
    }

    private static JsonElement Reference() => TestAssets.Json("sklearn", "regression_reference.json");

    private static JsonElement Case(string name) =>
        Reference().GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static double[] Doubles(JsonElement c, string field) => c.GetProperty(field).EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
