using Assay.Metrics.Uncertainty;

namespace Assay.Core.Tests.Metrics.Uncertainty;

public class PairedBootstrapTests
{
    [Fact]
    public void Comparison_matches_a_python_replay()
    {
        var c = UncertaintyReference.Named("replayed_paired", "accuracy_n30");
        var (correctA, correctB) = (c.Ints("correct_a"), c.Ints("correct_b"));
        var settings = BootstrapSettings.Default
            .WithSeed(c.GetProperty("seed").GetInt32())
            .WithResamples(c.GetProperty("resamples").GetInt32())
            .WithConfidenceLevel(c.GetProperty("confidence_level").GetDouble());
        var comparison = PairedBootstrap.Compare(correctA.Length, Accuracy(correctA), Accuracy(correctB), settings);

        Assert.Equal(c.GetProperty("difference").GetDouble(), comparison.Difference);
        Assert.Equal(comparison.EstimateB - comparison.EstimateA, comparison.Difference);
        Assert.Equal(c.GetProperty("lower").GetDouble(), comparison.Lower, 1e-15);
        Assert.Equal(c.GetProperty("upper").GetDouble(), comparison.Upper, 1e-15);
        Assert.Equal(c.GetProperty("p_value").GetDouble(), comparison.PValue, 1e-15);
        Assert.Equal((settings.Resamples, 0), (comparison.ResamplesUsed, comparison.ResamplesUndefined));
    }

    [Fact]
    public void P_value_is_twice_the_share_beyond_zero_with_the_plus_one_correction()
    {
        // m = 5, #{d ≤ 0} = 2, #{d ≥ 0} = 4: 2 (1 + 2) / 6 = 1.
        Assert.Equal(1, PairedBootstrap.PValue([-1, 0, 1, 2, 3]));
        // No resample at or below 0: the smallest p for m = 3, 2 / 4.
        Assert.Equal(0.5, PairedBootstrap.PValue([1, 2, 3]));
        // m = 9, 2 at or below 0: 2 · 3 / 10.
        Assert.Equal(0.6, PairedBootstrap.PValue([-2, -1, 1, 2, 3, 4, 5, 6, 7]), 15);
        Assert.Equal(PairedBootstrap.PValue([-7, -6, -5, -4, -3, -2, -1, 1, 2]), PairedBootstrap.PValue([-2, -1, 1, 2, 3, 4, 5, 6, 7]));
        Assert.Equal(1, PairedBootstrap.PValue([0, 0, 0]));
    }

    [Fact]
    public void Both_metrics_see_the_same_resamples()
    {
        // Two separate but identical metrics differ by exactly 0 only if each resample feeds both the same indices.
        var data = Enumerable.Range(0, 50).Select(i => Math.Sin(i) * 10).ToArray();
        var comparison = PairedBootstrap.Compare(data.Length, BootstrapIntervalTests.MeanOf(data), BootstrapIntervalTests.MeanOf(data), BootstrapSettings.Default);
        Assert.Equal((0.0, 0.0, 0.0, 1.0), (comparison.Difference, comparison.Lower, comparison.Upper, comparison.PValue));
    }

    [Fact]
    public void A_model_right_everywhere_the_other_is_wrong_gets_the_smallest_p()
    {
        var comparison = PairedBootstrap.Compare(20, Accuracy(new int[20]), Accuracy(Enumerable.Repeat(1, 20).ToArray()), BootstrapSettings.Default);
        Assert.Equal((1.0, 1.0, 1.0), (comparison.Difference, comparison.Lower, comparison.Upper));
        Assert.Equal(2.0 / 1001, comparison.PValue);
    }

    [Theory]
    [InlineData(30, 10, true)]
    [InlineData(12, 10, false)]
    public void Agrees_with_mcnemar_on_clear_cases(int onlyA, int onlyB, bool significant)
    {
        // 200 examples: 150 both right, then onlyA, onlyB, and the rest both wrong.
        var correctA = new int[200];
        var correctB = new int[200];
        for (var i = 0; i < 150; i++) correctA[i] = correctB[i] = 1;
        for (var i = 150; i < 150 + onlyA; i++) correctA[i] = 1;
        for (var i = 150 + onlyA; i < 150 + onlyA + onlyB; i++) correctB[i] = 1;

        var bootstrap = PairedBootstrap.Compare(200, Accuracy(correctA), Accuracy(correctB), BootstrapSettings.Default.WithSeed(9));
        var mcnemar = McNemarTest.FromCounts(onlyA, onlyB);
        Assert.Equal((onlyB - onlyA) / 200.0, bootstrap.Difference, 15);
        Assert.Equal(significant, bootstrap.PValue < 0.05);
        Assert.Equal(significant, mcnemar.PValue < 0.05);
        Assert.Equal(significant, bootstrap.Upper < 0 || bootstrap.Lower > 0);
    }

    [Theory]
    [InlineData(BootstrapMethod.Percentile)]
    [InlineData(BootstrapMethod.BiasCorrectedAccelerated)]
    public void A_seed_reproduces_the_comparison_at_any_thread_count(BootstrapMethod method)
    {
        var random = new Random(4);
        var correctA = Enumerable.Range(0, 80).Select(_ => random.NextDouble() < 0.7 ? 1 : 0).ToArray();
        var correctB = Enumerable.Range(0, 80).Select(_ => random.NextDouble() < 0.75 ? 1 : 0).ToArray();
        var settings = BootstrapSettings.Default.WithSeed(11).WithMethod(method);
        var once = PairedBootstrap.Compare(80, Accuracy(correctA), Accuracy(correctB), settings);
        Assert.Equal(once, PairedBootstrap.Compare(80, Accuracy(correctA), Accuracy(correctB), settings.WithMaxDegreeOfParallelism(4)));
        Assert.InRange(once.Difference, once.Lower, once.Upper);
        Assert.InRange(once.PValue, 2.0 / 1001, 1);
    }

    private static Func<ReadOnlySpan<int>, double> Accuracy(int[] correct) => indices =>
    {
        var sum = 0;
        foreach (var i in indices) sum += correct[i];
        return (double)sum / indices.Length;
    };
}
