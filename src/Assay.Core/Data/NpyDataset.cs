namespace Assay.Data;

/// <summary>A data set from a pair of NumPy files: features [N, ...] and integer labels [N].</summary>
/// <remarks>
/// Features of any shape [N, d1, d2, ...] give examples of shape [d1, d2, ...] ([1] when the array is [N]), used in the
/// stored order; lay images out channel-first (N, C, H, W) yourself. Floating-point and integer features are converted
/// to float32 as they are (never rescaled); <c>|u1</c> (uint8) features are scaled by 1/255 to [0, 1], as for IDX and CIFAR;
/// booleans become 0 and 1. Labels are integers 0..K-1 of shape [N]; the number of classes is the largest label + 1.
/// </remarks>
public static class NpyDataset
{
    /// <summary>The labels file assumed beside <paramref name="featuresPath"/> when none is given: <c>NAME_labels.npy</c>.</summary>
    public static string SiblingLabelsPath(string featuresPath) =>
        Path.Combine(Path.GetDirectoryName(featuresPath) ?? "", Path.GetFileNameWithoutExtension(featuresPath) + "_labels.npy");

    /// <param name="featuresPath">The features array.</param>
    /// <param name="labelsPath">The labels array; null for <see cref="SiblingLabelsPath"/>.</param>
    public static Dataset Load(string featuresPath, string? labelsPath = null)
    {
        if (labelsPath is null)
        {
            labelsPath = SiblingLabelsPath(featuresPath);
            if (File.Exists(featuresPath) && !File.Exists(labelsPath))
                throw new DataException($"{featuresPath}: no labels file beside it (expected {Path.GetFileName(labelsPath)}, or write npy:{featuresPath}?labels=PATH)");
        }
        var features = NpyFile.Read(featuresPath);
        var labels = NpyFile.Read(labelsPath);
        if (features.Shape.Length == 0) throw new DataException($"{featuresPath}: expected an array of shape [N, ...], got a scalar");
        if (labels.Shape.Length != 1)
            throw new DataException($"{labelsPath}: expected labels of shape [N], got shape ({string.Join(", ", labels.Shape)})");
        var n = features.Shape[0];
        if (labels.Shape[0] != n) throw new DataException($"{labelsPath}: {labels.Shape[0]} labels for {n} examples in {featuresPath}");
        if (n == 0) throw new DataException($"{featuresPath}: holds no examples");
        if (features.Shape.Contains(0)) throw new DataException($"{featuresPath}: examples of shape ({string.Join(", ", features.Shape[1..])}) hold no values");

        var values = features.ToSingle();
        if (features.DType == "|u1")
        {
            for (var i = 0; i < values.Length; i++) values[i] /= 255f;
        }
        var labelValues = new int[n];
        var raw = labels.ToInt64();
        var maxLabel = 0;
        for (var i = 0; i < n; i++)
        {
            if (raw[i] < 0 || raw[i] > int.MaxValue - 1)
                throw new DataException($"{labelsPath}: label {raw[i]} at index {i} is out of range (expected 0 or more)");
            labelValues[i] = (int)raw[i];
            maxLabel = Math.Max(maxLabel, labelValues[i]);
        }
        int[] exampleShape = features.Shape.Length == 1 ? [1] : features.Shape[1..];
        return new Dataset(Path.GetFileName(featuresPath), values, labelValues, exampleShape, maxLabel + 1);
    }
}
