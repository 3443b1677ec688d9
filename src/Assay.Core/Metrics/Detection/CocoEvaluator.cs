namespace Assay.Metrics.Detection;

/// <summary>COCO box evaluation with the semantics of pycocotools' <c>COCOeval(iouType='bbox')</c>: evaluate, accumulate, summarize.</summary>
/// <remarks>
/// Every image of the ground truth and every category (ascending ids) is evaluated; see <see cref="ImageMatcher"/> for the
/// matching, <see cref="CocoAccumulator"/> for precision and recall, and docs/metrics.md for the whole
/// definition. Means skip categories without counted ground truth (pycocotools' −1) and are summed in numpy's order, so
/// the numbers equal pycocotools' bit for bit with the default settings. Single-threaded and deterministic.
/// </remarks>
public static class CocoEvaluator
{
    private const int AreaAll = 0;
    private const int AreaSmall = 1;
    private const int AreaMedium = 2;
    private const int AreaLarge = 3;

    /// <exception cref="ArgumentException">The settings are invalid, or a detection has an image or category the ground truth
    /// lacks, a non-finite score or an unusable box (the message names its index).</exception>
    public static CocoEvaluationResult Evaluate(CocoDataset groundTruth, IReadOnlyList<CocoDetection> detections, CocoEvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        for (var i = 0; i < detections.Count; i++)
        {
            if (detections[i] is null) throw new ArgumentException($"detections[{i}] is null", nameof(detections));
            if (CocoResults.Problem(detections[i], groundTruth) is { } problem)
                throw new ArgumentException($"detections[{i}].{problem.Field}: {problem.Message}", nameof(detections));
        }

        var grouping = new CocoGrouping(groundTruth, detections);
        var categories = grouping.Categories;
        var accumulator = new CocoAccumulator(settings, categories.Length);
        var matcher = new ImageMatcher(settings);
        var matches = new CategoryMatches(settings.AreaRanges.Length, settings.IouThresholds.Count);
        var groundTruthCounts = new int[categories.Length];
        var countedPerArea = new int[settings.AreaRanges.Length];
        for (var k = 0; k < categories.Length; k++)
        {
            matches.Clear();
            MatchCategory(grouping, k, matcher, matches);
            accumulator.Accumulate(k, matches);
            groundTruthCounts[k] = matches.GroundTruths(AreaAll);
            for (var a = 0; a < countedPerArea.Length; a++) countedPerArea[a] += matches.GroundTruths(a);
        }

        var summary = new Summary(settings, accumulator, categories.Length, countedPerArea);
        var perCategory = new CocoCategoryResult[categories.Length];
        for (var k = 0; k < categories.Length; k++)
        {
            perCategory[k] = new CocoCategoryResult(
                categories[k].Id,
                categories[k].Name,
                groundTruthCounts[k],
                grouping.DetectionStart[k + 1] - grouping.DetectionStart[k],
                summary.CategoryPrecision(k, null),
                summary.CategoryPrecision(k, 0.5),
                summary.CategoryPrecision(k, 0.75),
                summary.CategoryRecall(k));
        }

        var few = settings.MaxDetections[0];
        var some = settings.MaxDetections[1];
        var most = settings.MaxDetections[2];
        return new CocoEvaluationResult(
            summary.Precision(null, AreaAll, 2),
            summary.Precision(0.5, AreaAll, 2),
            summary.Precision(0.75, AreaAll, 2),
            summary.Precision(null, AreaSmall, 2),
            summary.Precision(null, AreaMedium, 2),
            summary.Precision(null, AreaLarge, 2),
            summary.Recall(AreaAll, 0),
            summary.Recall(AreaAll, 1),
            summary.Recall(AreaAll, 2),
            summary.Recall(AreaSmall, 2),
            summary.Recall(AreaMedium, 2),
            summary.Recall(AreaLarge, 2),
            perCategory,
            settings);
    }

