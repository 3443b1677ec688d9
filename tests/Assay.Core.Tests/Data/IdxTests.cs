using System.IO.Compression;
using Assay.Data;
using Assay.Tests;

namespace Assay.Core.Tests.Data;

public class IdxTests
{
    private static readonly string Slice = TestAssets.Path("fashion-mnist-slice");

    [Fact]
    public void Loads_the_committed_fashion_mnist_slice_as_scaled_nchw()
    {
        var data = IdxDataset.Load(Slice, "test");
        Assert.Equal(256, data.Count);
        Assert.Equal([1, 28, 28], data.ExampleShape);
        Assert.Equal(10, data.NumClasses);
        Assert.All(data.Features, v => Assert.InRange(v, 0f, 1f));

        var raw = Decompress(Path.Combine(Slice, "t10k-images-idx3-ubyte.gz"));
        Assert.Equal(raw[16 + 300] / 255f, data.Features[300]);
        var labels = Decompress(Path.Combine(Slice, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(labels[8..].Select(b => (int)b), data.Labels);
    }

    [Fact]
    public void Reads_raw_and_gzip_files_alike()
    {
        using var temp = new TempFolder();
        var raw = temp.Path("t10k-labels-idx1-ubyte");
        File.WriteAllBytes(raw, Decompress(Path.Combine(Slice, "t10k-labels-idx1-ubyte.gz")));
        Assert.Equal(IdxFile.Read(Path.Combine(Slice, "t10k-labels-idx1-ubyte.gz")).Data, IdxFile.Read(raw).Data);
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_the_missing_bytes()
    {
        using var temp = new TempFolder();
        var bytes = Decompress(Path.Combine(Slice, "t10k-images-idx3-ubyte.gz"));
        var path = temp.Path("t10k-images-idx3-ubyte");
        File.WriteAllBytes(path, bytes[..1000]);
        var error = Assert.Throws<DataException>(() => IdxFile.Read(path));
        Assert.Equal($"{path}: truncated IDX data (header declares 256x28x28 = 200704 bytes, file has 984)", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "not an IDX file")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0 }, "element type 0x0d is not supported")]
    [InlineData(new byte[] { 0, 0, 8, 3, 0, 0 }, "truncated IDX header")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 7, 7 }, "unexpected trailing bytes")]
    public void Corrupt_headers_get_one_clear_error(byte[] bytes, string expected)
    {
        var error = Assert.Throws<DataException>(() => IdxFile.Parse(bytes, "x.idx"));
        Assert.StartsWith("x.idx: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_the_split_names_what_it_looked_for()
    {
        var error = Assert.Throws<DataException>(() => IdxDataset.Load(Slice, "train"));
        Assert.Equal($"{Slice}: no train-images-idx3-ubyte[.gz] file", error.Message);
    }

    [Fact]
    public void Mismatched_image_and_label_counts_are_refused()
    {
        using var temp = new TempFolder();
        File.Copy(Path.Combine(Slice, "t10k-images-idx3-ubyte.gz"), temp.Path("t10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(temp.Path("t10k-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 2, 1, 2]);
        var error = Assert.Throws<DataException>(() => IdxDataset.Load(temp.Root, "test"));
        Assert.Contains("2 labels for 256 images", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Decompress(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
