namespace Assay.Metrics.Detection;

/// <summary>One summary number of a COCO evaluation, or the reason it has none (where pycocotools prints -1).</summary>
public readonly record struct CocoStatistic
{
    private CocoStatistic(double? value, string? undefinedReason)
    {
        Value = value;
        UndefinedReason = undefinedReason;
    }

    /// <summary>The value, or null when undefined.</summary>
    public double? Value { get; }

    public string? UndefinedReason { get; }

    public bool IsDefined => Value.HasValue;

    public static CocoStatistic Defined(double value) => new(value, null);

    public static CocoStatistic Undefined(string reason) => new(null, reason);

    /// <exception cref="UndefinedMetricException">The statistic is undefined; the message says why.</exception>
    public double GetValue() => Value ?? throw new UndefinedMetricException(UndefinedReason ?? "undefined");

    public override string ToString() => Value?.ToString("R") ?? $"undefined ({UndefinedReason})";
}

/// <summary>Average precision and recall of one category over all areas, at the largest detection limit.</summary>
/// <param name="GroundTruthCount">Non-crowd ground-truth objects of the category (crowd regions are never targets).</param>
/// <param name="DetectionCount">All detections of the category, before the per-image limit.</param>
/// <param name="AveragePrecision">Mean precision over every IoU threshold and recall point; null when the category has no non-crowd ground truth.</param>
/// <param name="AveragePrecision50">The same at IoU 0.5; null also when 0.5 is not an evaluated threshold.</param>
/// <param name="AveragePrecision75">The same at IoU 0.75; null also when 0.75 is not an evaluated threshold.</param>
/// <param name="AverageRecall">Mean over IoU thresholds of the recall reached; null when there is no non-crowd ground truth.</param>
public sealed record CocoCategoryResult(
    int CategoryId,
    string Name,
    int GroundTruthCount,
    int DetectionCount,
    double? AveragePrecision,
    double? AveragePrecision50,
    double? AveragePrecision75,
    double? AverageRecall);

/// <summary>The twelve numbers of pycocotools' <c>COCOeval.summarize()</c> for boxes, plus per-category results.</summary>
/// <remarks>
/// AP (average precision) is the mean, over IoU thresholds, recall points and categories with ground truth, of the
/// interpolated precision; AR (average recall) the mean over IoU thresholds and those categories of the recall reached.
/// Unless their name says otherwise, numbers are over all areas at IoU 0.50:0.05:0.95 and keep at most
/// <see cref="CocoEvaluationSettings.MaxDetections"/>[2] (100) detections per image and category; ar1 and ar10 keep
/// [0] (1) and [1] (10). A number is undefined when no category has a non-crowd ground truth in its area range.
/// </remarks>
public sealed record CocoEvaluationResult(
    CocoStatistic AveragePrecision,
    CocoStatistic AveragePrecision50,
    CocoStatistic AveragePrecision75,
    CocoStatistic AveragePrecisionSmall,
    CocoStatistic AveragePrecisionMedium,
    CocoStatistic AveragePrecisionLarge,
    CocoStatistic AverageRecall1,
    CocoStatistic AverageRecall10,
    CocoStatistic AverageRecall100,
    CocoStatistic AverageRecallSmall,
    CocoStatistic AverageRecallMedium,
    CocoStatistic AverageRecallLarge,
    IReadOnlyList<CocoCategoryResult> PerCategory,
    CocoEvaluationSettings Settings)
{
    /// <summary>The twelve numbers in <c>COCOeval.stats</c> order (the order of <see cref="DetectionMetricCatalog.All"/>).</summary>
    public IReadOnlyList<CocoStatistic> Stats =>
    [
        AveragePrecision, AveragePrecision50, AveragePrecision75, AveragePrecisionSmall, AveragePrecisionMedium, AveragePrecisionLarge,
        AverageRecall1, AverageRecall10, AverageRecall100, AverageRecallSmall, AverageRecallMedium, AverageRecallLarge,
    ];
}
