using Assay.Data;
using Assay.Tests;
using static Assay.Core.Tests.Data.DataFiles;

namespace Assay.Core.Tests.Data;

public class CifarTests
{
    [Fact]
    public void Cifar10_test_split_reads_labels_pixels_in_rgb_plane_order_and_names()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Root);
        var data = CifarDataset.LoadCifar10(temp.Root, "test");
        Assert.Equal(2, data.Count);
        Assert.Equal([3, 32, 32], data.ExampleShape);
        Assert.Equal(10, data.NumClasses);
        Assert.Equal([9, 3], data.Labels);
        // Example 1, green plane, row 5, column 7.
        Assert.Equal(Pixel(101, 1, 5, 7) / 255f, data.Features[3072 + 1024 + 5 * 32 + 7]);
        Assert.Equal(Pixel(101, 2, 31, 31) / 255f, data.Example(1)[3071]);
        Assert.Equal(Pixel(100, 0, 0, 0) / 255f, data.Features[0]);
        Assert.Equal("truck", data.ClassNames![9]);
        Assert.All(data.Features, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Cifar10_train_is_every_data_batch_in_order_and_all_adds_test()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Root);
        var train = CifarDataset.LoadCifar10(temp.Root, "train");
        Assert.Equal([0, 1, 2], train.Labels);
        Assert.Equal(Pixel(2, 0, 1, 2) / 255f, train.Example(2)[32 + 2]);
        var all = CifarDataset.LoadCifar10(temp.Root, "all");
        Assert.Equal([0, 1, 2, 9, 3], all.Labels);
    }

    [Fact]
    public void The_folder_holding_the_official_folder_works_and_names_are_optional()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Path(CifarDataset.Cifar10FolderName), names: false);
        var data = DatasetLoader.Load(temp.Root, "test");
        Assert.Equal([9, 3], data.Labels);
        Assert.Null(data.ClassNames);
    }

    [Fact]
    public void Cifar100_uses_fine_labels_by_default_and_coarse_on_request()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Path("train.bin"), CifarRecords(0, [3, 42], [19, 99]));
        File.WriteAllBytes(temp.Path("test.bin"), CifarRecords(5, [0, 5]));
        File.WriteAllLines(temp.Path("fine_label_names.txt"), Enumerable.Range(0, 100).Select(i => $"fine{i}"));

        var fine = CifarDataset.LoadCifar100(temp.Root, "train");
        Assert.Equal([42, 99], fine.Labels);
        Assert.Equal(100, fine.NumClasses);
        Assert.Equal("fine42", fine.ClassNames![42]);
        // Two label bytes before the pixels: example 1, blue plane, row 3, column 4.
        Assert.Equal(Pixel(1, 2, 3, 4) / 255f, fine.Example(1)[2048 + 3 * 32 + 4]);

        var coarse = DatasetLoader.Load($"cifar100:{temp.Root}?label=coarse", "train");
        Assert.Equal([3, 19], coarse.Labels);
        Assert.Equal(20, coarse.NumClasses);
        Assert.Null(coarse.ClassNames);
        Assert.Equal(fine.Features, coarse.Features);
        Assert.Equal([5], DatasetLoader.Load(temp.Root, "test").Labels);
    }

    [Fact]
    public void A_file_that_is_not_whole_records_names_the_file_record_size_and_remainder()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Root);
        var path = temp.Path("test_batch.bin");
        File.WriteAllBytes(path, CifarRecords(0, [1], [2])[..5000]);
        var error = Assert.Throws<DataException>(() => CifarDataset.LoadCifar10(temp.Root, "test"));
        Assert.Equal($"{path}: length 5000 is not a multiple of the record size 3073 bytes (1 label + 3072 pixel bytes; 1927 bytes left over)", error.Message);
    }

    [Fact]
    public void A_cifar100_file_that_is_not_whole_records_uses_the_3074_byte_record()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Path("train.bin"), CifarRecords(0, [1, 2]));
        File.WriteAllBytes(temp.Path("test.bin"), CifarRecords(0, [1, 2])[..3073]);
        var error = Assert.Throws<DataException>(() => CifarDataset.LoadCifar100(temp.Root, "test"));
        Assert.StartsWith($"{temp.Path("test.bin")}: length 3073 is not a multiple of the record size 3074 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_out_of_range_names_the_file_and_record()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Root);
        File.WriteAllBytes(temp.Path("test_batch.bin"), CifarRecords(0, [1], [10]));
        var error = Assert.Throws<DataException>(() => CifarDataset.LoadCifar10(temp.Root, "test"));
        Assert.Equal($"{temp.Path("test_batch.bin")}: record 1: label 10 is out of range (expected 0..9)", error.Message);

        File.WriteAllBytes(temp.Path("train.bin"), CifarRecords(0, [1, 2], [1, 100]));
        File.WriteAllBytes(temp.Path("test.bin"), CifarRecords(0, [20, 2]));
        var fine = Assert.Throws<DataException>(() => CifarDataset.LoadCifar100(temp.Root, "train"));
        Assert.Equal($"{temp.Path("train.bin")}: record 1: label 100 is out of range (expected 0..99)", fine.Message);
        var coarse = Assert.Throws<DataException>(() => CifarDataset.LoadCifar100(temp.Root, "test", CifarLabel.Coarse));
        Assert.Equal($"{temp.Path("test.bin")}: record 0: label 20 is out of range (expected 0..19)", coarse.Message);
    }

    [Fact]
    public void A_folder_without_batch_files_says_what_was_expected()
    {
        using var temp = new TempFolder();
        var ten = Assert.Throws<DataException>(() => CifarDataset.LoadCifar10(temp.Root, "train"));
        Assert.Equal($"{temp.Root}: no CIFAR-10 batch files (expected data_batch_1.bin .. data_batch_5.bin and test_batch.bin, the cifar-10-batches-bin layout)", ten.Message);
        var test = Assert.Throws<DataException>(() => CifarDataset.LoadCifar10(temp.Root, "test"));
        Assert.StartsWith($"{temp.Root}: no test_batch.bin (CIFAR-10 batch files expected", test.Message, StringComparison.Ordinal);
        var hundred = Assert.Throws<DataException>(() => DatasetLoader.Load($"cifar100:{temp.Root}", "test"));
        Assert.Equal($"{temp.Root}: no CIFAR-100 batch files (expected train.bin and test.bin, the cifar-100-binary layout)", hundred.Message);
    }

    [Fact]
    public void A_names_file_with_the_wrong_count_is_refused()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Root);
        File.WriteAllText(temp.Path("batches.meta.txt"), "cat\ndog\n");
        var error = Assert.Throws<DataException>(() => CifarDataset.LoadCifar10(temp.Root, "test"));
        Assert.Equal($"{temp.Path("batches.meta.txt")}: expected 10 class names (one a line), got 2", error.Message);
    }
}
