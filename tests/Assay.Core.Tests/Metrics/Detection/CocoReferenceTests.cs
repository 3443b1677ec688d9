using System.Text.Json;
using Assay.Metrics.Detection;
using Assay.Tests;

namespace Assay.Core.Tests.Metrics.Detection;

/// <summary>Checks against tests/assets/coco/coco_reference.json, written by tools/reference/coco_reference.py (pycocotools' semantics).</summary>
public class CocoReferenceTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Reference().GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_twelve_numbers_match_the_reference(string name)
    {
        var c = Case(name);
        var result = Evaluate(c);
        var expected = c.GetProperty("stats").EnumerateArray().ToArray();
        Assert.Equal(12, expected.Length);
        for (var i = 0; i < 12; i++)
        {
            var actual = result.Stats[i];
            var metric = DetectionMetricCatalog.All[i].Name;
            if (expected[i].ValueKind == JsonValueKind.Null)
            {
                Assert.False(actual.IsDefined, $"{metric} should be undefined, got {actual}");
            }
            else
            {
                Assert.True(actual.IsDefined, $"{metric}: {actual}");
                Assert.Equal(expected[i].GetDouble(), actual.Value!.Value, Tolerance);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Per_category_values_match_the_reference(string name)
    {
        var c = Case(name);
        var result = Evaluate(c);
        var expected = c.GetProperty("per_category").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, result.PerCategory.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            var row = expected[k];
            var actual = result.PerCategory[k];
            Assert.Equal(row.GetProperty("category_id").GetInt32(), actual.CategoryId);
            AssertOptional(row.GetProperty("ap"), actual.AveragePrecision);
            AssertOptional(row.GetProperty("ap50"), actual.AveragePrecision50);
            AssertOptional(row.GetProperty("ap75"), actual.AveragePrecision75);
            AssertOptional(row.GetProperty("ar"), actual.AverageRecall);
        }
    }

    [Fact]
    public void Default_thresholds_are_numpy_linspace_bit_for_bit()
    {
        var reference = Reference();
        Assert.Equal(reference.GetProperty("iou_thresholds").EnumerateArray().Select(v => v.GetDouble()), CocoEvaluationSettings.Default.IouThresholds);
        Assert.Equal(reference.GetProperty("recall_thresholds").EnumerateArray().Select(v => v.GetDouble()), CocoEvaluationSettings.Default.RecallThresholds);
    }

    private static CocoEvaluationResult Evaluate(JsonElement c)
    {
        var groundTruth = CocoDataset.Load(TestAssets.Path("coco", c.GetProperty("ground_truth").GetString()!));
        var detections = CocoResults.Load(TestAssets.Path("coco", c.GetProperty("detections").GetString()!), groundTruth);
        return CocoEvaluator.Evaluate(groundTruth, detections, Settings(c.GetProperty("settings")));
    }

    private static CocoEvaluationSettings Settings(JsonElement s)
    {
        var settings = CocoEvaluationSettings.Default;
        if (s.GetProperty("iou_thresholds") is { ValueKind: JsonValueKind.Array } iou)
            settings = settings.WithIouThresholds([.. iou.EnumerateArray().Select(v => v.GetDouble())]);
        if (s.GetProperty("max_detections") is { ValueKind: JsonValueKind.Array } limits)
            settings = settings.WithMaxDetections(limits[0].GetInt32(), limits[1].GetInt32(), limits[2].GetInt32());
        if (s.GetProperty("area_ranges") is { ValueKind: JsonValueKind.Object } areas)
        {
            static AreaRange Range(JsonElement r) => new(r[0].GetDouble(), r[1].GetDouble());
            settings = settings.WithAreaRanges(Range(areas.GetProperty("small")), Range(areas.GetProperty("medium")), Range(areas.GetProperty("large"))) with
            {
                All = Range(areas.GetProperty("all")),
            };
        }
        return settings;
    }

    private static void AssertOptional(JsonElement expected, double? actual)
    {
        if (expected.ValueKind == JsonValueKind.Null) Assert.Null(actual);
        else Assert.Equal(expected.GetDouble(), Assert.NotNull(actual), Tolerance);
    }

    private static JsonElement Reference() => TestAssets.Json("coco", "coco_reference.json");

    private static JsonElement Case(string name) =>
        Reference().GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
