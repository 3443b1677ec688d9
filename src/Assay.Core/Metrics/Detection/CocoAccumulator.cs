namespace Assay.Metrics.Detection;

/// <summary>pycocotools' <c>accumulate</c>: precision at each recall point and the recall reached, per threshold, category, area range and detection limit.</summary>
/// <remarks>
/// A category's detections from all images are ranked by descending score; ties keep image order (ascending id), then
/// their order within the image, as numpy's stable mergesort over the concatenated per-image lists. Walking that list
/// (ignored detections included, they just add nothing), recall = TP/npig and precision = TP/(TP + FP + ε) with
/// ε = 2⁻⁵² (<c>np.spacing(1)</c>, so a lone true positive has precision 1 − 2⁻⁵², not 1). Precision is made
/// non-increasing from the right (the envelope), then sampled at each recall point r as the precision at the first rank
/// whose recall ≥ r, or 0 when recall never reaches r. Entries stay −1 where a category has no counted ground truth.
/// </remarks>
internal sealed class CocoAccumulator
{
    /// <summary>numpy's <c>np.spacing(1)</c>, added to the precision denominator by pycocotools.</summary>
    private const double Epsilon = 2.220446049250313e-16;

    private static readonly ScoreOrderComparer ByScore = new();

    private readonly double[] _thresholds;
    private readonly double[] _recallPoints;
    private readonly int[] _maxDetections;
    private readonly int _areas;
    private readonly int _categories;

    public CocoAccumulator(CocoEvaluationSettings settings, int categories)
    {
        _thresholds = [.. settings.IouThresholds];
        _recallPoints = [.. settings.RecallThresholds];
        _maxDetections = [.. settings.MaxDetections];
        _areas = settings.AreaRanges.Length;
        _categories = categories;
        Precision = new double[_areas * _maxDetections.Length][];
        Recall = new double[_areas * _maxDetections.Length][];
        for (var i = 0; i < Precision.Length; i++)
        {
            Precision[i] = new double[_thresholds.Length * _recallPoints.Length * categories];
            Recall[i] = new double[_thresholds.Length * categories];
            Array.Fill(Precision[i], -1);
            Array.Fill(Recall[i], -1);
        }
    }

    /// <summary>Per (area, limit) pair (index area × 3 + limit): precision at <c>(t × R + r) × K + k</c>, numpy's C order of <c>precision[:, :, :, a, m]</c>.</summary>
    public double[][] Precision { get; }

    /// <summary>Per (area, limit) pair: recall at <c>t × K + k</c>.</summary>
    public double[][] Recall { get; }

    public int CellIndex(int area, int limit) => area * _maxDetections.Length + limit;

    public void Accumulate(int category, CategoryMatches matches)
    {
        var n = matches.Count;
        var ranked = new ScoreOrder[n];
        var scores = matches.Scores;
        for (var i = 0; i < n; i++) ranked[i] = new ScoreOrder(scores[i], i);
        Array.Sort(ranked, ByScore);

        var ranks = matches.Ranks;
        var outcomes = matches.Outcomes;
        var recall = new double[n];
        var precision = new double[n];
        var thresholdCount = _thresholds.Length;
        for (var a = 0; a < _areas; a++)
        {
            var counted = matches.GroundTruths(a);
            if (counted == 0) continue;
            for (var m = 0; m < _maxDetections.Length; m++)
            {
                var limit = _maxDetections[m];
                var cell = CellIndex(a, m);
                for (var t = 0; t < thresholdCount; t++)
                {
                    var taken = 0;
                    double tp = 0, fp = 0;
                    foreach (var entry in ranked)
                    {
                        if (ranks[entry.Index] >= limit) continue;
                        var outcome = outcomes[entry.Index * matches.Stride + a * thresholdCount + t];
                        if (outcome == MatchOutcome.TruePositive) tp++;
                        else if (outcome == MatchOutcome.FalsePositive) fp++;
                        recall[taken] = tp / counted;
                        precision[taken] = tp / (fp + tp + Epsilon);
                        taken++;
                    }
                    Recall[cell][t * _categories + category] = taken > 0 ? recall[taken - 1] : 0;

                    for (var i = taken - 1; i > 0; i--)
                    {
                        if (precision[i] > precision[i - 1]) precision[i - 1] = precision[i];
                    }
                    var at = 0;
                    for (var r = 0; r < _recallPoints.Length; r++)
                    {
                        while (at < taken && recall[at] < _recallPoints[r]) at++;
                        Precision[cell][(t * _recallPoints.Length + r) * _categories + category] = at < taken ? precision[at] : 0;
                    }
                }
            }
        }
    }
}
