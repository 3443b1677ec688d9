namespace Assay.Metrics.Uncertainty;

/// <summary>Which distribution gave McNemar's p-value.</summary>
public enum McNemarMethod
{
    /// <summary>Two-sided exact binomial test of b against Binomial(b + c, ½).</summary>
    ExactBinomial,

    /// <summary>Chi-square with one degree of freedom on (|b − c| − 1)² / (b + c) (Edwards' continuity correction).</summary>
    ChiSquareWithContinuityCorrection,
}

/// <summary>McNemar's test of two classifiers on the same examples: do they err on different examples equally often?</summary>
/// <param name="OnlyACorrect">b: examples that A classifies correctly and B does not.</param>
/// <param name="OnlyBCorrect">c: examples that B classifies correctly and A does not.</param>
/// <param name="Statistic">ExactBinomial: min(b, c), a count. Chi-square: (|b − c| − 1)² / (b + c), unitless. As statsmodels reports them.</param>
/// <param name="PValue">Two-sided p-value for equal error rates, in [0, 1].</param>
/// <param name="Method">Which distribution gave the p-value.</param>
public sealed record McNemarResult(long OnlyACorrect, long OnlyBCorrect, double Statistic, double PValue, McNemarMethod Method)
{
    /// <summary>b + c, the examples on which exactly one model is correct; the only ones the test looks at.</summary>
    public long Discordant => OnlyACorrect + OnlyBCorrect;
}

/// <summary>McNemar's test, identical to statsmodels' <c>mcnemar</c>: exact below a number of discordant pairs, chi-square above.</summary>
/// <remarks>
/// Under the null hypothesis each discordant example is equally likely to favour A or B, so b ~ Binomial(b + c, ½).
/// When b + c &lt; the exact threshold (default <see cref="DefaultExactThreshold"/> = 25):
/// p = min(1, 2 P(X ≤ min(b, c))), X ~ Binomial(b + c, ½), as <c>mcnemar(table, exact=True)</c>; b + c = 0 gives p = 1.
/// Otherwise χ² = (|b − c| − 1)² / (b + c) and p = P(χ²₁ &gt; χ²), as <c>mcnemar(table, exact=False, correction=True)</c>;
/// note that b = c then gives χ² = 1 / (b + c) and p slightly below 1, as statsmodels does.
/// </remarks>
public static class McNemarTest
{
    /// <summary>Below this many discordant pairs (b + c) the exact binomial test is used.</summary>
    public const int DefaultExactThreshold = 25;

    /// <summary>Counts b and c from true labels and two models' predictions, then tests them.</summary>
    /// <param name="exactThreshold">Use the exact binomial test when b + c is below this (at least 1).</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    public static McNemarResult Compute(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> predA, ReadOnlySpan<int> predB, int exactThreshold = DefaultExactThreshold)
    {
        if (yTrue.Length != predA.Length || yTrue.Length != predB.Length)
            throw new ArgumentException($"{yTrue.Length} true labels but {predA.Length} predictions from A and {predB.Length} from B");
        if (yTrue.IsEmpty) throw new ArgumentException("no examples: the label spans are empty");
        long onlyA = 0, onlyB = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var aCorrect = predA[i] == yTrue[i];
            var bCorrect = predB[i] == yTrue[i];
            if (aCorrect && !bCorrect) onlyA++;
            else if (bCorrect && !aCorrect) onlyB++;
        }
        return FromCounts(onlyA, onlyB, exactThreshold);
    }

    /// <summary>Tests given discordant counts b (only A correct) and c (only B correct).</summary>
    /// <param name="exactThreshold">Use the exact binomial test when b + c is below this (at least 1).</param>
    public static McNemarResult FromCounts(long onlyACorrect, long onlyBCorrect, int exactThreshold = DefaultExactThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyACorrect);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyBCorrect);
        ArgumentOutOfRangeException.ThrowIfLessThan(exactThreshold, 1);
        var discordant = onlyACorrect + onlyBCorrect;
        if (discordant < exactThreshold)
        {
            var smaller = Math.Min(onlyACorrect, onlyBCorrect);
            var p = Math.Min(1, 2 * Distributions.BinomialHalfCdf((int)smaller, (int)discordant));
            return new McNemarResult(onlyACorrect, onlyBCorrect, smaller, p, McNemarMethod.ExactBinomial);
        }

        var corrected = Math.Abs((double)onlyACorrect - onlyBCorrect) - 1;
        var statistic = corrected * corrected / discordant;
        return new McNemarResult(onlyACorrect, onlyBCorrect, statistic, Distributions.ChiSquareOneDegreeSurvival(statistic),
            McNemarMethod.ChiSquareWithContinuityCorrection);
    }
}
