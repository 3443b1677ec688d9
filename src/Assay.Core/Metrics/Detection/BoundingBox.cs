namespace Assay.Metrics.Detection;

/// <summary>An axis-aligned box in COCO's <c>[x, y, width, height]</c> form, (x, y) being the top-left corner.</summary>
/// <remarks>Coordinates are continuous: the box covers [x, x + width] × [y, y + height] and its area is width × height,
/// with no "+1" pixel convention (that is PASCAL VOC's, not COCO's).</remarks>
public readonly record struct BoundingBox(double X, double Y, double Width, double Height)
{
    public double Area => Width * Height;

    /// <summary>Intersection over union exactly as pycocotools' C function <c>bbIou</c> computes it.</summary>
    /// <remarks>
    /// iou = i / u with i the intersection area and u = area(detection) + area(groundTruth) − i; for a crowd ground
    /// truth u = area(detection), so a detection inside a crowd region scores 1 however large the region is. Boxes whose
    /// intersection has width or height ≤ 0 (touching or apart) score 0. The operations follow bbIou's order so the
    /// doubles are bit-identical to pycocotools'.
    /// </remarks>
    public static double IntersectionOverUnion(BoundingBox detection, BoundingBox groundTruth, bool groundTruthIsCrowd)
    {
        var width = Math.Min(detection.Width + detection.X, groundTruth.Width + groundTruth.X) - Math.Max(detection.X, groundTruth.X);
        if (width <= 0) return 0;
        var height = Math.Min(detection.Height + detection.Y, groundTruth.Height + groundTruth.Y) - Math.Max(detection.Y, groundTruth.Y);
        if (height <= 0) return 0;
        var intersection = width * height;
        var union = groundTruthIsCrowd ? detection.Area : detection.Area + groundTruth.Area - intersection;
        return intersection / union;
    }

    /// <summary>Why this box cannot be used (a coordinate that is not finite, a negative side), or null when it can.</summary>
    internal string? Problem()
    {
        if (!double.IsFinite(X) || !double.IsFinite(Y) || !double.IsFinite(Width) || !double.IsFinite(Height))
            return $"expected finite numbers, got [{X}, {Y}, {Width}, {Height}]";
        if (Width < 0) return $"width {Width} is negative (expected [x, y, width, height] with width >= 0)";
        if (Height < 0) return $"height {Height} is negative (expected [x, y, width, height] with height >= 0)";
        return null;
    }
}
