using System.Text.Json;
using Assay.Benchmarking;
using Assay.Tests;
using TorchSharp;
using Xunit.Abstractions;

namespace Assay.Torch.Tests;

public class TorchSystemTests(ITestOutputHelper output)
{
    private static readonly string TinyCnn = TestAssets.Path("torch", "tiny-cnn.pt");

    [Fact]
    public void A_torchscript_file_from_pytorch_gives_pytorchs_outputs()
    {
        var expected = TestAssets.Json("torch", "tiny-cnn.expected.json");
        using var system = TorchSystem.LoadScript(TinyCnn, [new("input", Longs(expected, "input_shape"))], TorchSettings.Default);

        Assert.Equal("torchscript", system.Description.Format);
        Assert.Equal("tiny-cnn.pt", system.Description.Name);
        Assert.Equal("input: float32[?, 1, 8, 8]", Assert.Single(system.Description.Inputs).ToString());
        var (shape, values) = system.Infer([Input(system.Description.Inputs[0], expected, "input")]);
        Assert.Equal(Longs(expected, "output_shape"), shape);
        var difference = TorchTestSupport.MaxAbsDifference(Floats(expected, "output"), values);
        output.WriteLine($"tiny-cnn.pt: max |pytorch - torchsharp| = {difference:E2}");
        Assert.True(difference <= 1e-5, $"max abs difference {difference}");
    }

    [Fact]
    public void Shapes_follow_forwards_argument_order()
    {
        var expected = TestAssets.Json("torch", "two-inputs.expected.json");
        using var system = TorchSystem.LoadScript(TestAssets.Path("torch", "two-inputs.pt"),
            [new("x", Longs(expected, "x_shape")), new("y", Longs(expected, "y_shape"))], TorchSettings.Default);

        Assert.Equal(["x: float32[?, 4]", "y: float32[?, 2]"], system.Description.Inputs.Select(i => i.ToString()));
        var (_, values) = system.Infer([Input(system.Description.Inputs[0], expected, "x"), Input(system.Description.Inputs[1], expected, "y")]);
        var difference = TorchTestSupport.MaxAbsDifference(Floats(expected, "output"), values);
        output.WriteLine($"two-inputs.pt: max |pytorch - torchsharp| = {difference:E2}");
        Assert.True(difference <= 1e-5, $"max abs difference {difference}");
    }

    [Fact]
    public void A_prepared_query_runs_repeatedly_at_any_batch_size()
    {
        using var system = TorchSystem.LoadScript(TinyCnn, [new("input", [1, 1, 8, 8])], TorchSettings.Default);
        var source = new SyntheticSampleSource(seed: 3);
        foreach (var batch in new[] { 1, 7 })
        {
            using var query = system.Prepare(source.Query(system.Description.Inputs, batch));
            for (var i = 0; i < 5; i++) query.Run();
        }
        Assert.Equal([7L, 3], system.Infer(source.Query(system.Description.Inputs, 7)).Shape);
    }

    [Fact]
    public void A_torchscript_file_without_shapes_asks_for_the_option()
    {
        var error = Assert.Throws<ModelException>(() => TorchSystem.LoadScript(TinyCnn, [], TorchSettings.Default));
        Assert.Contains("does not declare its input shapes", error.Message, StringComparison.Ordinal);
        Assert.Contains("--shape NAME=DIMS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void More_shapes_than_forward_takes_is_a_usage_error()
    {
        var error = Assert.Throws<UsageException>(() => TorchSystem.LoadScript(TinyCnn, [new("a", [1, 1, 8, 8]), new("b", [1, 2])], TorchSettings.Default));
        Assert.Equal("--shape: tiny-cnn.pt's forward takes 1 input(s), 2 shapes were given (a, b)", error.Message);
    }

    [Theory]
    [InlineData("tiny-cnn.state-dict.pt", "PytorchStreamReader failed locating file constants.pkl: file not found")]
    [InlineData("tiny-cnn.expected.json", "PytorchStreamReader failed reading zip archive: failed finding central directory")]
    public void A_file_that_is_not_torchscript_is_one_line_naming_it(string file, string reason)
    {
        var path = TestAssets.Path("torch", file);
        var error = Assert.Throws<ModelException>(() => TorchSystem.LoadScript(path, [new("input", [1, 1, 8, 8])], TorchSettings.Default));
        Assert.Equal($"{path}: not a TorchScript file ({reason})", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<ModelException>(() => TorchSystem.LoadScript("nope.pt", [new("input", [1, 2])], TorchSettings.Default));
        Assert.Equal("nope.pt: model file not found", error.Message);
    }

    [Fact]
    public void A_wrong_input_shape_fails_at_prepare_with_libtorchs_reason()
    {
        using var system = TorchSystem.LoadScript(TinyCnn, [new("input", [1, 3, 8, 8])], TorchSettings.Default);
        var error = Assert.Throws<ModelException>(() => system.Prepare(new SyntheticSampleSource(0).Query(system.Description.Inputs, 1)));
        Assert.StartsWith($"{TinyCnn}: inference failed (Given groups=1, weight of size [4, 1, 3, 3], expected input[1, 3, 8, 8] to have 1 channels", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_zoo_model_runs_untrained_with_the_threads_asked_for()
    {
        var before = torch.get_num_threads();
        var wanted = before == 1 ? 2 : 1;
        try
        {
            using var system = TorchSystem.Create(TorchTestSupport.Model("type: cnn\nchannels: [8]\nhidden: 16"), [1, 8, 8], 10, new TorchSettings(IntraOpThreads: wanted));

            Assert.Equal(("m", "torchsharp"), (system.Description.Name, system.Description.Format));
            Assert.Equal("input: float32[?, 1, 8, 8]", Assert.Single(system.Description.Inputs).ToString());
            Assert.Equal(wanted, torch.get_num_threads());
            Assert.Equal(wanted.ToString(System.Globalization.CultureInfo.InvariantCulture), system.Description.Settings["intra_op_threads"]);
            Assert.Equal("process", system.Description.Settings["threads_scope"]);
            var inputs = new SyntheticSampleSource(seed: 1).Query(system.Description.Inputs, 4);
            using (var query = system.Prepare(inputs)) query.Run();
            var (shape, values) = system.Infer(inputs);
            Assert.Equal([4L, 10], shape);
            Assert.All(values, v => Assert.True(float.IsFinite(v)));
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Fact]
    public void A_negative_thread_count_is_a_usage_error()
    {
        var error = Assert.Throws<UsageException>(() => TorchSystem.Create(TorchTestSupport.Model("type: mlp"), [1, 8, 8], 10, new TorchSettings(IntraOpThreads: -1)));
        Assert.Equal("--threads: expected a count >= 0, got -1", error.Message);
    }

    [Fact]
    public void Queries_leave_no_tensors_behind()
    {
        using var system = TorchSystem.LoadScript(TinyCnn, [new("input", [1, 1, 8, 8])], TorchSettings.Default);
        using var query = system.Prepare(new SyntheticSampleSource(0).Query(system.Description.Inputs, 2));
        query.Run();
        var live = torch.Tensor.TotalCount;
        for (var i = 0; i < 20; i++) query.Run();
        Assert.Equal(live, torch.Tensor.TotalCount);
    }

    private static long[] Longs(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetInt64())];

    private static float[] Floats(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => (float)e.GetDouble())];

    private static InputTensor Input(TensorSpec spec, JsonElement json, string name) => new(spec, Longs(json, name + "_shape"), Floats(json, name));
}
