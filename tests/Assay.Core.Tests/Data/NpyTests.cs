using Assay.Data;
using Assay.Tests;
using static Assay.Core.Tests.Data.DataFiles;

namespace Assay.Core.Tests.Data;

public class NpyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_every_header_version(int major)
    {
        var file = NpyFile.Parse(Npy("<f4", [2, 3], Floats(1, 2, 3, 4, 5, 6.5f), major), "x.npy");
        Assert.Equal("<f4", file.DType);
        Assert.Equal([2, 3], file.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6.5f], file.ToSingle());
    }

    [Fact]
    public void Reads_each_supported_type()
    {
        Assert.Equal([1.5f, -2f], NpyFile.Parse(Npy("<f8", [2], Doubles(1.5, -2)), "x").ToSingle());
        Assert.Equal([7L, -1L], NpyFile.Parse(Npy("<i8", [2], Int64s(7, -1)), "x").ToInt64());
        Assert.Equal([7L, -1L], NpyFile.Parse(Npy("<i4", [2], Int32s(7, -1)), "x").ToInt64());
        Assert.Equal([0f, 255f], NpyFile.Parse(Npy("|u1", [2], [0, 255]), "x").ToSingle());
        Assert.Equal([1L, 0L], NpyFile.Parse(Npy("|b1", [2], [1, 0]), "x").ToInt64());
    }

    [Fact]
    public void Float_features_are_kept_as_they_are_and_shape_follows_the_array()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Path("x.npy"), Npy("<f4", [2, 1, 2, 2], Floats(0, 2.5f, -3, 100, 1, 2, 3, 4)));
        File.WriteAllBytes(temp.Path("y.npy"), Npy("<i8", [2], Int64s(4, 1)));
        var data = DatasetLoader.Load($"npy:{temp.Path("x.npy")}?labels={temp.Path("y.npy")}", "test");
        Assert.Equal([1, 2, 2], data.ExampleShape);
        Assert.Equal([0f, 2.5f, -3, 100, 1, 2, 3, 4], data.Features);
        Assert.Equal([4, 1], data.Labels);
        Assert.Equal(5, data.NumClasses);
    }

    [Fact]
    public void Uint8_features_are_scaled_to_unit_range_channel_first_as_stored()
    {
        using var temp = new TempFolder();
        var pixels = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => (byte)(i * 10)).ToArray();
        File.WriteAllBytes(temp.Path("images.npy"), Npy("|u1", [2, 3, 2, 2], pixels));
        File.WriteAllBytes(temp.Path("images_labels.npy"), Npy("|u1", [2], [1, 0]));
        var data = DatasetLoader.Load(temp.Path("images.npy"), "test");
        Assert.Equal([3, 2, 2], data.ExampleShape);
        // Example 1, channel 2, row 1, column 0 is element 12 + 8 + 2 = 22.
        Assert.Equal(220 / 255f, data.Example(1)[2 * 4 + 1 * 2 + 0]);
        Assert.Equal([1, 0], data.Labels);
    }

    [Fact]
    public void Rank_one_features_are_examples_of_one_value()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Path("x.npy"), Npy("<i4", [3], Int32s(5, 6, 7)));
        File.WriteAllBytes(temp.Path("x_labels.npy"), Npy("<i4", [3], Int32s(0, 1, 0)));
        var data = NpyDataset.Load(temp.Path("x.npy"));
        Assert.Equal([1], data.ExampleShape);
        Assert.Equal([5f, 6, 7], data.Features);
    }

    [Theory]
    [InlineData(">f4", false, "big-endian (>f4)")]
    [InlineData("<f4", true, "Fortran order")]
    [InlineData("<f2", false, "element type '<f2' is not supported (expected one of <f4 <f8 |u1 <i4 <i8 |b1)")]
    public void Big_endian_fortran_and_other_types_are_refused(string descr, bool fortran, string expected)
    {
        var error = Assert.Throws<DataException>(() => NpyFile.Parse(Npy(descr, [1], [0, 0, 0, 0], fortran: fortran), "x.npy"));
        Assert.StartsWith("x.npy: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_files_get_one_clear_error()
    {
        Assert.Contains("not a .npy file", Assert.Throws<DataException>(() => NpyFile.Parse([1, 2, 3], "x.npy")).Message, StringComparison.Ordinal);
        Assert.Contains("version 4.0 is not supported", Assert.Throws<DataException>(() => NpyFile.Parse(Npy("<f4", [1], Floats(1), major: 4), "x.npy")).Message, StringComparison.Ordinal);
        var truncated = Assert.Throws<DataException>(() => NpyFile.Parse(Npy("<f4", [2, 2], Floats(1, 2, 3)), "x.npy"));
        Assert.Equal("x.npy: truncated .npy data (shape (2, 2) of <f4 needs 16 bytes, file has 12)", truncated.Message);
        Assert.Contains("4 unexpected trailing bytes", Assert.Throws<DataException>(() => NpyFile.Parse(Npy("<f4", [1], Floats(1, 2)), "x.npy")).Message, StringComparison.Ordinal);
        Assert.Equal("/no/such.npy: file not found", Assert.Throws<DataException>(() => NpyFile.Read("/no/such.npy")).Message);
    }

    [Fact]
    public void Labels_must_be_integers_of_shape_n_and_not_negative()
    {
        using var temp = new TempFolder();
        var x = temp.Path("x.npy");
        File.WriteAllBytes(x, Npy("<f4", [2, 1], Floats(1, 2)));
        void Labels(byte[] file) => File.WriteAllBytes(temp.Path("y.npy"), file);
        DataException Load() => Assert.Throws<DataException>(() => NpyDataset.Load(x, temp.Path("y.npy")));

        Labels(Npy("<f4", [2], Floats(0, 1)));
        Assert.Equal($"{temp.Path("y.npy")}: expected integer values, got element type '<f4'", Load().Message);
        Labels(Npy("<i8", [2, 1], Int64s(0, 1)));
        Assert.Equal($"{temp.Path("y.npy")}: expected labels of shape [N], got shape (2, 1)", Load().Message);
        Labels(Npy("<i8", [3], Int64s(0, 1, 1)));
        Assert.Equal($"{temp.Path("y.npy")}: 3 labels for 2 examples in {x}", Load().Message);
        Labels(Npy("<i8", [2], Int64s(0, -1)));
        Assert.Equal($"{temp.Path("y.npy")}: label -1 at index 1 is out of range (expected 0 or more)", Load().Message);
    }

    [Fact]
    public void A_missing_sibling_labels_file_says_what_was_expected()
    {
        using var temp = new TempFolder();
        var x = temp.Path("x.npy");
        File.WriteAllBytes(x, Npy("<f4", [1], Floats(1)));
        var error = Assert.Throws<DataException>(() => DatasetLoader.Load(x, "test"));
        Assert.Equal($"{x}: no labels file beside it (expected x_labels.npy, or write npy:{x}?labels=PATH)", error.Message);
    }
}
