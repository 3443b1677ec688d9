using System.IO.Compression;

namespace Assay.Data;

/// <summary>The built-in UCI optical-digits set: 1,797 grey 8x8 images of the digits 0-9 (see Resources/DIGITS-ORIGIN.md).</summary>
public static class DigitsDataset
{
    public const string Name = "digits";
    private const string ResourceName = "Assay.Data.Resources.digits.csv.gz";
    private const int Pixels = 64;
    private const float MaxPixel = 16f;

    /// <summary>Loads all examples, pixels scaled from 0..16 to [0, 1], shaped [1, 8, 8].</summary>
    public static Dataset Load()
    {
        using var resource = typeof(DigitsDataset).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);

        var features = new List<float>(1797 * Pixels);
        var labels = new List<int>(1797);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != Pixels + 1)
                throw new InvalidDataException($"digits resource line {lineNumber}: expected {Pixels + 1} values, got {cells.Length}");
            for (var i = 0; i < Pixels; i++) features.Add(float.Parse(cells[i]) / MaxPixel);
            labels.Add((int)float.Parse(cells[Pixels]));
        }
        return new Dataset(Name, [.. features], [.. labels], [1, 8, 8], 10);
    }
}
