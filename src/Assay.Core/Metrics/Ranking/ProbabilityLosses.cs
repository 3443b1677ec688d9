using System.Numerics;

namespace Assay.Metrics.Ranking;

/// <summary>Log loss and Brier score over validated probabilities, in scikit-learn 1.2.1's arithmetic for float32 input.</summary>
internal static class ProbabilityLosses
{
    /// <summary>float32 machine epsilon, 2⁻²³: what <c>log_loss(eps="auto")</c> clips with when given float32 probabilities.</summary>
    public const float Float32Epsilon = 1f / 8_388_608;

    /// <summary>−mean log p(true class); p clipped to [ε, 1−ε], then the pair (1−p, p) renormalised, all in float32.</summary>
    public static double BinaryLogLoss<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> probabilities)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        if (probabilities.IsEmpty) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        var sum = new CompensatedSum();
        for (var i = 0; i < probabilities.Length; i++)
        {
            var positive = Clip(probabilities[i]);
            var negative = 1f - positive;
            var total = negative + positive;
            sum.Add(-Math.Log(TLabel.IsZero(labels[i]) ? negative / total : positive / total));
        }
        return sum.Value / probabilities.Length;
    }

    /// <summary>−mean log p(true class) over rows clipped to [ε, 1−ε] and divided by their float32 pairwise sum.</summary>
    public static double MulticlassLogLoss<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> probabilities, int numClasses)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        if (labels.IsEmpty) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        Span<float> row = numClasses <= 256 ? stackalloc float[numClasses] : new float[numClasses];
        var sum = new CompensatedSum();
        for (var r = 0; r < labels.Length; r++)
        {
            var source = probabilities.Slice(r * numClasses, numClasses);
            for (var k = 0; k < numClasses; k++) row[k] = Clip(source[k]);
            var total = NumpySum.Pairwise(row);
            sum.Add(-Math.Log(row[int.CreateTruncating(labels[r])] / total));
        }
        return sum.Value / labels.Length;
    }

    /// <summary>mean (y − p)² in double.</summary>
    public static double BinaryBrierScore<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> probabilities)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        if (probabilities.IsEmpty) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        var sum = new CompensatedSum();
        for (var i = 0; i < probabilities.Length; i++)
        {
            var error = double.CreateTruncating(labels[i]) - probabilities[i];
            sum.Add(error * error);
        }
        return sum.Value / probabilities.Length;
    }

    /// <summary>mean over rows of Σ_k (p_k − [k = y])² in double.</summary>
    public static double MulticlassBrierScore<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> probabilities, int numClasses)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        if (labels.IsEmpty) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        var sum = new CompensatedSum();
        for (var r = 0; r < labels.Length; r++)
        {
            var row = probabilities.Slice(r * numClasses, numClasses);
            var label = int.CreateTruncating(labels[r]);
            var rowSum = 0.0;
            for (var k = 0; k < numClasses; k++)
            {
                var error = (double)row[k] - (k == label ? 1 : 0);
                rowSum += error * error;
            }
            sum.Add(rowSum);
        }
        return sum.Value / labels.Length;
    }

    // np.clip(p, eps, 1 - eps): both bounds are exact float32 values.
    private static float Clip(float p) => Math.Min(Math.Max(p, Float32Epsilon), 1f - Float32Epsilon);
}
