using Assay.Data;

namespace Assay.Core.Tests.Data;

public class DigitsAndSplitTests
{
    [Fact]
    public void The_built_in_digits_set_is_the_uci_file()
    {
        var digits = DigitsDataset.Load();
        Assert.Equal(1797, digits.Count);
        Assert.Equal([1, 8, 8], digits.ExampleShape);
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], digits.ClassCounts());
        Assert.All(digits.Features, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(16f, digits.Features.Max() * 16f);
    }

    [Fact]
    public void Stratified_holdout_keeps_sizes_and_proportions_like_scikit_learn()
    {
        var labels = DigitsDataset.Load().Labels;
        var (train, test) = new StratifiedHoldout(0.2, 42).Split(labels);

        // train_test_split(test_size=0.2, stratify=y) on digits: 1437 / 360.
        Assert.Equal(360, test.Length);
        Assert.Equal(1437, train.Length);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(Enumerable.Range(0, 1797), train.Concat(test).Order());
        var perClass = test.GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perClass.Values, count => Assert.InRange(count, 34, 37));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var labels = DigitsDataset.Load().Labels;
        Assert.Equal(new StratifiedHoldout(0.2, 7).Split(labels).Test, new StratifiedHoldout(0.2, 7).Split(labels).Test);
        Assert.NotEqual(new StratifiedHoldout(0.2, 7).Split(labels).Test, new StratifiedHoldout(0.2, 8).Split(labels).Test);
    }

    [Fact]
    public void Channel_normalization_applies_per_channel()
    {
        var data = new Dataset("x", [0f, 0.5f, 1f, 1f], [0, 1], [2, 1, 1], 2);
        new ChannelNormalization([0.5f, 0f], [0.5f, 2f]).Apply(data);
        Assert.Equal([-1f, 0.25f, 1f, 0.5f], data.Features);
    }

    [Fact]
    public void Normalization_with_the_wrong_channel_count_is_a_usage_error()
    {
        var data = new Dataset("x", [0f, 0.5f, 1f], [0], [3, 1, 1], 1);
        var error = Assert.Throws<UsageException>(() => new ChannelNormalization([0.5f, 0.5f], [1f, 1f]).Apply(data));
        Assert.Contains("expected 1 or 3 values", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv:foo.csv", "unknown format 'csv'")]
    [InlineData("builtin:cifar", "unknown built-in data set 'cifar'")]
    public void Unknown_references_are_usage_errors(string reference, string expected)
    {
        var error = Assert.Throws<UsageException>(() => DatasetLoader.Load(reference, "test"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_is_a_data_error_naming_it()
    {
        var error = Assert.Throws<DataException>(() => DatasetLoader.Load("/no/such/folder", "test"));
        Assert.Equal("/no/such/folder: no such file or folder", error.Message);
    }

    [Fact]
    public void Digits_test_split_is_the_default_suites_holdout()
    {
        var test = DatasetLoader.Load("digits", "test");
        Assert.Equal(360, test.Count);
        Assert.Equal(1437, DatasetLoader.Load("digits", "train").Count);
        Assert.Equal(1797, DatasetLoader.Load("digits", "all").Count);
    }
}
