using Assay.Data;
using SkiaSharp;

namespace Assay.Imaging;

/// <summary>How image files become examples: optional resize of the shorter side, optional center crop, and whether unreadable files are skipped.</summary>
/// <param name="Size">Resize so the shorter side is this many pixels, keeping the aspect ratio; null keeps the decoded size.</param>
/// <param name="Crop">Center-crop to Crop x Crop after any resize; null keeps the whole image.</param>
/// <param name="SkipBad">Skip (and count) files that do not decode instead of failing.</param>
public sealed record ImageFolderOptions(int? Size = null, int? Crop = null, bool SkipBad = false)
{
    public static ImageFolderOptions Default { get; } = new();
}

/// <summary>Loads an ImageNet-style image folder: one sub-folder per class, class names the sorted sub-folder names.</summary>
/// <remarks>
/// Files with the extensions in <see cref="Extensions"/> anywhere under a class folder are its examples; hidden files and
/// folders (a leading dot) and files directly in the root are ignored. Classes are the root's non-hidden sub-folders in
/// ordinal order (an empty one is a class with no examples); examples are ordered by class, then by path within the
/// class folder (ordinal), whatever order the parallel decoders finish in.
/// Each image is decoded with SkiaSharp to 8-bit RGBA (grey images give R = G = B; alpha is dropped, colours are not
/// premultiplied), resized so its shorter side is <see cref="ImageFolderOptions.Size"/> (high-quality filter; the longer
/// side rounded), then center-cropped (offset rounded down) to <see cref="ImageFolderOptions.Crop"/>. Examples are
/// float32 [3, H, W] (RGB planes, channel-first), bytes scaled by 1/255 to [0, 1]. Without a crop every image must end
/// up the same size. The folder is one set: the split is ignored.
/// </remarks>
public static class ImageFolderDataset
{
    /// <summary>The file extensions read as images (compared case-insensitively).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".ico", ".wbmp"];

    /// <summary>Whether <paramref name="folder"/> is a folder with at least one sub-folder that holds an image file.</summary>
    public static bool Recognizes(string folder) =>
        Directory.Exists(folder) && ClassFolders(folder).Any(c => ImageFiles(c).Any());

    public static Dataset Load(string folder, ImageFolderOptions? options = null)
    {
        options ??= ImageFolderOptions.Default;
        if (!Directory.Exists(folder)) throw new DataException($"{folder}: no such folder");
        var classes = ClassFolders(folder);
        if (classes.Count == 0) throw new DataException($"{folder}: no class sub-folders (expected one sub-folder of images per class)");
        var files = new List<(string Path, int Label)>();
        for (var c = 0; c < classes.Count; c++) files.AddRange(ImageFiles(classes[c]).Select(f => (f, c)));
        if (files.Count == 0) throw new DataException($"{folder}: no image files in its class sub-folders (extensions: {string.Join(' ', Extensions)})");

        var decoded = new Decoded[files.Count];
        Parallel.For(0, files.Count, i => decoded[i] = Decode(files[i].Path, options));

        // Failures and size checks run in file order, so the file named does not depend on thread timing.
        (int Height, int Width)? first = null;
        var kept = new List<int>(files.Count);
        var skipped = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var image = decoded[i];
            if (image.Error is { } error)
            {
                if (!options.SkipBad || !image.Undecodable) throw new DataException($"{files[i].Path}: {error}");
                skipped++;
                continue;
            }
            first ??= (image.Height, image.Width);
            if ((image.Height, image.Width) != first.Value)
                throw new DataException($"{files[i].Path}: image is {image.Width}x{image.Height} but {files[kept[0]].Path} is {first.Value.Width}x{first.Value.Height} (give ?size=N&crop=N to make them equal)");
            kept.Add(i);
        }
        if (kept.Count == 0) throw new DataException($"{folder}: none of the {files.Count} image files decodes");

        var (height, width) = first!.Value;
        var exampleSize = 3 * height * width;
        var features = new float[(long)kept.Count * exampleSize];
        var labels = new int[kept.Count];
        for (var k = 0; k < kept.Count; k++)
        {
            decoded[kept[k]].Pixels.CopyTo(features, (long)k * exampleSize);
            labels[k] = files[kept[k]].Label;
        }
        var names = classes.Select(Path.GetFileName).Select(n => n!).ToArray();
        return new Dataset(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))), features, labels, [3, height, width], classes.Count, names)
        {
            Skipped = skipped,
        };
    }

    private static List<string> ClassFolders(string folder) =>
        [.. Directory.EnumerateDirectories(folder).Where(d => !Hidden(d)).Order(StringComparer.Ordinal)];

    private static IEnumerable<string> ImageFiles(string classFolder) =>
        Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !Path.GetRelativePath(classFolder, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal);

    private static bool Hidden(string path) => Path.GetFileName(path).StartsWith('.');

    private readonly record struct Decoded(float[] Pixels, int Height, int Width, string? Error, bool Undecodable);

    private static Decoded Decode(string path, ImageFolderOptions options)
    {
        using var codec = SKCodec.Create(path);
        if (codec is null) return Failed("not an image SkiaSharp can decode", undecodable: true);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = SKBitmap.Decode(codec, info);
        if (bitmap is null) return Failed("image data is corrupt or truncated", undecodable: true);

        var current = bitmap;
        SKBitmap? resized = null;
        try
        {
            if (options.Size is { } size)
            {
                var (w, h) = current.Width <= current.Height
                    ? (size, Math.Max(1, (int)Math.Round(current.Height * (double)size / current.Width)))
                    : (Math.Max(1, (int)Math.Round(current.Width * (double)size / current.Height)), size);
                if (w != current.Width || h != current.Height)
                {
                    resized = current.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul), SKFilterQuality.High);
                    if (resized is null) return Failed($"cannot resize {current.Width}x{current.Height} to {w}x{h}", undecodable: false);
                    current = resized;
                }
            }
            var (top, left, height, width) = (0, 0, current.Height, current.Width);
            if (options.Crop is { } crop)
            {
                if (crop > current.Width || crop > current.Height)
                    return Failed($"image is {current.Width}x{current.Height}{(options.Size is null ? "" : " after resizing")}, smaller than the crop {crop}x{crop}", undecodable: false);
                (top, left, height, width) = ((current.Height - crop) / 2, (current.Width - crop) / 2, crop, crop);
            }
            return new Decoded(Planes(current, top, left, height, width), height, width, null, false);
        }
        finally
        {
            resized?.Dispose();
        }
    }

    private static Decoded Failed(string error, bool undecodable) => new([], 0, 0, error, undecodable);

    private static float[] Planes(SKBitmap bitmap, int top, int left, int height, int width)
    {
        var bytes = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        var plane = height * width;
        var pixels = new float[3 * plane];
        for (var y = 0; y < height; y++)
        {
            var row = bytes.Slice((top + y) * rowBytes + left * 4, width * 4);
            for (var x = 0; x < width; x++)
            {
                var at = y * width + x;
                pixels[at] = row[x * 4] / 255f;
                pixels[plane + at] = row[x * 4 + 1] / 255f;
                pixels[2 * plane + at] = row[x * 4 + 2] / 255f;
            }
        }
        return pixels;
    }
}
