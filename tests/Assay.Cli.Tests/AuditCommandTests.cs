using Assay.Tests;
using SkiaSharp;

namespace Assay.Cli.Tests;

public class AuditCommandTests
{
    private static void WritePng(string path, Func<int, int, byte> grey)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(8, 8, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < 8; y++)
            for (var x = 0; x < 8; x++)
            {
                var g = grey(x, y);
                bitmap.SetPixel(x, y, new SKColor(g, g, g));
            }
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, encoded.ToArray());
    }

    [Fact]
    public void Audit_json_reports_balance_duplicates_and_leakage()
    {
        using var train = new TempFolder();
        using var test = new TempFolder();
        WritePng(train.Path("a/1.png"), (x, _) => (byte)(x * 30));
        WritePng(train.Path("a/2.png"), (x, _) => (byte)(x * 30));
        WritePng(train.Path("a/3.png"), (_, y) => (byte)(y * 30));
        WritePng(train.Path("b/1.png"), (x, y) => (byte)((x + y) % 2 * 200));
        WritePng(test.Path("a/1.png"), (_, y) => (byte)(y * 30));
        WritePng(test.Path("b/1.png"), (x, y) => (byte)((x * 7 + y * 3) % 8 * 30));

        var json = CliRunner.RunJson("audit", $"imagefolder:{train.Root}", "--against", test.Root, "--json");
        Assert.Equal(test.Root, json.GetProperty("against").GetString());
        var audit = json.GetProperty("audit");
        Assert.Equal(4, audit.GetProperty("n").GetInt32());
        Assert.Equal(3.0, audit.GetProperty("balance").GetProperty("imbalance_ratio").GetDouble());
        Assert.Equal("b", audit.GetProperty("balance").GetProperty("names")[1].GetString());
        var exact = audit.GetProperty("exact_duplicates");
        Assert.Equal(1, exact.GetProperty("groups").GetInt32());
        Assert.Equal([0, 1], exact.GetProperty("listed")[0].GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(exact.GetProperty("listed")[0].GetProperty("labels_agree").GetBoolean());
        var leakage = audit.GetProperty("leakage");
        Assert.Equal(1, leakage.GetProperty("exact").GetInt32());
        Assert.Equal(2, leakage.GetProperty("listed_exact")[0].GetProperty("id").GetInt32());
        Assert.Equal([0], leakage.GetProperty("listed_exact")[0].GetProperty("other_ids").EnumerateArray().Select(e => e.GetInt32()));

        var (code, output, _) = CliRunner.Run("audit", train.Root);
        Assert.Equal(0, code);
        Assert.Contains("Exact duplicates", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_info_reads_an_image_folder_and_counts_skipped_files()
    {
        using var temp = new TempFolder();
        WritePng(temp.Path("cat/1.png"), (_, _) => 255);
        WritePng(temp.Path("dog/1.png"), (_, _) => 0);
        File.WriteAllText(temp.Path("dog/broken.png"), "nope");

        var json = CliRunner.RunJson("data", "info", $"imagefolder:{temp.Root}?size=6&crop=4&skip_bad=true", "--json");
        Assert.Equal(2, json.GetProperty("n").GetInt32());
        Assert.Equal([3, 4, 4], json.GetProperty("example_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("dog", json.GetProperty("class_names")[1].GetString());
        Assert.Equal(1, json.GetProperty("skipped").GetInt32());
        Assert.Equal(1.0, json.GetProperty("max").GetDouble(), 6);

        var (code, _, error) = CliRunner.Run("data", "info", temp.Root);
        Assert.Equal(1, code);
        Assert.Equal($"error: {temp.Path("dog/broken.png")}: not an image SkiaSharp can decode", error.Trim());
    }
}
