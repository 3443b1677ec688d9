namespace Assay.Metrics.Ranking;

/// <summary>ROC-AUC and average precision of one binary ranking, summed in a single walk over its distinct scores.</summary>
/// <remarks>
/// ROC-AUC: the trapezoid rule over the ROC points of the distinct thresholds, kept in counts: each threshold adds
/// Δfp·(tp_prev + tp) to twice the area under the (fp, tp) staircase, an exact integer that equals 2U of the Mann–Whitney
/// statistic (pairs ranked right, plus half the tied pairs); AUC = 2U / (2·P·N). Dropping collinear points (scikit-learn's
/// drop_intermediate) does not change a trapezoid sum, so this equals <c>roc_auc_score</c> up to its own rounding.
/// Average precision: Σ_j (R_j − R_{j−1})·P_j over thresholds j from the top, R_j = tp_j/P, P_j = tp_j/(tp_j + fp_j),
/// R_{−1} = 0: scikit-learn's step-wise sum, computed term by term as it does, summed with compensation.
/// </remarks>
internal struct RankSums(long positives, long negatives) : IThresholdSink
{
    private long _truePositives;
    private long _falsePositives;
    private long _twiceArea;
    private double _recall;
    private CompensatedSum _averagePrecision;

    public readonly long Positives => positives;

    public readonly long Negatives => negatives;

    /// <summary>Negatives scored above every positive still to come: each adds 2·TP to twice the area, none adds precision.</summary>
    /// <remarks>The same arithmetic as <see cref="Add"/> with no positives, for a whole run of such scores at once.</remarks>
    public void AddNegatives(long count)
    {
        _twiceArea += count * 2 * _truePositives;
        _falsePositives += count;
    }

    public void Add(uint key, long positivesAtScore, long negativesAtScore)
    {
        var truePositives = _truePositives + positivesAtScore;
        _twiceArea += negativesAtScore * (_truePositives + truePositives);
        if (positivesAtScore > 0)
        {
            var recall = truePositives / (double)positives;
            _averagePrecision.Add((recall - _recall) * (truePositives / (double)(truePositives + _falsePositives + negativesAtScore)));
            _recall = recall;
        }
        _truePositives = truePositives;
        _falsePositives += negativesAtScore;
    }

    /// <summary>Twice the Mann–Whitney U: ordered (positive, negative) pairs with the positive scored higher count 2, ties 1.</summary>
    public readonly long TwiceArea => _twiceArea;

    public readonly double RocAuc()
    {
        UndefinedIfSingleClass(positives, negatives);
        return _twiceArea / (2.0 * positives * negatives);
    }

    public readonly double AveragePrecision()
    {
        if (positives + negatives == 0) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        if (positives == 0) throw new UndefinedMetricException(UndefinedReasons.NoPositives);
        return _averagePrecision.Value;
    }

    public static void UndefinedIfSingleClass(long positives, long negatives)
    {
        if (positives + negatives == 0) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
        if (negatives == 0) throw new UndefinedMetricException(UndefinedReasons.OnlyPositives);
        if (positives == 0) throw new UndefinedMetricException(UndefinedReasons.OnlyNegatives);
    }
}
