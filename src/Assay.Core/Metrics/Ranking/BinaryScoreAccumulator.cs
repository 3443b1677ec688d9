namespace Assay.Metrics.Ranking;

/// <summary>Streaming form of <see cref="BinaryScoreMetrics"/>: keeps (label, score) pairs, 5 bytes each, and ranks them on demand.</summary>
/// <remarks>
/// <see cref="Update"/> checks labels and finiteness per batch (positions are within the batch); the probability metrics
/// check [0, 1] when computed (positions count over everything accumulated). Every result equals the one-shot function
/// over the concatenated batches, whatever the batch split or merge order, because rank metrics see the whole ranking and
/// the sums are compensated.
/// </remarks>
public sealed class BinaryScoreAccumulator
{
    private readonly ScoreBuffer<byte> _buffer = new();

    /// <summary>Samples accumulated so far.</summary>
    public int Count => _buffer.Scores.Length;

    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1 or a score is not finite.</exception>
    public void Update(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> score)
    {
        InputChecks.Binary(yTrue, score, probabilities: false);
        _buffer.Append(yTrue, score);
    }

    /// <summary>Appends another shard's samples after this one's.</summary>
    public void Merge(BinaryScoreAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _buffer.Append(other._buffer);
    }

    public void Reset() => _buffer.Clear();

    /// <summary>The metrics <see cref="ScoreMetrics.AddBinary"/> reports, over everything accumulated.</summary>
    public MetricSet Compute()
    {
        InputChecks.Probabilities(_buffer.Scores, columns: 1);
        var set = new MetricSet();
        ScoreMetrics.AddBinaryValidated(set, _buffer.Labels, _buffer.Scores);
        return set;
    }

    /// <inheritdoc cref="BinaryScoreMetrics.RocAuc"/>
    public double RocAuc() => Sorted().Summarize().RocAuc();

    /// <inheritdoc cref="BinaryScoreMetrics.AveragePrecision"/>
    public double AveragePrecision() => Sorted().Summarize().AveragePrecision();

    /// <inheritdoc cref="BinaryScoreMetrics.LogLoss"/>
    public double LogLoss()
    {
        InputChecks.Probabilities(_buffer.Scores, columns: 1);
        return ProbabilityLosses.BinaryLogLoss(_buffer.Labels, _buffer.Scores);
    }

    /// <inheritdoc cref="BinaryScoreMetrics.BrierScore"/>
    public double BrierScore()
    {
        InputChecks.Probabilities(_buffer.Scores, columns: 1);
        return ProbabilityLosses.BinaryBrierScore(_buffer.Labels, _buffer.Scores);
    }

    /// <inheritdoc cref="BinaryScoreMetrics.ExpectedCalibrationError"/>
    public double ExpectedCalibrationError(int binCount = BinaryScoreMetrics.DefaultBinCount) => CalibrationCurve(binCount).ExpectedCalibrationError;

    /// <inheritdoc cref="BinaryScoreMetrics.RocCurve"/>
    public RocCurve RocCurve() => Sorted().RocCurve();

    /// <inheritdoc cref="BinaryScoreMetrics.PrecisionRecallCurve"/>
    public PrecisionRecallCurve PrecisionRecallCurve() => Sorted().PrecisionRecallCurve();

    /// <inheritdoc cref="BinaryScoreMetrics.CalibrationCurve"/>
    public CalibrationCurve CalibrationCurve(int binCount = BinaryScoreMetrics.DefaultBinCount)
    {
        InputChecks.Probabilities(_buffer.Scores, columns: 1);
        return CalibrationBins.Binary(_buffer.Labels, _buffer.Scores, binCount);
    }

    private SortedBinaryScores Sorted() => SortedBinaryScores.Create(_buffer.Labels, _buffer.Scores);
}
