namespace Assay.Metrics.Ranking;

/// <summary>Streaming form of <see cref="MulticlassScoreMetrics"/>: keeps each row's K float32 scores and its class (16 bits).</summary>
/// <remarks><see cref="Update"/> checks labels, shape and finiteness per batch; probability range and row sums are checked
/// when a metric needing them is computed, with row numbers counted over everything accumulated.</remarks>
public sealed class MulticlassScoreAccumulator
{
    private readonly ScoreBuffer<ushort> _buffer = new();

    public MulticlassScoreAccumulator(int numClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numClasses, MulticlassRanking.MaxClasses);
        NumClasses = numClasses;
    }

    public int NumClasses { get; }

    /// <summary>Rows accumulated so far.</summary>
    public int Count => _buffer.Labels.Length;

    /// <exception cref="ArgumentException">A label outside 0..K-1, scores not rows of K, or a score not finite.</exception>
    public void Update(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores)
    {
        InputChecks.Multiclass(yTrue, scores, NumClasses, probabilities: false);
        _buffer.Append(yTrue, scores);
    }

    /// <summary>Appends another shard's rows after this one's.</summary>
    public void Merge(MulticlassScoreAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.NumClasses != NumClasses) throw new ArgumentException($"cannot merge {other.NumClasses} classes into {NumClasses}", nameof(other));
        _buffer.Append(other._buffer);
    }

    public void Reset() => _buffer.Clear();

    /// <summary>The metrics <see cref="ScoreMetrics.AddMulticlass"/> reports, over everything accumulated.</summary>
    public MetricSet Compute()
    {
        InputChecks.Probabilities(_buffer.Scores, NumClasses);
        InputChecks.RowsSumToOne(_buffer.Scores, NumClasses);
        var set = new MetricSet();
        ScoreMetrics.AddMulticlassValidated(set, _buffer.Labels, _buffer.Scores, NumClasses);
        return set;
    }

    /// <inheritdoc cref="MulticlassScoreMetrics.RocAucOneVsRest"/>
    public double RocAucOneVsRest(Average average = Average.Macro)
    {
        if (average is not (Average.Macro or Average.Weighted or Average.Micro))
            throw new ArgumentOutOfRangeException(nameof(average), average, "one-vs-rest ROC-AUC averages macro, weighted or micro");
        InputChecks.RowsSumToOne(_buffer.Scores, NumClasses);
        return average == Average.Micro
            ? MulticlassScoreMetrics.OneVsRestMicro(_buffer.Labels, _buffer.Scores, NumClasses).RocAuc()
            : Ranking().OneVsRestRocAuc(average);
    }

    /// <inheritdoc cref="MulticlassScoreMetrics.RocAucOneVsOne"/>
    public double RocAucOneVsOne()
    {
        InputChecks.RowsSumToOne(_buffer.Scores, NumClasses);
        return Ranking().OneVsOneRocAuc();
    }

    /// <inheritdoc cref="MulticlassScoreMetrics.AveragePrecisionMacro"/>
    public double AveragePrecisionMacro() => Ranking().AveragePrecisionMacro();

    /// <inheritdoc cref="MulticlassScoreMetrics.LogLoss"/>
    public double LogLoss()
    {
        InputChecks.Probabilities(_buffer.Scores, NumClasses);
        return ProbabilityLosses.MulticlassLogLoss(_buffer.Labels, _buffer.Scores, NumClasses);
    }

    /// <inheritdoc cref="MulticlassScoreMetrics.BrierScore"/>
    public double BrierScore()
    {
        InputChecks.Probabilities(_buffer.Scores, NumClasses);
        return ProbabilityLosses.MulticlassBrierScore(_buffer.Labels, _buffer.Scores, NumClasses);
    }

    /// <inheritdoc cref="MulticlassScoreMetrics.TopKAccuracy"/>
    public double TopKAccuracy(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return MulticlassScoreMetrics.TopK(_buffer.Labels, _buffer.Scores, NumClasses, k);
    }

    /// <inheritdoc cref="MulticlassScoreMetrics.ExpectedCalibrationError"/>
    public double ExpectedCalibrationError(int binCount = BinaryScoreMetrics.DefaultBinCount) => ConfidenceCalibrationCurve(binCount).ExpectedCalibrationError;

    /// <inheritdoc cref="MulticlassScoreMetrics.ConfidenceCalibrationCurve"/>
    public CalibrationCurve ConfidenceCalibrationCurve(int binCount = BinaryScoreMetrics.DefaultBinCount)
    {
        InputChecks.Probabilities(_buffer.Scores, NumClasses);
        return CalibrationBins.TopClass(_buffer.Labels, _buffer.Scores, NumClasses, binCount);
    }

    private MulticlassRanking Ranking() => MulticlassRanking.Create(_buffer.Labels, _buffer.Scores, NumClasses);
}
