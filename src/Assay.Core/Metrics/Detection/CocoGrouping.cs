namespace Assay.Metrics.Detection;

/// <summary>Ground truths and detections grouped by category (ascending id), then by image (ascending id), input order kept within an image.</summary>
/// <remarks>That is the order pycocotools visits them: <c>p.catIds</c> and <c>p.imgIds</c> are sorted and each
/// (image, category) list keeps the file's order, which decides ties between equal scores.</remarks>
internal sealed class CocoGrouping
{
    public CocoGrouping(CocoDataset groundTruth, IReadOnlyList<CocoDetection> detections)
    {
        Categories = [.. groundTruth.Categories];
        Array.Sort(Categories, (a, b) => a.Id.CompareTo(b.Id));
        var categoryIndex = new Dictionary<int, int>(Categories.Length);
        for (var k = 0; k < Categories.Length; k++) categoryIndex[Categories[k].Id] = k;

        var imageIds = new long[groundTruth.Images.Count];
        for (var i = 0; i < imageIds.Length; i++) imageIds[i] = groundTruth.Images[i].Id;
        Array.Sort(imageIds);
        var imageIndex = new Dictionary<long, int>(imageIds.Length);
        for (var i = 0; i < imageIds.Length; i++) imageIndex[imageIds[i]] = i;

        Annotations = [.. groundTruth.Annotations];
        var gtCategory = new int[Annotations.Length];
        var gtImage = new int[Annotations.Length];
        for (var i = 0; i < Annotations.Length; i++)
        {
            gtCategory[i] = categoryIndex[Annotations[i].CategoryId];
            gtImage[i] = imageIndex[Annotations[i].ImageId];
        }
        (GroundTruthOrder, GroundTruthStart, GroundTruthImage) = Group(Categories.Length, gtCategory, gtImage);

        Detections = new CocoDetection[detections.Count];
        var dtCategory = new int[Detections.Length];
        var dtImage = new int[Detections.Length];
        for (var i = 0; i < Detections.Length; i++)
        {
            Detections[i] = detections[i];
            dtCategory[i] = categoryIndex[Detections[i].CategoryId];
            dtImage[i] = imageIndex[Detections[i].ImageId];
        }
        (DetectionOrder, DetectionStart, DetectionImage) = Group(Categories.Length, dtCategory, dtImage);
    }

    public CocoCategory[] Categories { get; }

    public CocoAnnotation[] Annotations { get; }

    public CocoDetection[] Detections { get; }

    /// <summary>Annotation indices; category k's are <c>[GroundTruthStart[k], GroundTruthStart[k+1])</c>, by image then input order.</summary>
    public int[] GroundTruthOrder { get; }

    public int[] GroundTruthStart { get; }

    /// <summary>The image index (rank of its id) of each entry of <see cref="GroundTruthOrder"/>.</summary>
    public int[] GroundTruthImage { get; }

    public int[] DetectionOrder { get; }

    public int[] DetectionStart { get; }

    public int[] DetectionImage { get; }

    private static (int[] Order, int[] Start, int[] Image) Group(int categories, int[] category, int[] image)
    {
        var count = category.Length;
        var start = new int[categories + 1];
        for (var i = 0; i < count; i++) start[category[i] + 1]++;
        for (var k = 0; k < categories; k++) start[k + 1] += start[k];
        var next = start[..categories];
        var order = new int[count];
        for (var i = 0; i < count; i++) order[next[category[i]]++] = i;

        // Keys are unique (they carry the input index), so an unstable sort still keeps input order within an image.
        var keys = new long[count];
        for (var p = 0; p < count; p++) keys[p] = ((long)image[order[p]] << 32) | (uint)order[p];
        for (var k = 0; k < categories; k++) Array.Sort(keys, order, start[k], start[k + 1] - start[k]);

        var imageOf = new int[count];
        for (var p = 0; p < count; p++) imageOf[p] = image[order[p]];
        return (order, start, imageOf);
    }
}