    /// <summary>Runs the matcher over every image holding a ground truth or a detection of category k, in ascending image id.</summary>
    private static void MatchCategory(CocoGrouping grouping, int k, ImageMatcher matcher, CategoryMatches matches)
    {
        int g = grouping.GroundTruthStart[k], gEnd = grouping.GroundTruthStart[k + 1];
        int d = grouping.DetectionStart[k], dEnd = grouping.DetectionStart[k + 1];
        while (g < gEnd || d < dEnd)
        {
            var image = Math.Min(g < gEnd ? grouping.GroundTruthImage[g] : int.MaxValue, d < dEnd ? grouping.DetectionImage[d] : int.MaxValue);
            var gStart = g;
            while (g < gEnd && grouping.GroundTruthImage[g] == image) g++;
            var dStart = d;
            while (d < dEnd && grouping.DetectionImage[d] == image) d++;
            matcher.Evaluate(
                grouping.Annotations, grouping.GroundTruthOrder.AsSpan(gStart, g - gStart),
                grouping.Detections, grouping.DetectionOrder.AsSpan(dStart, d - dStart),
                matches);
        }
    }

    /// <summary>pycocotools' <c>summarize</c>: means of the accumulated arrays over the entries that are not −1.</summary>
    private sealed class Summary(CocoEvaluationSettings settings, CocoAccumulator accumulator, int categories, int[] countedPerArea)
    {
        private static readonly string[] AreaNames = ["all", "small", "medium", "large"];
        private readonly int _thresholds = settings.IouThresholds.Count;
        private readonly int _recallPoints = settings.RecallThresholds.Count;
        private readonly List<double> _values = [];

        public CocoStatistic Precision(double? iou, int area, int limit)
        {
            if (Undefined(iou, area) is { } reason) return CocoStatistic.Undefined(reason);
            var values = accumulator.Precision[accumulator.CellIndex(area, limit)];
            var block = _recallPoints * categories;
            var (from, to) = iou is { } t ? (ThresholdIndex(t) * block, (ThresholdIndex(t) + 1) * block) : (0, values.Length);
            return CocoStatistic.Defined(MeanOfDefined(values, from, to, 1));
        }

        public CocoStatistic Recall(int area, int limit)
        {
            if (Undefined(null, area) is { } reason) return CocoStatistic.Undefined(reason);
            var values = accumulator.Recall[accumulator.CellIndex(area, limit)];
            return CocoStatistic.Defined(MeanOfDefined(values, 0, values.Length, 1));
        }

        /// <summary>Mean over IoU thresholds (or at one) and recall points, all areas, largest limit: detectron2's per-category AP.</summary>
        public double? CategoryPrecision(int k, double? iou)
        {
            var values = accumulator.Precision[accumulator.CellIndex(AreaAll, 2)];
            if (values[k] < 0) return null;
            if (iou is not { } t) return MeanOfDefined(values, k, values.Length, categories);
            var index = ThresholdIndex(t);
            if (index < 0) return null;
            var block = _recallPoints * categories;
            return MeanOfDefined(values, index * block + k, (index + 1) * block, categories);
        }

        public double? CategoryRecall(int k)
        {
            var values = accumulator.Recall[accumulator.CellIndex(AreaAll, 2)];
            return values[k] < 0 ? null : MeanOfDefined(values, k, values.Length, categories);
        }

        private string? Undefined(double? iou, int area)
        {
            if (iou is { } t && ThresholdIndex(t) < 0)
                return $"IoU threshold {t} is not among the evaluated thresholds [{string.Join(", ", settings.IouThresholds)}]";
            if (countedPerArea[area] > 0) return null;
            return area == AreaAll
                ? "the ground truth has no non-crowd objects (pycocotools reports -1)"
                : $"no non-crowd ground-truth object has an area in the {AreaNames[area]} range {settings.AreaRanges[area]} (pycocotools reports -1)";
        }

        /// <summary>The index of a threshold; pycocotools compares exactly, a tolerance spares users of 0.5 + 0.05 × 5 ≠ 0.75.</summary>
        private int ThresholdIndex(double iou)
        {
            for (var i = 0; i < _thresholds; i++)
            {
                if (Math.Abs(settings.IouThresholds[i] - iou) < 1e-9) return i;
            }
            return -1;
        }

        /// <summary>np.mean of the entries &gt; −1 among values[from], values[from + step], ... before <paramref name="to"/>.</summary>
        private double MeanOfDefined(double[] values, int from, int to, int step)
        {
            _values.Clear();
            for (var i = from; i < to; i += step)
            {
                if (values[i] > -1) _values.Add(values[i]);
            }
            return NumpySum.Mean(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values));
        }
    }
}
