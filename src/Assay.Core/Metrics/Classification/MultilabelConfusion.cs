namespace Assay.Metrics.Classification;

/// <summary>Streaming accumulator of multilabel predictions: per-label counts plus running sums for the samples average.</summary>
/// <remarks>
/// Inputs are n×L indicator matrices of 0/1, flattened row-major (example i, label j at i·L + j). Per label it keeps TP,
/// FP and FN; per example it adds that example's precision, recall, Jaccard and F-beta to running sums and counts the
/// examples whose ratios are 0/0, so the samples average can take either <see cref="ZeroDivision"/> value later without
/// keeping rows. A sample's F-beta does not depend on the zero-division value except for empty examples (nothing true,
/// nothing predicted), but it does depend on β: only the β values given to the constructor (and 1) are tracked.
/// Samples sums are doubles, so batch splits and merge order can change their last bits (≈1e-16 relative); counts are exact.
/// </remarks>
public sealed class MultilabelConfusion
{
    private readonly long[] _truePositives;
    private readonly long[] _falsePositives;
    private readonly long[] _falseNegatives;
    private readonly double[] _fBetas;
    private readonly double[] _fBetaSums;
    private double _precisionSum;
    private double _recallSum;
    private double _jaccardSum;

    /// <param name="numLabels">L, the number of labels (columns).</param>
    /// <param name="samplesFBetas">β values whose samples-averaged F-beta must be available; β = 1 is always tracked and β = +∞ needs none (it is recall).</param>
    /// <exception cref="ArgumentOutOfRangeException">L &lt; 1, or a β negative or NaN.</exception>
    public MultilabelConfusion(int numLabels, params ReadOnlySpan<double> samplesFBetas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numLabels, 1);
        NumLabels = numLabels;
        _truePositives = new long[numLabels];
        _falsePositives = new long[numLabels];
        _falseNegatives = new long[numLabels];
        var betas = new SortedSet<double> { 1 };
        foreach (var beta in samplesFBetas)
        {
            SetWiseScores.CheckBeta(beta);
            if (!double.IsPositiveInfinity(beta)) betas.Add(beta);
        }
        _fBetas = [.. betas];
        _fBetaSums = new double[_fBetas.Length];
    }

    public int NumLabels { get; }

    /// <summary>Examples (rows) seen.</summary>
    public long Samples { get; private set; }

    /// <summary>Examples whose predicted row equals the true row in every label.</summary>
    public long ExactMatches { get; private set; }

    /// <summary>Examples with no predicted label: their precision is 0/0.</summary>
    public long SamplesWithoutPredictions { get; private set; }

    /// <summary>Examples with no true label: their recall is 0/0.</summary>
    public long SamplesWithoutTruth { get; private set; }

    /// <summary>Examples with neither a true nor a predicted label: their Jaccard and F-beta are 0/0.</summary>
    public long EmptySamples { get; private set; }

    /// <summary>The β values whose samples-averaged F-beta is tracked, ascending.</summary>
    public IReadOnlyList<double> SamplesFBetas => _fBetas;

    /// <summary>One-vs-rest counts of one label over all examples seen.</summary>
    public ClassCounts this[int label] => new(_truePositives[label], _falsePositives[label], _falseNegatives[label]);

    /// <summary>Adds a batch of rows.</summary>
    /// <exception cref="ArgumentException">Lengths differ, the length is not a multiple of L, or a value is not 0 or 1; nothing is added then.</exception>
    public void Update(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        Validate(yTrue, yPred, NumLabels);
        var rows = yTrue.Length / NumLabels;
        for (var i = 0; i < rows; i++)
        {
            long tp = 0, fp = 0, fn = 0;
            var offset = i * NumLabels;
            for (var j = 0; j < NumLabels; j++)
            {
                var t = yTrue[offset + j];
                var p = yPred[offset + j];
                if (t == 1 && p == 1)
                {
                    tp++;
                    _truePositives[j]++;
                }
                else if (p == 1)
                {
                    fp++;
                    _falsePositives[j]++;
                }
                else if (t == 1)
                {
                    fn++;
                    _falseNegatives[j]++;
                }
            }
            AddSample(new ClassCounts(tp, fp, fn));
        }
    }

    public void Merge(MultilabelConfusion other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.NumLabels != NumLabels) throw new ArgumentException($"cannot merge {other.NumLabels} labels into {NumLabels}", nameof(other));
        if (!other._fBetas.AsSpan().SequenceEqual(_fBetas))
            throw new ArgumentException($"cannot merge samples F-beta sums for β = {string.Join(", ", other._fBetas)} into β = {string.Join(", ", _fBetas)}", nameof(other));
        for (var j = 0; j < NumLabels; j++)
        {
            _truePositives[j] += other._truePositives[j];
            _falsePositives[j] += other._falsePositives[j];
            _falseNegatives[j] += other._falseNegatives[j];
        }
        for (var b = 0; b < _fBetas.Length; b++) _fBetaSums[b] += other._fBetaSums[b];
        _precisionSum += other._precisionSum;
        _recallSum += other._recallSum;
        _jaccardSum += other._jaccardSum;
        Samples += other.Samples;
        ExactMatches += other.ExactMatches;
        SamplesWithoutPredictions += other.SamplesWithoutPredictions;
        SamplesWithoutTruth += other.SamplesWithoutTruth;
        EmptySamples += other.EmptySamples;
    }

    public void Reset()
    {
        Array.Clear(_truePositives);
        Array.Clear(_falsePositives);
        Array.Clear(_falseNegatives);
        Array.Clear(_fBetaSums);
        _precisionSum = _recallSum = _jaccardSum = 0;
        Samples = ExactMatches = SamplesWithoutPredictions = SamplesWithoutTruth = EmptySamples = 0;
    }

    /// <summary>Per-label counts, index j is label j.</summary>
    public ClassCounts[] PerLabelCounts()
    {
        var counts = new ClassCounts[NumLabels];
        for (var j = 0; j < NumLabels; j++) counts[j] = this[j];
        return counts;
    }

    public static MultilabelConfusion From(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels, params ReadOnlySpan<double> samplesFBetas)
    {
        var confusion = new MultilabelConfusion(numLabels, samplesFBetas);
        confusion.Update(yTrue, yPred);
        return confusion;
    }

    internal double SamplesPrecision(ZeroDivision zeroDivision) =>
        SamplesMean(_precisionSum, SamplesWithoutPredictions, zeroDivision, "precision");

    internal double SamplesRecall(ZeroDivision zeroDivision) =>
        SamplesMean(_recallSum, SamplesWithoutTruth, zeroDivision, "recall");

    internal double SamplesJaccard(ZeroDivision zeroDivision) =>
        SamplesMean(_jaccardSum, EmptySamples, zeroDivision, "Jaccard");

    internal double SamplesFBeta(double beta, ZeroDivision zeroDivision)
    {
        if (double.IsPositiveInfinity(beta)) return SamplesRecall(zeroDivision);
        var index = Array.IndexOf(_fBetas, beta);
        if (index < 0)
            throw new ArgumentException($"samples-averaged F-beta for β = {beta} is not tracked (tracked: {string.Join(", ", _fBetas)}); pass it to the MultilabelConfusion constructor", nameof(beta));
        return SamplesMean(_fBetaSums[index], EmptySamples, zeroDivision, "F-beta");
    }

    private void AddSample(ClassCounts sample)
    {
        Samples++;
        if (sample.FalsePositives == 0 && sample.FalseNegatives == 0) ExactMatches++;
        if (sample.Predicted == 0) SamplesWithoutPredictions++;
        else _precisionSum += (double)sample.TruePositives / sample.Predicted;
        if (sample.Support == 0) SamplesWithoutTruth++;
        else _recallSum += (double)sample.TruePositives / sample.Support;
        if (sample.Union == 0)
        {
            EmptySamples++;
            return;
        }
        _jaccardSum += (double)sample.TruePositives / sample.Union;
        // With only one side empty, one of P and R is 0 whatever the zero-division value, so F-beta is 0: nothing to add.
        if (sample.Predicted == 0 || sample.Support == 0) return;
        var precision = (double)sample.TruePositives / sample.Predicted;
        var recall = (double)sample.TruePositives / sample.Support;
        for (var b = 0; b < _fBetas.Length; b++) _fBetaSums[b] += SetWiseScores.FBeta(precision, recall, _fBetas[b]);
    }

    private double SamplesMean(double sum, long zeroDenominators, ZeroDivision zeroDivision, string metric)
    {
        if (Samples == 0) throw new UndefinedMetricException($"samples-averaged {metric} needs at least one example");
        return (sum + zeroDenominators * SetWiseScores.Value(zeroDivision)) / Samples;
    }

    internal static void Validate(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels)
    {
        if (yTrue.Length != yPred.Length)
            throw new ArgumentException($"{yTrue.Length} true values but {yPred.Length} predicted values");
        if (yTrue.Length % numLabels != 0)
            throw new ArgumentException($"{yTrue.Length} values are not whole rows of {numLabels} labels");
        CheckIndicators(yTrue, numLabels, "true");
        CheckIndicators(yPred, numLabels, "predicted");
    }

    private static void CheckIndicators(ReadOnlySpan<int> values, int numLabels, string side)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if ((uint)values[i] > 1)
                throw new ArgumentException($"{side} value {values[i]} at position {i} (example {i / numLabels}, label {i % numLabels}) is not 0 or 1");
        }
    }
}
