using System.Numerics;

namespace Assay.Metrics.Ranking;

/// <summary>The binary ranking of every label column of a multilabel problem, and of all cells pooled (micro).</summary>
internal sealed class MultilabelRanking
{
    private readonly RankSums[] _perLabel;
    private readonly RankSums? _pooled;

    private MultilabelRanking(RankSums[] perLabel, RankSums? pooled)
    {
        _perLabel = perLabel;
        _pooled = pooled;
    }

    /// <summary>Ranks validated n×L 0/1 labels against n×L finite scores, per label and, with <paramref name="pooled"/>, all together.</summary>
    public static MultilabelRanking Create<TLabel>(ReadOnlySpan<TLabel> labels, ReadOnlySpan<float> scores, int numLabels, bool perLabel, bool pooled)
        where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var columns = new RankSums[perLabel ? numLabels : 0];
        for (var j = 0; j < columns.Length; j++) columns[j] = SortedBinaryScores.Create(labels, scores, j, numLabels).Summarize();
        return new MultilabelRanking(columns, pooled ? SortedBinaryScores.Create(labels, scores).Summarize() : null);
    }

    /// <summary><c>roc_auc_score(y_true, scores, average=...)</c> for macro, weighted (by label support) or micro.</summary>
    public double RocAuc(Average average)
    {
        if (average == Average.Micro) return Pooled.RocAuc();
        RequireRows();
        for (var j = 0; j < _perLabel.Length; j++)
        {
            // scikit-learn scores every label before weighting, so one single-class label fails macro and weighted alike.
            var sums = _perLabel[j];
            if (sums.Positives == 0 || sums.Negatives == 0) throw new UndefinedMetricException(UndefinedReasons.LabelSingleClass(j, sums.Positives > 0));
        }
        return Mean(average, static sums => sums.RocAuc());
    }

    /// <summary><c>average_precision_score(y_true, scores, average=...)</c> for macro, weighted (by label support) or micro.</summary>
    public double AveragePrecision(Average average)
    {
        if (average == Average.Micro) return Pooled.AveragePrecision();
        RequireRows();
        long support = 0;
        for (var j = 0; j < _perLabel.Length; j++)
        {
            // A label without positives has weight 0 in the weighted mean, as in scikit-learn; the macro mean has no such escape.
            if (_perLabel[j].Positives == 0 && average == Average.Macro) throw new UndefinedMetricException(UndefinedReasons.LabelNoPositives(j));
            support += _perLabel[j].Positives;
        }
        if (support == 0) throw new UndefinedMetricException(UndefinedReasons.NoPositives);
        return Mean(average, static sums => sums.AveragePrecision());
    }

    private RankSums Pooled => _pooled ?? throw new InvalidOperationException("micro averages were not ranked");

    private void RequireRows()
    {
        if (_perLabel.Length > 0 && _perLabel[0].Positives + _perLabel[0].Negatives == 0) throw new UndefinedMetricException(UndefinedReasons.NoSamples);
    }

    private double Mean(Average average, Func<RankSums, double> metric)
    {
        var sum = 0.0;
        long weights = 0;
        foreach (var sums in _perLabel)
        {
            var weight = average == Average.Weighted ? sums.Positives : 1;
            if (weight == 0) continue;
            sum += metric(sums) * weight;
            weights += weight;
        }
        return sum / weights;
    }
}
