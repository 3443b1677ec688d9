using Assay.Metrics.Detection;
using Assay.Tests;

namespace Assay.Core.Tests.Metrics.Detection;

public class CocoLoaderTests
{
    private const string GroundTruth = """
        {"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2}],
         "categories": [{"id": 3, "name": "cat"}, {"id": 5, "name": "dog"}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4], "area": 10.5, "iscrowd": 0},
                         {"id": 2, "image_id": 2, "category_id": 5, "bbox": [0, 0, 8, 8], "area": 64, "iscrowd": 1}]}
        """;

    [Fact]
    public void Reads_the_labelme_ground_truth()
    {
        var gt = CocoDataset.Load(TestAssets.Path("coco", "labelme_annotations.json"));

        Assert.Equal(3, gt.Images.Count);
        Assert.Equal(21, gt.Categories.Count);
        Assert.Equal(new CocoCategory(0, "_background_"), gt.Categories[0]);
        Assert.Equal(12, gt.Annotations.Count);
        Assert.Equal(new CocoAnnotation(0, 0, 15, new BoundingBox(191, 107, 123, 221), 15689, false), gt.Annotations[0]);
        Assert.Equal("JPEGImages/2011_000003.jpg", gt.Images[0].FileName);
    }

    [Fact]
    public void Reads_ground_truth_and_results_text()
    {
        var gt = CocoDataset.Parse(GroundTruth, "gt.json");
        var dets = CocoResults.Parse("""[{"image_id": 2, "category_id": 5, "bbox": [0.5, 1, 2, 3.25], "score": 0.75, "id": 99}]""", "dets.json", gt);

        Assert.True(gt.Annotations[1].IsCrowd);
        Assert.Equal(10.5, gt.Annotations[0].Area);
        Assert.Equal(new CocoDetection(2, 5, new BoundingBox(0.5, 1, 2, 3.25), 0.75), Assert.Single(dets));
        Assert.Empty(CocoResults.Parse("[]", "dets.json", gt));
    }

