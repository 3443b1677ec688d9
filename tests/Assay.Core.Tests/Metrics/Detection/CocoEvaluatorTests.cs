using Assay.Metrics;
using Assay.Metrics.Detection;
using CsCheck;

namespace Assay.Core.Tests.Metrics.Detection;

/// <summary>Small cases worked out by hand. Notation: detections in score order, TP/FP/ign per detection,
/// rc = recall and pr = precision after each; "≈1" is 1/(1 + 2⁻⁵²), pycocotools' precision of a lone true positive.</summary>
public class CocoEvaluatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void One_perfect_detection_scores_one_wherever_defined()
    {
        // 10×10 box, area 100: small. rc = [1], pr = [≈1] at every threshold, so AP ≈ 1 and AR = 1.
        var result = Evaluate([Gt(1, 0, 0, 10, 10)], [Dt(0, 0, 10, 10, 0.9)]);

        foreach (var name in new[] { "ap", "ap50", "ap75", "ap_small", "ar1", "ar10", "ar100", "ar_small" })
            Assert.Equal(1, Metrics(result)[name], Tolerance);
        Assert.Equal(1 / (1 + Math.Pow(2, -52)), result.AveragePrecision50.Value!.Value, 0);
        Assert.Equal(1, result.AverageRecall100.Value!.Value, 0);
        foreach (var name in new[] { "ap_medium", "ap_large", "ar_medium", "ar_large" })
            Assert.Contains("no non-crowd ground-truth object has an area in the", Metrics(result).Undefined[name], StringComparison.Ordinal);
    }

    [Fact]
    public void Iou_of_exactly_one_half_matches_at_threshold_0_5_only()
    {
        // Detection [0,0,5,10] on ground truth [0,0,10,10]: i = 50, u = 50 + 100 − 50, IoU = 0.5 exactly.
        // t = 0.50: TP, AP_t ≈ 1, recall 1. t = 0.55 ... 0.95: FP, rc = [0], pr = [0], AP_t = 0, recall 0.
        // AP = 1/10, AP50 = 1, AP75 = 0, AR = 1/10.
        var result = Evaluate([Gt(1, 0, 0, 10, 10)], [Dt(0, 0, 5, 10, 0.9)]);

        Assert.Equal(0.5, BoundingBox.IntersectionOverUnion(new(0, 0, 5, 10), new(0, 0, 10, 10), false), 0);
        Assert.Equal(0.1, result.AveragePrecision.GetValue(), Tolerance);
        Assert.Equal(1, result.AveragePrecision50.GetValue(), Tolerance);
        Assert.Equal(0, result.AveragePrecision75.GetValue(), Tolerance);
        Assert.Equal(0.1, result.AverageRecall100.GetValue(), Tolerance);
    }

    [Fact]
    public void Iou_of_exactly_three_quarters_matches_up_to_threshold_0_75()
    {
        // Detection [0,0,7.5,10]: i = 75, u = 100, IoU = 0.75 exactly; it matches at 0.50, 0.55, ..., 0.75 (6 of 10).
        // AP = 6/10, AP50 = AP75 = 1, AR = 6/10.
        var result = Evaluate([Gt(1, 0, 0, 10, 10)], [Dt(0, 0, 7.5, 10, 0.9)]);

        Assert.Equal(0.6, result.AveragePrecision.GetValue(), Tolerance);
        Assert.Equal(1, result.AveragePrecision50.GetValue(), Tolerance);
        Assert.Equal(1, result.AveragePrecision75.GetValue(), Tolerance);
        Assert.Equal(0.6, result.AverageRecall100.GetValue(), Tolerance);
    }

    [Fact]
    public void A_false_positive_above_the_true_positive_halves_precision_everywhere()
    {
        // FP 0.9, TP 0.8: rc = [0, 1], pr = [0, 1/2]; the envelope lifts pr[0] to 1/2, so every recall point reads 1/2.
        // AP = 0.5 at every threshold; AR = 1; ar1 keeps only the FP (one detection per image): 0.
        var result = Evaluate([Gt(1, 0, 0, 10, 10)], [Dt(50, 50, 10, 10, 0.9), Dt(0, 0, 10, 10, 0.8)]);

        Assert.Equal(0.5, result.AveragePrecision.GetValue(), Tolerance);
        Assert.Equal(0.5, result.AveragePrecision50.GetValue(), Tolerance);
        Assert.Equal(1, result.AverageRecall100.GetValue(), Tolerance);
        Assert.Equal(0, result.AverageRecall1.GetValue(), Tolerance);

        // Below the true positive, the same false positive costs nothing: TP, FP gives pr = [≈1, 1/2], rc = [1, 1].
        var below = Evaluate([Gt(1, 0, 0, 10, 10)], [Dt(50, 50, 10, 10, 0.7), Dt(0, 0, 10, 10, 0.8)]);
        Assert.Equal(1, below.AveragePrecision.GetValue(), Tolerance);
    }

    [Fact]
    public void Detections_in_a_crowd_region_are_ignored_and_do_not_use_it_up()
    {
        // Crowd [100,100,100,100]: IoU of a 20×20 box inside it is 400/400 (detection area as denominator) = 1.
        // d1 0.9 in crowd: ign; d2 0.8 in crowd: ign (the crowd can be matched again); d3 0.7 on the regular box: TP.
        // npig = 1 (the crowd does not count): rc = [0, 0, 1], pr = [0, 0, ≈1] -> envelope ≈1 -> AP ≈ 1 (1/3 if they were FPs).
        // ar1 keeps only d1 (ignored): recall 0. The crowd is the only large object, so the large range has nothing to count.
        var result = Evaluate(
            [Gt(1, 0, 0, 10, 10), Gt(2, 100, 100, 100, 100, crowd: true)],
            [Dt(110, 110, 20, 20, 0.9), Dt(120, 120, 20, 20, 0.8), Dt(0, 0, 10, 10, 0.7)]);

        Assert.Equal(1, BoundingBox.IntersectionOverUnion(new(110, 110, 20, 20), new(100, 100, 100, 100), true), 0);
        Assert.Equal(0.04, BoundingBox.IntersectionOverUnion(new(110, 110, 20, 20), new(100, 100, 100, 100), false), Tolerance);
        Assert.Equal(1, result.AveragePrecision.GetValue(), Tolerance);
        Assert.Equal(1, result.AverageRecall100.GetValue(), Tolerance);
        Assert.Equal(0, result.AverageRecall1.GetValue(), Tolerance);
        Assert.False(result.AveragePrecisionLarge.IsDefined);
        Assert.Equal(1, result.PerCategory[0].GroundTruthCount);
    }

    [Fact]
    public void Ground_truths_outside_an_area_range_are_ignored_with_the_detections_they_hold()
    {
        // S: 10×10 (area 100, small); L: 200×200 (area 40000, large). Detections: dF 0.95 (FP anywhere, area 100),
        // dL 0.9 on L, dS 0.6 on S.
        // small: dF FP, dL ign (its ground truth is out of range), dS TP: rc = [0, 0, 1], pr = [0, 0, 1/2] -> AP_small = 1/2.
        // large: dF ign (unmatched and itself outside the range), dL TP, dS ign: pr = [0, ≈1, ≈1] -> AP_large ≈ 1.
        // all:   dF FP, dL TP, dS TP: rc = [0, 1/2, 1], pr = [0, 1/2, 2/3] -> envelope 2/3 -> AP = 2/3.
        var result = Evaluate(
            [Gt(1, 0, 0, 10, 10), Gt(2, 100, 100, 200, 200)],
            [Dt(300, 0, 10, 10, 0.95), Dt(100, 100, 200, 200, 0.9), Dt(0, 0, 10, 10, 0.6)]);

        Assert.Equal(0.5, result.AveragePrecisionSmall.GetValue(), Tolerance);
        Assert.Equal(1, result.AveragePrecisionLarge.GetValue(), Tolerance);
        Assert.Equal(2.0 / 3, result.AveragePrecision.GetValue(), Tolerance);
        Assert.False(result.AveragePrecisionMedium.IsDefined);
        Assert.Equal(1, result.AverageRecallSmall.GetValue(), Tolerance);
        Assert.Equal(1, result.AverageRecallLarge.GetValue(), Tolerance);
        Assert.Equal(0, result.AverageRecall1.GetValue(), Tolerance);
    }

    [Fact]
    public void The_area_field_decides_the_range_and_the_bounds_are_inclusive()
    {
        // Box 100×100 but area field 1024 = 32²: in both small [0, 32²] and medium [32², 96²], not large.
        var result = Evaluate([Gt(1, 0, 0, 100, 100, area: 1024)], [Dt(0, 0, 100, 100, 0.9)]);

        Assert.Equal(1, result.AveragePrecisionSmall.GetValue(), Tolerance);
        Assert.Equal(1, result.AveragePrecisionMedium.GetValue(), Tolerance);
        Assert.False(result.AveragePrecisionLarge.IsDefined);
    }

    [Fact]
    public void Max_detections_keep_the_top_scores_per_image_and_category()
    {
        // One image, three objects, three perfect detections scored 0.9, 0.8, 0.7.
        // Limits 1, 10, 100: recall 1/3, 1, 1. Limits 1, 2, 3: recall 1/3, 2/3, 1 (ar1, ar10, ar100 use limits [0], [1], [2]).
        GroundTruth[] gts = [Gt(1, 0, 0, 10, 10), Gt(2, 100, 0, 10, 10), Gt(3, 200, 0, 10, 10)];
        CocoDetection[] dts = [Dt(0, 0, 10, 10, 0.9), Dt(100, 0, 10, 10, 0.8), Dt(200, 0, 10, 10, 0.7)];

        var standard = Evaluate(gts, dts);
        Assert.Equal(1.0 / 3, standard.AverageRecall1.GetValue(), Tolerance);
        Assert.Equal(1, standard.AverageRecall10.GetValue(), Tolerance);
        Assert.Equal(1, standard.AverageRecall100.GetValue(), Tolerance);

        var tight = Evaluate(gts, dts, CocoEvaluationSettings.Default.WithMaxDetections(1, 2, 3));
        Assert.Equal(1.0 / 3, tight.AverageRecall1.GetValue(), Tolerance);
        Assert.Equal(2.0 / 3, tight.AverageRecall10.GetValue(), Tolerance);
        Assert.Equal(1, tight.AverageRecall100.GetValue(), Tolerance);

        // AP uses limit [2] = 3: recall reaches 1 and AP ≈ 1 (with limit [1] = 2 only recall points 0 ... 0.66 would read ≈1: 67/101).
        Assert.Equal(1, tight.AveragePrecision.GetValue(), Tolerance);
    }

    [Fact]
    public void The_limit_applies_per_image()
    {
        // Two images, one object and one perfect detection each: one detection per image keeps both, ar1 = 1.
        var result = Evaluate([Gt(1, 0, 0, 10, 10, image: 1), Gt(2, 0, 0, 10, 10, image: 2)], [Dt(0, 0, 10, 10, 0.9, image: 1), Dt(0, 0, 10, 10, 0.8, image: 2)]);
        Assert.Equal(1, result.AverageRecall1.GetValue(), Tolerance);
    }

    [Fact]
    public void A_category_without_ground_truth_is_left_out_of_the_means()
    {
        // Category 1: one perfect detection (AP ≈ 1). Category 2: only false positives, no ground truth: pycocotools' −1,
        // excluded, so AP stays ≈ 1 (not 1/2). Category 3: nothing at all.
        var result = Evaluate(
            [Gt(1, 0, 0, 10, 10)],
            [Dt(0, 0, 10, 10, 0.9), Dt(50, 50, 10, 10, 0.95, category: 2), Dt(70, 70, 10, 10, 0.3, category: 2)]);

        Assert.Equal(1, result.AveragePrecision.GetValue(), Tolerance);
        Assert.Equal(1, result.AverageRecall100.GetValue(), Tolerance);
        var second = result.PerCategory[1];
        Assert.Equal((2, 0, 2), (second.CategoryId, second.GroundTruthCount, second.DetectionCount));
        Assert.Null(second.AveragePrecision);
        Assert.Null(second.AverageRecall);
        Assert.Null(result.PerCategory[2].AveragePrecision50);
        Assert.Equal(1, result.PerCategory[0].AveragePrecision!.Value, Tolerance);
    }

    [Fact]
    public void Equal_scores_keep_their_input_order_within_an_image()
    {
        // Objects G1 and G2; F (a false positive) and T (perfect on G1) both scored 0.5.
        // F then T: rc = [0, 1/2], pr = [0, 1/2] -> envelope 1/2 at recall points 0 ... 0.5 (51 of 101), 0 above: AP = 25.5/101.
        // T then F: rc = [1/2, 1/2], pr = [≈1, 1/2] -> ≈1 at the same 51 points: AP = 51/101.
        GroundTruth[] gts = [Gt(1, 0, 0, 10, 10), Gt(2, 100, 0, 10, 10)];
        var f = Dt(50, 50, 10, 10, 0.5);
        var t = Dt(0, 0, 10, 10, 0.5);

        Assert.Equal(25.5 / 101, Evaluate(gts, [f, t]).AveragePrecision.GetValue(), Tolerance);
        Assert.Equal(51.0 / 101, Evaluate(gts, [t, f]).AveragePrecision.GetValue(), Tolerance);
    }

    [Fact]
    public void Equal_scores_across_images_rank_by_image_id_not_input_order()
    {
        // Image 2 holds the only object and its perfect detection; image 1 a false positive; both scored 0.5, listed
        // image 2 first. pycocotools concatenates images by ascending id, so the FP ranks first: pr = [0, 1/2] -> AP = 1/2.
        var result = Evaluate([Gt(1, 0, 0, 10, 10, image: 2)], [Dt(0, 0, 10, 10, 0.5, image: 2), Dt(0, 0, 10, 10, 0.5, image: 1)]);
        Assert.Equal(0.5, result.AveragePrecision.GetValue(), Tolerance);
    }

    [Fact]
    public void A_match_with_annotation_id_zero_counts_as_no_match_as_in_pycocotools()
    {
        // pycocotools stores the matched annotation's id and reads 0 as "unmatched": the perfect detection becomes a FP.
        var zero = Evaluate([Gt(0, 0, 0, 10, 10)], [Dt(0, 0, 10, 10, 0.9)]);
        Assert.Equal(0, zero.AveragePrecision.GetValue(), Tolerance);
        Assert.Equal(0, zero.AverageRecall100.GetValue(), Tolerance);

        var five = Evaluate([Gt(5, 0, 0, 10, 10)], [Dt(0, 0, 10, 10, 0.9)]);
        Assert.Equal(1, five.AveragePrecision.GetValue(), Tolerance);
    }

    [Fact]
    public void Without_ground_truth_every_number_is_undefined_with_a_reason()
    {
        var result = Evaluate([], [Dt(0, 0, 10, 10, 0.9)]);
        var metrics = Metrics(result);

        Assert.Empty(metrics.Values);
        Assert.Equal(DetectionMetricCatalog.All.Select(m => m.Name).Order(), metrics.Undefined.Keys.Order());
        Assert.Contains("no non-crowd objects", metrics.Undefined["ap"], StringComparison.Ordinal);
        Assert.Throws<UndefinedMetricException>(() => result.AveragePrecision.GetValue());
    }

    [Fact]
    public void AddTo_puts_the_twelve_names_in_stats_order()
    {
        var result = Evaluate([Gt(1, 0, 0, 10, 10), Gt(2, 100, 100, 200, 200)], [Dt(0, 0, 10, 10, 0.9)]);
        var metrics = Metrics(result);

        Assert.Equal(["ap", "ap50", "ap75", "ap_small", "ap_large", "ar1", "ar10", "ar100", "ar_small", "ar_large"], metrics.Values.Select(v => v.Key));
        Assert.Equal(["ap_medium", "ar_medium"], metrics.Undefined.Keys.Order());
        Assert.Equal(0.5, metrics["ar100"], Tolerance);
        Assert.Equal(["ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large", "ar1", "ar10", "ar100", "ar_small", "ar_medium", "ar_large"], DetectionMetricCatalog.All.Select(m => m.Name));
        Assert.All(DetectionMetricCatalog.All, m => Assert.True(m.HigherIsBetter && m.Minimum == 0 && m.Maximum == 1));
        Assert.Same(DetectionMetricCatalog.ArSmall, DetectionMetricCatalog.Find("ar_small"));
    }

    [Fact]
    public void Thresholds_without_0_5_leave_ap50_undefined()
    {
        var result = Evaluate([Gt(1, 0, 0, 10, 10)], [Dt(0, 0, 10, 10, 0.9)], CocoEvaluationSettings.Default.WithIouThresholds(0.6, 0.75));
        Assert.Contains("IoU threshold 0.5 is not among", result.AveragePrecision50.UndefinedReason, StringComparison.Ordinal);
        Assert.Equal(1, result.AveragePrecision75.GetValue(), Tolerance);
        Assert.Null(result.PerCategory[0].AveragePrecision50);
    }

    [Fact]
    public void Detections_and_settings_the_ground_truth_cannot_take_are_rejected()
    {
        var gt = Dataset([Gt(1, 0, 0, 10, 10)]);
        var e = Assert.Throws<ArgumentException>(() => CocoEvaluator.Evaluate(gt, [Dt(0, 0, 1, 1, 0.5), Dt(0, 0, 1, 1, 0.5, image: 9)], CocoEvaluationSettings.Default));
        Assert.StartsWith("detections[1].image_id: image 9 is not in the ground truth", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => CocoEvaluator.Evaluate(gt, [Dt(0, 0, 1, 1, double.NaN)], CocoEvaluationSettings.Default));
        Assert.StartsWith("detections[0].score: expected a finite number", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => CocoEvaluator.Evaluate(gt, [], CocoEvaluationSettings.Default.WithMaxDetections(10, 1, 100)));
        Assert.StartsWith("MaxDetections: expected three ascending positive limits", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => CocoEvaluator.Evaluate(gt, [], CocoEvaluationSettings.Default.WithIouThresholds(0.5, 1.5)));
        Assert.StartsWith("IouThresholds[1]: 1.5 is outside (0, 1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_settings_are_pycocotools_params()
    {
        var s = CocoEvaluationSettings.Default;
        Assert.Equal(10, s.IouThresholds.Count);
        Assert.Equal(0.8999999999999999, s.IouThresholds[8]);
        Assert.Equal(101, s.RecallThresholds.Count);
        Assert.Equal([1, 10, 100], s.MaxDetections);
        Assert.Equal((new AreaRange(0, 1e10), new AreaRange(0, 1024), new AreaRange(1024, 9216), new AreaRange(9216, 1e10)), (s.All, s.Small, s.Medium, s.Large));
        var copy = s.WithMaxDetections(1, 5, 20);
        Assert.Equal([1, 10, 100], CocoEvaluationSettings.Default.MaxDetections);
        Assert.Equal([1, 5, 20], copy.MaxDetections);
    }

    [Fact]
    public void Numbers_are_bounded_and_do_not_depend_on_input_order_when_scores_differ()
    {
        // Boxes on a coarse grid so that they overlap often; scores distinct, so input order decides nothing.
        var box = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4], Gen.Int[1, 4], Gen.Int[1, 4]).Select((x, y, w, h) => new BoundingBox(5 * x, 5 * y, 5 * w, 5 * h));
        var gt = Gen.Select(Gen.Int[1, 2], Gen.Int[1, 2], box, Gen.Int[0, 9]).Select((image, category, b, crowd) => (image, category, b, crowd: crowd == 0));
        var dt = Gen.Select(Gen.Int[1, 2], Gen.Int[1, 3], box).Select((image, category, b) => (image, category, b));
        Gen.Select(gt.Array[0, 8], dt.Array[0, 12], Gen.Int[0, 1000]).Sample((gts, dts, seed) =>
        {
            var annotations = gts.Select((g, i) => Gt(i + 1, g.b.X, g.b.Y, g.b.Width, g.b.Height, g.image, g.category, g.crowd)).ToArray();
            var scores = Enumerable.Range(0, dts.Length).Select(i => (i * 7919 + seed) % 1009 / 1009.0 + i * 1e-6).ToArray();
            var detections = dts.Select((d, i) => Dt(d.b.X, d.b.Y, d.b.Width, d.b.Height, scores[i], d.image, d.category)).ToArray();
            var forward = Evaluate(annotations, detections);
            var backward = Evaluate(annotations, [.. detections.Reverse()]);
            Assert.Equal(forward.Stats, backward.Stats);
            foreach (var value in forward.Stats.Where(s => s.IsDefined)) Assert.InRange(value.Value!.Value, 0, 1);
        }, iter: 300);
    }

    private sealed record GroundTruth(CocoAnnotation Annotation);

    private static GroundTruth Gt(long id, double x, double y, double w, double h, long image = 1, int category = 1, bool crowd = false, double? area = null) =>
        new(new CocoAnnotation(id, image, category, new BoundingBox(x, y, w, h), area ?? w * h, crowd));

    private static CocoDetection Dt(double x, double y, double w, double h, double score, long image = 1, int category = 1) =>
        new(image, category, new BoundingBox(x, y, w, h), score);

    /// <summary>Images 1 and 2, categories 1, 2 and 3.</summary>
    private static CocoDataset Dataset(GroundTruth[] gts) =>
        new([new CocoImage(1), new CocoImage(2)], [new CocoCategory(1, "a"), new CocoCategory(2, "b"), new CocoCategory(3, "c")], [.. gts.Select(g => g.Annotation)]);

    private static CocoEvaluationResult Evaluate(GroundTruth[] gts, CocoDetection[] dts, CocoEvaluationSettings? settings = null) =>
        CocoEvaluator.Evaluate(Dataset(gts), dts, settings ?? CocoEvaluationSettings.Default);

    private static MetricSet Metrics(CocoEvaluationResult result)
    {
        var set = new MetricSet();
        CocoMetrics.AddTo(set, result);
        return set;
    }
}
