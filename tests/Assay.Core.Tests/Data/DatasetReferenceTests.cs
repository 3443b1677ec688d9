using Assay.Data;
using Assay.Tests;
using static Assay.Core.Tests.Data.DataFiles;

namespace Assay.Core.Tests.Data;

public class DatasetReferenceTests
{
    [Fact]
    public void Parses_format_path_and_options()
    {
        var reference = DatasetReference.Parse("CIFAR100:/data/c100?label=coarse&x=a=b");
        Assert.Equal("cifar100", reference.Format);
        Assert.Equal("/data/c100", reference.Path);
        Assert.Equal("coarse", reference.Option("label"));
        Assert.Equal("a=b", reference.Option("x"));
        Assert.Null(reference.Option("y"));
    }

    [Theory]
    [InlineData("/data/mnist", "/data/mnist")]
    [InlineData(@"C:\data\mnist", @"C:\data\mnist")]
    [InlineData("/tmp/a:b", "/tmp/a:b")]
    [InlineData("./x.npy?labels=y.npy", "./x.npy")]
    [InlineData("digits", "digits")]
    public void Paths_without_a_format_stay_paths(string text, string path)
    {
        var reference = DatasetReference.Parse(text);
        Assert.Null(reference.Format);
        Assert.Equal(path, reference.Path);
    }

    [Theory]
    [InlineData("npy:a.npy?labels", "expected key=value after '?'")]
    [InlineData("npy:a.npy?labels=b&labels=c", "option 'labels' is given twice")]
    [InlineData("npy:?labels=b", "expected a path")]
    [InlineData("", "expected a data set reference")]
    public void Malformed_references_are_usage_errors(string text, string expected)
    {
        var error = Assert.Throws<UsageException>(() => DatasetReference.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("digits?seed=1", "unknown option 'seed' for built-in data (it takes none)")]
    [InlineData("npy:x.npy?label=y.npy", "unknown option 'label' for .npy data (known: labels)")]
    [InlineData("cifar100:c?labels=fine", "unknown option 'labels' for CIFAR-100 data (known: label)")]
    [InlineData("cifar100:c?label=medium", "option label: expected fine or coarse, got 'medium'")]
    [InlineData("idx:m?label=fine", "unknown option 'label' for IDX data (it takes none)")]
    [InlineData("cifar10:c?label=fine", "unknown option 'label' for CIFAR-10 data (it takes none)")]
    public void Unknown_option_keys_are_usage_errors_naming_the_key(string text, string expected)
    {
        var error = Assert.Throws<UsageException>(() => DatasetLoader.Load(text, "test"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detects_each_format_from_the_path()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Path("c10"));
        Directory.CreateDirectory(temp.Path("c100"));
        File.WriteAllBytes(temp.Path("c100/train.bin"), []);
        File.WriteAllBytes(temp.Path("c100/test.bin"), []);
        File.WriteAllBytes(temp.Path("x.npy"), []);
        Directory.CreateDirectory(temp.Path("empty"));
        Assert.Equal("idx", DatasetLoader.Detect(TestAssets.Path("fashion-mnist-slice")));
        Assert.Equal("cifar10", DatasetLoader.Detect(temp.Path("c10")));
        Assert.Equal("cifar100", DatasetLoader.Detect(temp.Path("c100")));
        Assert.Equal("npy", DatasetLoader.Detect(temp.Path("x.npy")));
        Assert.Null(DatasetLoader.Detect(temp.Path("empty")));

        var error = Assert.Throws<DataException>(() => DatasetLoader.Load(temp.Path("empty"), "test"));
        Assert.StartsWith($"{temp.Path("empty")}: data format not recognized (expected IDX files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_format_overrides_detection()
    {
        using var temp = new TempFolder();
        Cifar10Folder(temp.Root);
        Assert.Equal([9, 3], DatasetLoader.Load($"cifar10:{temp.Root}", "test").Labels);
        Assert.Equal(5, DatasetLoader.Load($"cifar10:{temp.Root}", "all").Count);
        Assert.Equal(256, DatasetLoader.Load($"idx:{TestAssets.Path("fashion-mnist-slice")}", "test").Count);
    }
}
