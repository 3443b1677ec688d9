namespace Assay.Metrics.Ranking;

/// <summary>Streaming form of <see cref="MultilabelScoreMetrics"/>: keeps each row's L float32 scores and L label bytes.</summary>
public sealed class MultilabelScoreAccumulator
{
    private readonly ScoreBuffer<byte> _buffer = new();

    public MultilabelScoreAccumulator(int numLabels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numLabels, 1);
        NumLabels = numLabels;
    }

    public int NumLabels { get; }

    /// <summary>Rows accumulated so far.</summary>
    public int Count => _buffer.Labels.Length / NumLabels;

    /// <exception cref="ArgumentException">Shapes differ, a label is not 0/1 or a score is not finite.</exception>
    public void Update(ReadOnlySpan<int> yTrue, ReadOnlySpan<float> scores)
    {
        InputChecks.Multilabel(yTrue, scores, NumLabels, probabilities: false);
        _buffer.Append(yTrue, scores);
    }

    /// <summary>Appends another shard's rows after this one's.</summary>
    public void Merge(MultilabelScoreAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.NumLabels != NumLabels) throw new ArgumentException($"cannot merge {other.NumLabels} labels into {NumLabels}", nameof(other));
        _buffer.Append(other._buffer);
    }

    public void Reset() => _buffer.Clear();

    /// <summary>The metrics <see cref="ScoreMetrics.AddMultilabel"/> reports, over everything accumulated.</summary>
    public MetricSet Compute()
    {
        var set = new MetricSet();
        ScoreMetrics.AddMultilabelValidated(set, _buffer.Labels, _buffer.Scores, NumLabels);
        return set;
    }

    /// <inheritdoc cref="MultilabelScoreMetrics.RocAuc"/>
    public double RocAuc(Average average = Average.Macro) => Ranking(average).RocAuc(average);

    /// <inheritdoc cref="MultilabelScoreMetrics.AveragePrecision"/>
    public double AveragePrecision(Average average = Average.Macro) => Ranking(average).AveragePrecision(average);

    private MultilabelRanking Ranking(Average average)
    {
        if (average is not (Average.Macro or Average.Weighted or Average.Micro))
            throw new ArgumentOutOfRangeException(nameof(average), average, "multilabel scores average macro, weighted or micro");
        return MultilabelRanking.Create(_buffer.Labels, _buffer.Scores, NumLabels, perLabel: average != Average.Micro, pooled: average == Average.Micro);
    }
}
