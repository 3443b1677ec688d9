using Assay.Metrics.Uncertainty;

namespace Assay.Core.Tests.Metrics.Uncertainty;

public class McNemarTestTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<int, int> Pairs()
    {
        var data = new TheoryData<int, int>();
        foreach (var c in UncertaintyReference.Section("mcnemar")) data.Add(c.GetProperty("b").GetInt32(), c.GetProperty("c").GetInt32());
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Exact_test_matches_statsmodels(int b, int c)
    {
        var expected = Reference(b, c);
        var result = McNemarTest.FromCounts(b, c, exactThreshold: int.MaxValue);
        Assert.Equal(McNemarMethod.ExactBinomial, result.Method);
        Assert.Equal(expected.GetProperty("exact_statistic").GetDouble(), result.Statistic);
        UncertaintyReference.AssertRelative(expected.GetProperty("exact_pvalue").GetDouble(), result.PValue, Tolerance, $"exact p for b={b}, c={c}");
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Chi_square_test_with_continuity_correction_matches_statsmodels(int b, int c)
    {
        var expected = Reference(b, c);
        var result = McNemarTest.FromCounts(b, c, exactThreshold: 1);
        if (b + c == 0)
        {
            // statsmodels divides 0 by 0 here; any threshold ≥ 1 keeps b + c = 0 on the exact path, where p = 1.
            Assert.Equal(McNemarMethod.ExactBinomial, result.Method);
            Assert.Equal(1, result.PValue);
            return;
        }
        Assert.Equal(McNemarMethod.ChiSquareWithContinuityCorrection, result.Method);
        UncertaintyReference.AssertRelative(expected.GetProperty("chi2_statistic").GetDouble(), result.Statistic, Tolerance, $"chi2 statistic for b={b}, c={c}");
        UncertaintyReference.AssertRelative(expected.GetProperty("chi2_pvalue").GetDouble(), result.PValue, Tolerance, $"chi2 p for b={b}, c={c}");
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Labels_give_the_discordant_counts_and_the_default_threshold_picks_the_method(int b, int c)
    {
        // 5 examples both get right, 4 both get wrong (differently), b only A, c only B.
        var (yTrue, predA, predB) = Labels(bothRight: 5, bothWrong: 4, b, c);
        var result = McNemarTest.Compute(yTrue, predA, predB);
        Assert.Equal(b, result.OnlyACorrect);
        Assert.Equal(c, result.OnlyBCorrect);
        Assert.Equal(b + c, result.Discordant);
        var expected = Reference(b, c);
        var exact = b + c < McNemarTest.DefaultExactThreshold;
        Assert.Equal(exact ? McNemarMethod.ExactBinomial : McNemarMethod.ChiSquareWithContinuityCorrection, result.Method);
        UncertaintyReference.AssertRelative(expected.GetProperty(exact ? "exact_pvalue" : "chi2_pvalue").GetDouble(), result.PValue, Tolerance, "p");
    }

    [Fact]
    public void The_threshold_is_25_discordant_pairs_and_configurable()
    {
        Assert.Equal(McNemarMethod.ExactBinomial, McNemarTest.FromCounts(7, 17).Method);
        Assert.Equal(McNemarMethod.ChiSquareWithContinuityCorrection, McNemarTest.FromCounts(8, 17).Method);
        Assert.Equal(McNemarMethod.ExactBinomial, McNemarTest.FromCounts(8, 17, exactThreshold: 26).Method);
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.FromCounts(1, 1, exactThreshold: 0));
    }

    [Fact]
    public void No_discordant_pairs_give_p_one()
    {
        var result = McNemarTest.Compute([0, 1, 2], [0, 1, 0], [0, 1, 1]);
        Assert.Equal((0L, 0L, 0.0, 1.0, McNemarMethod.ExactBinomial), (result.OnlyACorrect, result.OnlyBCorrect, result.Statistic, result.PValue, result.Method));
    }

    [Fact]
    public void Tiny_counts_are_hand_checkable()
    {
        // b = 0, c = 3: p = 2 · P(X ≤ 0), X ~ Bin(3, ½) = 2/8.
        Assert.Equal(0.25, McNemarTest.FromCounts(0, 3).PValue);
        // b = 1, c = 4: p = 2 · (1 + 5) / 32.
        Assert.Equal(0.375, McNemarTest.FromCounts(1, 4).PValue);
        // Swapping the models swaps b and c and keeps p.
        Assert.Equal(McNemarTest.FromCounts(4, 1).PValue, McNemarTest.FromCounts(1, 4).PValue);
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => McNemarTest.Compute([0, 1], [0], [0, 1]));
        Assert.Throws<ArgumentException>(() => McNemarTest.Compute([], [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.FromCounts(-1, 2));
    }

    private static System.Text.Json.JsonElement Reference(int b, int c) =>
        UncertaintyReference.Section("mcnemar").Single(e => e.GetProperty("b").GetInt32() == b && e.GetProperty("c").GetInt32() == c);

    private static (int[] YTrue, int[] PredA, int[] PredB) Labels(int bothRight, int bothWrong, int onlyA, int onlyB)
    {
        List<int> yTrue = [], predA = [], predB = [];
        void Add(int count, int truth, int a, int b)
        {
            for (var i = 0; i < count; i++)
            {
                yTrue.Add(truth);
                predA.Add(a);
                predB.Add(b);
            }
        }
        Add(bothRight, 1, 1, 1);
        Add(bothWrong, 2, 0, 1);
        Add(onlyA, 0, 0, 2);
        Add(onlyB, 1, 2, 1);
        return ([.. yTrue], [.. predA], [.. predB]);
    }
}