    [Theory]
    [InlineData("""{"images": [], "categories": []}""", """gt.json: missing field "annotations" (expected a COCO ground-truth object""")]
    [InlineData("""[1, 2]""", "gt.json: expected a COCO ground-truth object with \"images\", \"annotations\" and \"categories\", got an array of 2")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "iscrowd": 0}]}""",
        """gt.json: annotations[0]: missing field "area" (expected an annotation with id, image_id, category_id, bbox, area and iscrowd)""")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1], "area": 1, "iscrowd": 0}]}""",
        "gt.json: annotations[0].bbox: expected 4 numbers [x, y, width, height], got an array of 3")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, "wide", 1], "area": 1, "iscrowd": 0}]}""",
        "gt.json: annotations[0].bbox[2]: expected a finite number, got the string \"wide\"")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, -5, 1], "area": 1, "iscrowd": 0}]}""",
        "gt.json: annotations[0].bbox: width -5 is negative")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1, "iscrowd": 2}]}""",
        "gt.json: annotations[0].iscrowd: expected 0 or 1, got 2")]
    [InlineData("""{"images": [{"id": 1.5}], "categories": [], "annotations": []}""", "gt.json: images[0].id: expected an integer, got 1.5")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 7, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1, "iscrowd": 0}]}""",
        "gt.json: annotations[0].image_id: image 7 is not listed in \"images\"")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 4, "bbox": [0, 0, 1, 1], "area": 1, "iscrowd": 0}]}""",
        "gt.json: annotations[0].category_id: category 4 is not listed in \"categories\"")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 4, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1, "iscrowd": 0}, {"id": 4, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1, "iscrowd": 0}]}""",
        "gt.json: annotations[1].id: duplicate annotation id 4")]
    [InlineData("""{"images": [{"id": 1}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": -3, "iscrowd": 0}]}""",
        "gt.json: annotations[0].area: expected a finite number >= 0, got -3")]
    [InlineData("{\"images\": [", "gt.json: not valid JSON at line 1, byte 13:")]
    public void Malformed_ground_truth_is_rejected_with_the_element_and_what_was_expected(string json, string message)
    {
        var e = Assert.Throws<DataException>(() => CocoDataset.Parse(json, "gt.json"));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1]}]""", """dets.json: [0]: missing field "score" (expected a detection with image_id, category_id, bbox and score)""")]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": 1}, {"image_id": 42, "category_id": 3, "bbox": [0, 0, 1, 1], "score": 1}]""",
        "dets.json: [1].image_id: image 42 is not in the ground truth")]
    [InlineData("""[{"image_id": 1, "category_id": 4, "bbox": [0, 0, 1, 1], "score": 1}]""", "dets.json: [0].category_id: category 4 is not one of the ground truth's categories")]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1, 5], "score": 1}]""", "dets.json: [0].bbox: expected 4 numbers [x, y, width, height], got an array of 5")]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, -1], "score": 1}]""", "dets.json: [0].bbox: height -1 is negative")]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": "NaN"}]""", "dets.json: [0].score: expected a finite number, got the string \"NaN\"")]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": 1e400}]""", "dets.json: [0].score: expected a finite number, got 1e400")]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": null}]""", "dets.json: [0].score: expected a finite number, got null")]
    [InlineData("""[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": NaN}]""",
        "dets.json: not valid JSON at line 1, byte 67:")]
    [InlineData("""{"annotations": []}""", "dets.json: expected a JSON array of detections {\"image_id\", \"category_id\", \"bbox\", \"score\"}, got an object (this looks like a ground-truth file)")]
    [InlineData("""[3]""", "dets.json: [0]: expected a detection with image_id, category_id, bbox and score, got 3")]
    [InlineData("detections", "dets.json: not valid JSON at line 1, byte 1:")]
    [InlineData(" \n", "dets.json: the file is empty (expected a JSON array of detections")]
    public void Malformed_results_are_rejected_with_the_element_and_what_was_expected(string json, string message)
    {
        var gt = CocoDataset.Parse(GroundTruth, "gt.json");
        var e = Assert.Throws<DataException>(() => CocoResults.Parse(json, "dets.json", gt));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_python_nan_score_is_explained()
    {
        var gt = CocoDataset.Parse(GroundTruth, "gt.json");
        var e = Assert.Throws<DataException>(() => CocoResults.Parse("[{\"image_id\": 1, \"category_id\": 3,\n \"bbox\": [0, 0, 1, 1], \"score\": NaN}]", "dets.json", gt));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(NaN and Infinity are not JSON numbers: every score and coordinate must be finite)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<DataException>(() => CocoResults.Parse("[{\"image_id\": 1, \"category_id\": 3, \"bbox\": [0, 0, -Infinity, 1], \"score\": 1}]", "dets.json", gt));
        Assert.EndsWith("must be finite)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_errors_start_with_the_path()
    {
        using var folder = new TempFolder();
        var gt = CocoDataset.Parse(GroundTruth, "gt.json");

        var missing = folder.Path("missing.json");
        Assert.Equal($"{missing}: file not found", Assert.Throws<DataException>(() => CocoDataset.Load(missing)).Message);

        var empty = folder.Path("empty.json");
        File.WriteAllText(empty, "");
        Assert.StartsWith($"{empty}: the file is empty", Assert.Throws<DataException>(() => CocoResults.Load(empty, gt)).Message, StringComparison.Ordinal);

        var notJson = folder.Path("results.json");
        File.WriteAllText(notJson, "image_id,score\n1,0.5\n");
        Assert.StartsWith($"{notJson}: not valid JSON at line 1", Assert.Throws<DataException>(() => CocoResults.Load(notJson, gt)).Message, StringComparison.Ordinal);

        var withBom = folder.Path("bom.json");
        File.WriteAllText(withBom, """[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": 0.5}]""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Single(CocoResults.Load(withBom, gt));
    }

    [Fact]
    public void Datasets_built_in_code_are_checked_too()
    {
        var e = Assert.Throws<ArgumentException>(() => new CocoDataset([new CocoImage(1), new CocoImage(1)], [], []));
        Assert.Equal("images[1].id: duplicate image id 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => new CocoDataset([new CocoImage(1)], [new CocoCategory(1, "a")], [new CocoAnnotation(1, 1, 1, new BoundingBox(0, 0, double.PositiveInfinity, 1), 1, false)]));
        Assert.StartsWith("annotations[0].bbox: expected finite numbers", e.Message, StringComparison.Ordinal);
    }
}
