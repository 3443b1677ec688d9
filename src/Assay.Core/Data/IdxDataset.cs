namespace Assay.Data;

/// <summary>Loads an MNIST-family data set (MNIST, Fashion-MNIST) from IDX image and label files.</summary>
public static class IdxDataset
{
    /// <summary>Loads one split from a folder holding <c>train-*</c> / <c>t10k-*</c> IDX files (raw or .gz), or from an images file.</summary>
    /// <param name="path">A folder, or the path of an images file whose labels file sits beside it.</param>
    /// <param name="split"><c>train</c> or <c>test</c>; ignored when <paramref name="path"/> names a file.</param>
    public static Dataset Load(string path, string split)
    {
        var (imagesPath, labelsPath) = Locate(path, split);
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Dimensions.Length is not (3 or 4))
            throw new DataException($"{imagesPath}: expected images of rank 3 (N x H x W) or 4 (N x H x W x C), got rank {images.Dimensions.Length}");
        if (labels.Dimensions.Length != 1)
            throw new DataException($"{labelsPath}: expected labels of rank 1, got rank {labels.Dimensions.Length}");
        var n = images.Dimensions[0];
        if (labels.Dimensions[0] != n)
            throw new DataException($"{labelsPath}: {labels.Dimensions[0]} labels for {n} images in {imagesPath}");
        if (n == 0) throw new DataException($"{imagesPath}: holds no images");

        var height = images.Dimensions[1];
        var width = images.Dimensions[2];
        var channels = images.Dimensions.Length == 4 ? images.Dimensions[3] : 1;
        var plane = height * width;
        var features = new float[(long)n * channels * plane];
        var source = images.Data;
        // IDX stores H x W x C (channel last); models take channel-first.
        for (var i = 0; i < n; i++)
        {
            var baseIn = i * plane * channels;
            var baseOut = i * plane * channels;
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < channels; c++)
                    features[baseOut + c * plane + p] = source[baseIn + p * channels + c] / 255f;
            }
        }

        var labelValues = new int[n];
        var maxLabel = 0;
        for (var i = 0; i < n; i++)
        {
            labelValues[i] = labels.Data[i];
            maxLabel = Math.Max(maxLabel, labelValues[i]);
        }
        var name = $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(path))}:{split}";
        return new Dataset(name, features, labelValues, [channels, height, width], maxLabel + 1);
    }

    /// <summary>Whether <paramref name="path"/> looks like an IDX folder or images file.</summary>
    public static bool Recognizes(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Any(f => IsIdxName(Path.GetFileName(f)))
            : File.Exists(path) && IsIdxName(Path.GetFileName(path));

    private static bool IsIdxName(string name) => name.Contains("idx1-ubyte", StringComparison.Ordinal) || name.Contains("idx3-ubyte", StringComparison.Ordinal);

    private static (string Images, string Labels) Locate(string path, string split)
    {
        if (File.Exists(path))
        {
            var labels = path.Replace("images", "labels", StringComparison.Ordinal).Replace("idx3", "idx1", StringComparison.Ordinal);
            if (labels == path || !File.Exists(labels))
                throw new DataException($"{path}: no labels file beside it (expected {Path.GetFileName(labels)})");
            return (path, labels);
        }
        if (!Directory.Exists(path)) throw new DataException($"{path}: no such file or folder");

        var prefix = split switch
        {
            "train" => "train",
            "test" => "t10k",
            _ => throw new UsageException($"--split: expected train or test for IDX data, got '{split}'"),
        };
        return (Find(path, prefix, "images", "idx3-ubyte"), Find(path, prefix, "labels", "idx1-ubyte"));
    }

    private static string Find(string folder, string prefix, string kind, string suffix)
    {
        // Accept both "train-images-idx3-ubyte" and "train-images.idx3-ubyte", raw or gzip-compressed.
        var candidates = Directory.EnumerateFiles(folder)
            .Where(f =>
            {
                var name = Path.GetFileName(f);
                return name.StartsWith($"{prefix}-{kind}", StringComparison.Ordinal)
                    && (name.EndsWith(suffix, StringComparison.Ordinal) || name.EndsWith(suffix + ".gz", StringComparison.Ordinal));
            })
            .Order(StringComparer.Ordinal)
            .ToList();
        return candidates.Count switch
        {
            0 => throw new DataException($"{folder}: no {prefix}-{kind}-{suffix}[.gz] file"),
            _ => candidates[0],
        };
    }
}
