namespace Assay.Metrics.Detection;

/// <summary>An image of a COCO ground truth.</summary>
public sealed record CocoImage(long Id, string? FileName = null);

/// <summary>An object category of a COCO ground truth.</summary>
public sealed record CocoCategory(int Id, string Name);

/// <summary>A ground-truth object: its box, its <c>area</c> (which decides its size range) and whether it marks a crowd.</summary>
/// <remarks><see cref="Area"/> is the annotation's own field (the segmentation's area in COCO), not the box's, as pycocotools
/// uses it for the small/medium/large ranges. A crowd region is never a target: detections inside it are ignored.</remarks>
public sealed record CocoAnnotation(long Id, long ImageId, int CategoryId, BoundingBox Box, double Area, bool IsCrowd);

/// <summary>One detection of a COCO results file: a scored box of a category on an image.</summary>
public sealed record CocoDetection(long ImageId, int CategoryId, BoundingBox Box, double Score);

/// <summary>A COCO ground truth: images, categories and the annotated objects.</summary>
/// <remarks>Ids are unique per kind; every annotation refers to a listed image and category and has a finite box with
/// non-negative sides and a finite area ≥ 0. Images without annotations count (they hold false positives).</remarks>
public sealed class CocoDataset
{
    private const string Expected = "a COCO ground-truth object with \"images\", \"annotations\" and \"categories\"";
    private const string AnnotationFields = "an annotation with id, image_id, category_id, bbox, area and iscrowd";

    private readonly HashSet<long> _imageIds = [];
    private readonly HashSet<int> _categoryIds = [];

    /// <exception cref="ArgumentException">A duplicate id, an annotation whose image or category is not listed, or an unusable box or area.</exception>
    public CocoDataset(IReadOnlyList<CocoImage> images, IReadOnlyList<CocoCategory> categories, IReadOnlyList<CocoAnnotation> annotations)
        : this(images, categories, annotations, problem => new ArgumentException(problem))
    {
    }

    internal CocoDataset(IReadOnlyList<CocoImage> images, IReadOnlyList<CocoCategory> categories, IReadOnlyList<CocoAnnotation> annotations, Func<string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(annotations);
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null) throw error($"images[{i}] is null");
            if (!_imageIds.Add(images[i].Id)) throw error($"images[{i}].id: duplicate image id {images[i].Id}");
        }
        for (var i = 0; i < categories.Count; i++)
        {
            if (categories[i] is null) throw error($"categories[{i}] is null");
            if (!_categoryIds.Add(categories[i].Id)) throw error($"categories[{i}].id: duplicate category id {categories[i].Id}");
        }
        var annotationIds = new HashSet<long>();
        for (var i = 0; i < annotations.Count; i++)
        {
            var a = annotations[i] ?? throw error($"annotations[{i}] is null");
            if (!annotationIds.Add(a.Id)) throw error($"annotations[{i}].id: duplicate annotation id {a.Id}");
            if (!_imageIds.Contains(a.ImageId)) throw error($"annotations[{i}].image_id: image {a.ImageId} is not listed in \"images\"");
            if (!_categoryIds.Contains(a.CategoryId)) throw error($"annotations[{i}].category_id: category {a.CategoryId} is not listed in \"categories\"");
            if (a.Box.Problem() is { } problem) throw error($"annotations[{i}].bbox: {problem}");
            if (!double.IsFinite(a.Area) || a.Area < 0) throw error($"annotations[{i}].area: expected a finite number >= 0, got {a.Area}");
        }
        Images = [.. images];
        Categories = [.. categories];
        Annotations = [.. annotations];
    }

    public IReadOnlyList<CocoImage> Images { get; }

    public IReadOnlyList<CocoCategory> Categories { get; }

    public IReadOnlyList<CocoAnnotation> Annotations { get; }

    public bool ContainsImage(long imageId) => _imageIds.Contains(imageId);

    public bool ContainsCategory(int categoryId) => _categoryIds.Contains(categoryId);

    /// <summary>Reads a COCO ground-truth JSON file (<c>images</c>, <c>annotations</c>, <c>categories</c>; other fields are ignored).</summary>
    /// <exception cref="DataException">The file is missing, empty, not JSON, or a field is missing or malformed; the message names the element.</exception>
    public static CocoDataset Load(string path) => Read(CocoJson.ReadFile(path, Expected), path);

    /// <summary>Parses COCO ground-truth JSON text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="DataException">As <see cref="Load"/>.</exception>
    public static CocoDataset Parse(string json, string source) => Read(CocoJson.Parse(json, source, Expected), source);

    private static CocoDataset Read(System.Text.Json.JsonDocument document, string source)
    {
        using (document)
        {
            var root = CocoJson.Object(document.RootElement, source, "", Expected);
            var images = new List<CocoImage>();
            foreach (var (element, location) in root.Array("images"))
            {
                var image = CocoJson.Object(element, source, location, "an image object with an \"id\"");
                images.Add(new CocoImage(image.Int64("id"), image.OptionalString("file_name")));
            }
            var categories = new List<CocoCategory>();
            foreach (var (element, location) in root.Array("categories"))
            {
                var category = CocoJson.Object(element, source, location, "a category object with an \"id\"");
                categories.Add(new CocoCategory(category.Int32("id"), category.OptionalString("name") ?? ""));
            }
            var annotations = new List<CocoAnnotation>();
            foreach (var (element, location) in root.Array("annotations"))
            {
                var a = CocoJson.Object(element, source, location, AnnotationFields);
                annotations.Add(new CocoAnnotation(a.Int64("id"), a.Int64("image_id"), a.Int32("category_id"), a.Box("bbox"), a.FiniteNumber("area"), a.CrowdFlag("iscrowd")));
            }
            return new CocoDataset(images, categories, annotations, problem => new DataException($"{source}: {problem}"));
        }
    }
}
