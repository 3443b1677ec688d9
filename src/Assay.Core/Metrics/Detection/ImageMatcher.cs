namespace Assay.Metrics.Detection;

/// <summary>pycocotools' <c>evaluateImg</c> for boxes: greedy matching of one image's detections of one category, for every area range and IoU threshold.</summary>
/// <remarks>
/// Detections are taken by descending score (ties in input order, as numpy's stable mergesort) and cut to the largest
/// detection limit. Ground truths that are crowds or whose <c>area</c> is outside the range are "ignored" and tried last.
/// At threshold t a detection takes the unmatched ground truth of highest IoU ≥ min(t, 1 − 1e-10), the later one on equal
/// IoU; a crowd can take any number of detections; once it holds a regular ground truth it stops at the ignored ones.
/// A detection on an ignored ground truth is ignored, an unmatched one is a false positive unless its own area
/// (width × height) is outside the range, where it is ignored. pycocotools records a match by the ground truth's id and
/// reads id 0 as "no match", so a detection matched to an annotation with id 0 counts as unmatched (that ground truth
/// is still taken); this is kept so results equal pycocotools' on files that number annotations from 0.
/// </remarks>
internal sealed class ImageMatcher(CocoEvaluationSettings settings)
{
    private static readonly ScoreOrderComparer ByScore = new();

    private readonly double[] _thresholds = [.. settings.IouThresholds];
    private readonly AreaRange[] _areas = settings.AreaRanges;
    private readonly int _maxDetections = settings.MaxDetections[^1];
    private ScoreOrder[] _sorted = new ScoreOrder[16];
    private CocoDetection[] _kept = new CocoDetection[16];
    private CocoAnnotation[] _gts = new CocoAnnotation[16];
    private double[] _ious = new double[256];
    private int[] _order = new int[16];
    private bool[] _taken = new bool[16];

    /// <summary>Matches one image's ground truths and detections of one category and appends the outcomes.</summary>
    public void Evaluate(CocoAnnotation[] annotations, ReadOnlySpan<int> groundTruths, CocoDetection[] detections, ReadOnlySpan<int> candidates, CategoryMatches output)
    {
        var g = groundTruths.Length;
        var d = SortByScore(detections, candidates);
        EnsureCapacity(ref _gts, g);
        EnsureCapacity(ref _order, g);
        EnsureCapacity(ref _taken, g);
        EnsureCapacity(ref _ious, d * g);
        for (var j = 0; j < g; j++) _gts[j] = annotations[groundTruths[j]];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < g; j++) _ious[i * g + j] = BoundingBox.IntersectionOverUnion(_kept[i].Box, _gts[j].Box, _gts[j].IsCrowd);
        }

        var first = output.Count;
        for (var i = 0; i < d; i++) output.Add(_kept[i].Score, i);

        for (var a = 0; a < _areas.Length; a++)
        {
            var range = _areas[a];
            // Ground truths that count come first, ignored ones last, each group in input order (a stable sort on the flag).
            var counted = 0;
            for (var j = 0; j < g; j++)
            {
                if (!IsIgnored(_gts[j], range)) _order[counted++] = j;
            }
            var position = counted;
            for (var j = 0; j < g; j++)
            {
                if (IsIgnored(_gts[j], range)) _order[position++] = j;
            }
            output.AddGroundTruths(a, counted);

            for (var t = 0; t < _thresholds.Length; t++)
            {
                Array.Clear(_taken, 0, g);
                var threshold = Math.Min(_thresholds[t], 1 - 1e-10);
                for (var i = 0; i < d; i++)
                {
                    var best = threshold;
                    var match = -1;
                    for (var p = 0; p < g; p++)
                    {
                        var j = _order[p];
                        if (_taken[p] && !_gts[j].IsCrowd) continue;
                        // Matched to a ground truth that counts: an ignored one must not win over it.
                        if (match > -1 && match < counted && p >= counted) break;
                        var iou = _ious[i * g + j];
                        if (iou < best) continue;
                        best = iou;
                        match = p;
                    }
                    if (match > -1) _taken[match] = true;
                    output.Set(first + i, a, t, Outcome(match, counted, range, i));
                }
            }
        }
    }

    private MatchOutcome Outcome(int match, int counted, AreaRange range, int detection)
    {
        var outside = !range.Contains(_kept[detection].Box.Area);
        if (match == -1) return outside ? MatchOutcome.Ignored : MatchOutcome.FalsePositive;
        var ignored = match >= counted;
        if (_gts[_order[match]].Id != 0) return ignored ? MatchOutcome.Ignored : MatchOutcome.TruePositive;
        // pycocotools' id-0 quirk (see remarks): the match reads as none.
        return ignored || outside ? MatchOutcome.Ignored : MatchOutcome.FalsePositive;
    }

    private static bool IsIgnored(CocoAnnotation groundTruth, AreaRange range) => groundTruth.IsCrowd || !range.Contains(groundTruth.Area);

    /// <summary>Fills <see cref="_kept"/> with the top-scoring detections (ties in input order) and returns how many were kept.</summary>
    private int SortByScore(CocoDetection[] detections, ReadOnlySpan<int> candidates)
    {
        var n = candidates.Length;
        EnsureCapacity(ref _sorted, n);
        for (var i = 0; i < n; i++) _sorted[i] = new ScoreOrder(detections[candidates[i]].Score, candidates[i]);
        Array.Sort(_sorted, 0, n, ByScore);
        var kept = Math.Min(n, _maxDetections);
        EnsureCapacity(ref _kept, kept);
        for (var i = 0; i < kept; i++) _kept[i] = detections[_sorted[i].Index];
        return kept;
    }

    private static void EnsureCapacity<T>(ref T[] buffer, int size)
    {
        if (buffer.Length < size) buffer = new T[Math.Max(size, buffer.Length * 2)];
    }
}
