using Assay.Tests;

namespace Assay.Cli.Tests;

public class DataCommandTests
{
    /// <summary>CIFAR-10 records: each label byte, then 3,072 pixel bytes all equal to <paramref name="pixel"/> except the last.</summary>
    private static byte[] Records(byte pixel, params byte[] labels)
    {
        var bytes = new List<byte>();
        foreach (var label in labels)
        {
            bytes.Add(label);
            bytes.AddRange(Enumerable.Repeat(pixel, 3071));
            bytes.Add(255);
        }
        return [.. bytes];
    }

    [Fact]
    public void Info_json_reports_count_shape_classes_range_and_fingerprints()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Path("data_batch_1.bin"), Records(0, 1, 1));
        File.WriteAllBytes(temp.Path("test_batch.bin"), Records(51, 3, 0, 3));
        File.WriteAllText(temp.Path("batches.meta.txt"), "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");

        var json = CliRunner.RunJson("data", "info", temp.Root, "--json");
        Assert.Equal(temp.Root, json.GetProperty("reference").GetString());
        Assert.Equal("test", json.GetProperty("split").GetString());
        Assert.Equal(3, json.GetProperty("n").GetInt32());
        Assert.Equal([3, 32, 32], json.GetProperty("example_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(10, json.GetProperty("num_classes").GetInt32());
        Assert.Equal([1, 0, 0, 2, 0, 0, 0, 0, 0, 0], json.GetProperty("class_counts").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("cat", json.GetProperty("class_names")[3].GetString());
        Assert.Equal(0.2, json.GetProperty("min").GetDouble(), 6);
        Assert.Equal(1.0, json.GetProperty("max").GetDouble(), 6);
        Assert.Matches("^sha256:[0-9a-f]{64}$", json.GetProperty("fingerprint").GetString());
        Assert.Matches("^sha256:[0-9a-f]{64}$", json.GetProperty("fingerprint_unordered").GetString());
        Assert.NotEqual(json.GetProperty("fingerprint").GetString(), json.GetProperty("fingerprint_unordered").GetString());

        var train = CliRunner.RunJson("data", "info", $"cifar10:{temp.Root}", "--split", "train", "--json");
        Assert.Equal(2, train.GetProperty("n").GetInt32());
        Assert.Equal(0.0, train.GetProperty("min").GetDouble());

        var (code, output, _) = CliRunner.Run("data", "info", temp.Root);
        Assert.Equal(0, code);
        Assert.Contains("sha256:", output, StringComparison.Ordinal);
        Assert.Contains("cat", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_batch_file_is_a_failure_naming_it()
    {
        using var temp = new TempFolder();
        var path = temp.Path("test_batch.bin");
        File.WriteAllBytes(path, Records(0, 1, 2)[..4000]);
        var (code, output, error) = CliRunner.Run("data", "info", temp.Root, "--json");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {path}: length 4000 is not a multiple of the record size 3073 bytes (1 label + 3072 pixel bytes; 927 bytes left over)", error.Trim());
    }

    [Fact]
    public void An_unknown_option_key_is_a_usage_error()
    {
        var (code, _, error) = CliRunner.Run("data", "info", "digits?colour=1");
        Assert.Equal(2, code);
        Assert.Equal("error: --data: unknown option 'colour' for built-in data (it takes none)", error.Trim());
    }
}
