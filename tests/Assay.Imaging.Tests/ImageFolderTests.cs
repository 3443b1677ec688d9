using Assay.Data;
using Assay.Tests;
using SkiaSharp;

namespace Assay.Imaging.Tests;

public class ImageFolderTests
{
    public ImageFolderTests() => DatasetLoader.Register(ImageFolderFormat.Instance);

    /// <summary>Writes an image whose pixel (x, y) is <paramref name="colour"/>(x, y), encoded as PNG or JPEG by extension.</summary>
    internal static void WriteImage(string path, int width, int height, Func<int, int, SKColor> colour, SKColorType type = SKColorType.Rgba8888)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, type, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++) bitmap.SetPixel(x, y, colour(x, y));
        using var image = SKImage.FromBitmap(bitmap);
        var format = path.EndsWith(".png", StringComparison.Ordinal) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var encoded = image.Encode(format, 100);
        File.WriteAllBytes(path, encoded.ToArray());
    }

    private static SKColor Solid(int x, int y) => new(10, 20, 30);

    [Fact]
    public void Png_pixels_come_out_as_rgb_planes_in_0_to_1()
    {
        using var temp = new TempFolder();
        SKColor[] colours = [new(255, 0, 0), new(0, 255, 0), new(0, 0, 255), new(51, 102, 204)];
        WriteImage(temp.Path("only/a.png"), 2, 2, (x, y) => colours[y * 2 + x]);

        var data = ImageFolderDataset.Load(temp.Root);
        Assert.Equal([3, 2, 2], data.ExampleShape);
        Assert.Equal(["only"], data.ClassNames);
        float[] expected = [1, 0, 0, 0.2f, /* green */ 0, 1, 0, 0.4f, /* blue */ 0, 0, 1, 0.8f];
        Assert.Equal(expected, data.Features, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Grey_images_give_three_equal_channels_and_jpeg_decodes_close_to_its_colour()
    {
        using var temp = new TempFolder();
        WriteImage(temp.Path("grey/a.png"), 4, 4, (_, _) => new SKColor(128, 128, 128), SKColorType.Gray8);
        WriteImage(temp.Path("jpeg/b.jpg"), 4, 4, (_, _) => new SKColor(200, 100, 50));

        var data = ImageFolderDataset.Load(temp.Root);
        Assert.Equal([0, 1], data.Labels);
        Assert.All(data.Example(0).ToArray(), v => Assert.Equal(128 / 255f, v, 6));
        var jpeg = data.Example(1).ToArray();
        Assert.All(jpeg[..16], v => Assert.Equal(200 / 255f, v, 0.02f));
        Assert.All(jpeg[16..32], v => Assert.Equal(100 / 255f, v, 0.02f));
        Assert.All(jpeg[32..], v => Assert.Equal(50 / 255f, v, 0.02f));
    }

    [Fact]
    public void Size_resizes_the_shorter_side_and_crop_takes_the_center()
    {
        using var temp = new TempFolder();
        // 40x20: left half black, right half white; resized to 20x10, the centre 8x8 crop spans columns 6..13.
        WriteImage(temp.Path("a/wide.png"), 40, 20, (x, _) => x < 20 ? SKColors.Black : SKColors.White);
        WriteImage(temp.Path("b/tall.png"), 12, 30, Solid);

        var data = DatasetLoader.Load($"imagefolder:{temp.Root}?size=10&crop=8", "test");
        Assert.Equal([3, 8, 8], data.ExampleShape);
        Assert.Equal(2, data.Count);
        var red = data.Example(0)[..64].ToArray();
        Assert.Equal(0f, red[0], 3);
        Assert.Equal(1f, red[7], 3);
        Assert.Equal(10 / 255f, data.Example(1)[0], 3);
    }

    [Fact]
    public void Without_a_crop_an_image_of_another_size_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        WriteImage(temp.Path("a/1.png"), 4, 4, Solid);
        WriteImage(temp.Path("a/2.png"), 4, 6, Solid);
        var error = Assert.Throws<DataException>(() => ImageFolderDataset.Load(temp.Root));
        Assert.StartsWith(temp.Path("a/2.png") + ": image is 4x6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_is_sorted_class_then_file_whatever_the_thread_timing()
    {
        using var temp = new TempFolder();
        var names = new[] { "zebra", "ant", "moth" };
        for (var c = 0; c < names.Length; c++)
            for (var f = 9; f >= 0; f--)
                WriteImage(temp.Path($"{names[c]}/img{f}.png"), 3, 3, (_, _) => new SKColor((byte)(c * 20 + f), 0, 0));

        var first = ImageFolderDataset.Load(temp.Root);
        Assert.Equal(["ant", "moth", "zebra"], first.ClassNames);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => i / 10), first.Labels);
        // ant is folder 1 (red 20 + f), files img0 .. img9 in order.
        Assert.Equal(Enumerable.Range(0, 10).Select(f => (20 + f) / 255f), Enumerable.Range(0, 10).Select(i => first.Example(i)[0]));
        for (var run = 0; run < 3; run++) Assert.Equal(first.Features, ImageFolderDataset.Load(temp.Root).Features);
    }

    [Fact]
    public void An_undecodable_file_is_an_error_naming_it_unless_skip_bad_which_counts_it()
    {
        using var temp = new TempFolder();
        WriteImage(temp.Path("a/good.png"), 2, 2, Solid);
        Directory.CreateDirectory(temp.Path("b"));
        File.WriteAllText(temp.Path("b/bad.jpg"), "not an image");
        WriteImage(temp.Path("b/good.png"), 2, 2, Solid);

        var error = Assert.Throws<DataException>(() => DatasetLoader.Load($"imagefolder:{temp.Root}", "test"));
        Assert.Equal($"{temp.Path("b/bad.jpg")}: not an image SkiaSharp can decode", error.Message);

        var data = DatasetLoader.Load($"imagefolder:{temp.Root}?skip_bad=true", "test");
        Assert.Equal(2, data.Count);
        Assert.Equal(1, data.Skipped);
        Assert.Equal([0, 1], data.Labels);
    }

    [Fact]
    public void A_folder_of_class_folders_is_detected()
    {
        using var temp = new TempFolder();
        WriteImage(temp.Path("cat/1.png"), 2, 2, Solid);
        Assert.Equal("imagefolder", DatasetLoader.Detect(temp.Root));
        Assert.Equal(1, DatasetLoader.Load(temp.Root, "test").Count);
        Assert.Null(DatasetLoader.Detect(temp.Path("cat")));
        var usage = Assert.Throws<UsageException>(() => DatasetLoader.Load($"imagefolder:{temp.Root}?size=0", "test"));
        Assert.Equal("--data: option size: expected a positive integer, got '0'", usage.Message);
    }
}
