using System.Globalization;
using Assay.Data;

namespace Assay.Imaging;

/// <summary>The <c>imagefolder</c> data set format: <c>imagefolder:PATH?size=N&amp;crop=N&amp;skip_bad=true</c>, see <see cref="ImageFolderDataset"/>.</summary>
public sealed class ImageFolderFormat : IDatasetFormat
{
    public static ImageFolderFormat Instance { get; } = new();

    public string Name => "imagefolder";

    public bool Recognizes(string path) => ImageFolderDataset.Recognizes(path);

    public Dataset Load(DatasetReference reference, string split)
    {
        ArgumentNullException.ThrowIfNull(reference);
        reference.AllowOptions("image folder", "size", "crop", "skip_bad");
        var options = new ImageFolderOptions(
            Positive(reference.Option("size"), "size"),
            Positive(reference.Option("crop"), "crop"),
            reference.Option("skip_bad") switch
            {
                null or "false" => false,
                "true" => true,
                var other => throw new UsageException($"--data: option skip_bad: expected true or false, got '{other}'"),
            });
        return ImageFolderDataset.Load(reference.Path, options);
    }

    private static int? Positive(string? text, string key)
    {
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"--data: option {key}: expected a positive integer, got '{text}'");
    }
}
