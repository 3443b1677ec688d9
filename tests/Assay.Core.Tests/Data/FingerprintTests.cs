using System.Security.Cryptography;
using Assay.Data;
using Assay.Tests;
using static Assay.Core.Tests.Data.DataFiles;

namespace Assay.Core.Tests.Data;

public class FingerprintTests
{
    [Fact]
    public void The_ordered_fingerprint_is_sha256_of_the_documented_encoding()
    {
        var data = new Dataset("x", [1f, -0f], [3], [2], 4);
        byte[] expected =
        [
            .. "assay-dataset-v1"u8, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
            .. BitConverter.GetBytes(1f), 0, 0, 0, 0, 3, 0, 0, 0,
        ];
        var fingerprint = DatasetFingerprint.Compute(data);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(expected)), fingerprint.Ordered);
        Assert.Matches("^sha256:[0-9a-f]{64}$", fingerprint.Unordered);
        Assert.Equal(1, fingerprint.Count);
    }

    [Fact]
    public void The_same_pixels_and_labels_from_idx_and_npy_have_the_same_fingerprints()
    {
        using var temp = new TempFolder();
        byte[] pixels = [0, 10, 20, 30, 40, 50, 60, 255];
        File.WriteAllBytes(temp.Path("t10k-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, .. pixels]);
        File.WriteAllBytes(temp.Path("t10k-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 2, 7, 1]);
        File.WriteAllBytes(temp.Path("x.npy"), Npy("|u1", [2, 1, 2, 2], pixels));
        File.WriteAllBytes(temp.Path("y.npy"), Npy("<i8", [2], Int64s(7, 1)));

        var idx = DatasetFingerprint.Compute(DatasetLoader.Load(temp.Root, "test"));
        var npy = DatasetFingerprint.Compute(DatasetLoader.Load($"npy:{temp.Path("x.npy")}?labels={temp.Path("y.npy")}", "test"));
        Assert.Equal(idx, npy);
    }

    [Fact]
    public void The_same_images_from_cifar_and_npy_have_the_same_fingerprints()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Path("cifar"));
        var records = CifarRecords(100, [9], [3]);
        File.WriteAllBytes(temp.Path("x.npy"), Npy("|u1", [2, 3, 32, 32], [.. records[1..3073], .. records[3074..]]));
        File.WriteAllBytes(temp.Path("x_labels.npy"), Npy("|u1", [2], [9, 3]));
        Assert.Equal(
            DatasetFingerprint.Compute(DatasetLoader.Load(temp.Path("cifar"), "test")),
            DatasetFingerprint.Compute(DatasetLoader.Load(temp.Path("x.npy"), "test")));
    }

    [Fact]
    public void One_changed_pixel_or_label_changes_both_fingerprints()
    {
        var original = new Dataset("x", [0.1f, 0.2f, 0.3f, 0.4f], [0, 1], [2], 2);
        var pixel = new Dataset("x", [0.1f, 0.2f, 0.3f, 0.5f], [0, 1], [2], 2);
        var label = new Dataset("x", [0.1f, 0.2f, 0.3f, 0.4f], [0, 0], [2], 2);
        var reshaped = new Dataset("x", [0.1f, 0.2f, 0.3f, 0.4f], [0, 1], [1, 2], 2);
        var a = DatasetFingerprint.Compute(original);
        foreach (var other in new[] { pixel, label, reshaped }.Select(DatasetFingerprint.Compute))
        {
            Assert.NotEqual(a.Ordered, other.Ordered);
            Assert.NotEqual(a.Unordered, other.Unordered);
        }
    }

    [Fact]
    public void Reordering_changes_only_the_ordered_fingerprint()
    {
        var data = new Dataset("x", [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], [0, 1, 2], [2], 3);
        var shuffled = data.Subset([2, 0, 1]);
        var a = DatasetFingerprint.Compute(data);
        var b = DatasetFingerprint.Compute(shuffled);
        Assert.NotEqual(a.Ordered, b.Ordered);
        Assert.Equal(a.Unordered, b.Unordered);
    }

    [Fact]
    public void Names_and_class_counts_are_not_part_of_the_fingerprint()
    {
        var a = new Dataset("a", [0.5f], [1], [1], 2);
        var b = new Dataset("b", [0.5f], [1], [1], 10, [.. Enumerable.Range(0, 10).Select(i => $"c{i}")]);
        Assert.Equal(DatasetFingerprint.Compute(a), DatasetFingerprint.Compute(b));
    }
}
