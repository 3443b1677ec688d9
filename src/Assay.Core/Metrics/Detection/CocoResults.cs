namespace Assay.Metrics.Detection;

/// <summary>Reads COCO results files: a JSON array of <c>{image_id, category_id, bbox, score}</c> (other fields are ignored).</summary>
public static class CocoResults
{
    private const string Expected = "a JSON array of detections {\"image_id\", \"category_id\", \"bbox\", \"score\"}";
    private const string DetectionFields = "a detection with image_id, category_id, bbox and score";

    /// <summary>Reads a results file and checks it against the ground truth it will be evaluated on.</summary>
    /// <exception cref="DataException">The file is missing, empty or not JSON; a field is missing or malformed; a detection's
    /// image is not in the ground truth (pycocotools asserts the same) or its category is not one of the ground truth's.</exception>
    public static IReadOnlyList<CocoDetection> Load(string path, CocoDataset groundTruth) => Read(CocoJson.ReadFile(path, Expected), path, groundTruth);

    /// <summary>Parses results JSON text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="DataException">As <see cref="Load"/>.</exception>
    public static IReadOnlyList<CocoDetection> Parse(string json, string source, CocoDataset groundTruth) => Read(CocoJson.Parse(json, source, Expected), source, groundTruth);

    private static List<CocoDetection> Read(System.Text.Json.JsonDocument document, string source, CocoDataset groundTruth)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        using (document)
        {
            var detections = new List<CocoDetection>();
            foreach (var (element, location) in CocoJson.RootArray(document.RootElement, source, Expected))
            {
                var d = CocoJson.Object(element, source, location, DetectionFields);
                var detection = new CocoDetection(d.Int64("image_id"), d.Int32("category_id"), d.Box("bbox"), d.FiniteNumber("score"));
                if (Problem(detection, groundTruth) is { } problem) throw d.Error(problem.Field, problem.Message);
                detections.Add(detection);
            }
            return detections;
        }
    }

    /// <summary>What makes a detection unusable with this ground truth (the field and why), or null.</summary>
    internal static (string Field, string Message)? Problem(CocoDetection detection, CocoDataset groundTruth)
    {
        if (!groundTruth.ContainsImage(detection.ImageId))
            return ("image_id", $"image {detection.ImageId} is not in the ground truth (pycocotools rejects results for images it does not have)");
        if (!groundTruth.ContainsCategory(detection.CategoryId))
            return ("category_id", $"category {detection.CategoryId} is not one of the ground truth's categories");
        if (detection.Box.Problem() is { } box) return ("bbox", box);
        if (!double.IsFinite(detection.Score)) return ("score", $"expected a finite number, got {detection.Score}");
        return null;
    }
}
