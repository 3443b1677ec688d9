using Assay.Benchmarking.Cost;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch.Tests;

public class TorchCostCounterTests
{
    private static readonly int[] Digit = [1, 8, 8];

    [Fact]
    public void The_zoo_mlp_costs_what_hand_counting_gives()
    {
        using var module = TorchTestSupport.Zoo("type: mlp", Digit);
        var cost = TorchCostCounter.Count(module, Digit);

        // Flatten 64 → fc1 128 → ReLU → head 10.
        Assert.Equal(
        [
            Row("flatten", "Flatten", [1, 64], 0, 0, 0),
            Row("fc1", "Gemm", [1, 128], 64 * 128 + 128, 64 * 128, 128),
            Row("relu1", "Relu", [1, 128], 0, 0, 128),
            Row("head", "Gemm", [1, 10], 128 * 10 + 10, 128 * 10, 10),
        ], Rows(cost));
        Assert.Equal((1, 9_610L, 9_610L * 4, 9_472L, 266L), (cost.BatchSize, cost.Params, cost.WeightBytes, cost.TotalMacs, cost.TotalOtherOps));
        Assert.True(cost.IsComplete);
        Assert.Empty(cost.UnresolvedDims);
        Assert.Equal(18_944, cost.FlopsPerSample);
    }

    [Fact]
    public void The_zoo_cnn_costs_what_hand_counting_gives()
    {
        using var module = TorchTestSupport.Zoo("type: cnn", Digit);
        var cost = TorchCostCounter.Count(module, Digit);

        // conv1 1→16 (3×3, same) on 8×8, pool to 4×4; conv2 16→32, pool to 2×2; fc 128→64; head 64→10.
        Assert.Equal(
        [
            Row("conv1", "Conv", [1, 16, 8, 8], 16 * 9 + 16, 1024 * 9, 1024),
            Row("relu1", "Relu", [1, 16, 8, 8], 0, 0, 1024),
            Row("pool1", "MaxPool", [1, 16, 4, 4], 0, 0, 256 * 4),
            Row("conv2", "Conv", [1, 32, 4, 4], 32 * 16 * 9 + 32, 512 * 16 * 9, 512),
            Row("relu2", "Relu", [1, 32, 4, 4], 0, 0, 512),
            Row("pool2", "MaxPool", [1, 32, 2, 2], 0, 0, 128 * 4),
            Row("flatten", "Flatten", [1, 128], 0, 0, 0),
            Row("fc", "Gemm", [1, 64], 128 * 64 + 64, 128 * 64, 64),
            Row("fc_relu", "Relu", [1, 64], 0, 0, 64),
            Row("head", "Gemm", [1, 10], 64 * 10 + 10, 64 * 10, 10),
        ], Rows(cost));
        Assert.Equal((13_706L, 91_776L, 4_746L), (cost.Params, cost.TotalMacs, cost.TotalOtherOps));
        Assert.True(cost.IsComplete);
    }

    [Theory]
    [InlineData("type: mlp")]
    [InlineData("type: mlp\nhidden: [32, 16]\ndropout: 0.1")]
    [InlineData("type: cnn")]
    [InlineData("type: cnn\nchannels: [4, 8, 8]\nhidden: 12\ndropout: 0.5")]
    public void Zoo_models_cost_what_the_onnx_counter_finds_in_their_export(string yaml)
    {
        using var module = TorchTestSupport.Zoo(yaml, Digit);
        AssertSameAsOnnx(module, Digit);
    }

    [Fact]
    public void Batch_norm_residual_pooling_and_shared_layers_cost_what_the_onnx_counter_finds()
    {
        torch.manual_seed(3);
        var shared = nn.Linear(6, 6);
        using var module = nn.Sequential(
            ("stem", nn.Conv2d(2, 4, 3, padding: 1, bias: false)),
            ("bn", nn.BatchNorm2d(4)),
            ("block", new Residual(nn.Sequential(("conv", nn.Conv2d(4, 4, 3, padding: 2, dilation: 2, groups: 2)), ("relu", nn.ReLU())))),
            ("avg", nn.AvgPool2d(2)),
            ("max", nn.MaxPool2d(3, stride: 1, padding: 1)),
            ("adaptive", nn.AdaptiveAvgPool2d(2)),
            ("gap", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(4, 6)),
            ("a", shared),
            ("tanh", nn.Tanh()),
            ("b", shared),
            ("softmax", nn.Softmax(1)));
        var cost = AssertSameAsOnnx(module, [2, 8, 8]);

        Assert.Equal(["stem", "bn", "block.body.conv", "block.body.relu", "block", "avg", "max", "adaptive", "gap", "flatten", "fc", "a", "tanh", "a#2", "softmax"], cost.Layers.Select(l => l.Name));
        var bn = cost.Layers[1];
        Assert.Equal(("BatchNormalization", 8L, 4L * 64, 0L), (bn.OpType, bn.Params, bn.Macs!.Value, bn.OtherOps!.Value));
        Assert.Equal(("Add", 0L, 256L), (cost.Layers[4].OpType, cost.Layers[4].Macs!.Value, cost.Layers[4].OtherOps!.Value));
        Assert.Equal(("AveragePool", 4L * 2 * 2 * 4), (cost.Layers[7].OpType, cost.Layers[7].OtherOps!.Value));
        Assert.Equal(("GlobalAveragePool", 4L * 2 * 2), (cost.Layers[8].OpType, cost.Layers[8].OtherOps!.Value));
        Assert.Equal(0, cost.Layers[13].Params);
        // BatchNorm's running statistics are weight bytes, not parameters.
        Assert.Equal(cost.Params * 4 + 2 * 4 * 4, cost.WeightBytes);
    }

    [Fact]
    public void Gelu_counts_as_one_op_per_element_where_its_opset_13_export_counts_five()
    {
        torch.manual_seed(5);
        using var module = nn.Sequential(("fc", nn.Linear(8, 16)), ("gelu", nn.GELU()), ("head", nn.Linear(16, 3)));
        var cost = TorchCostCounter.Count(module, [8]);
        var onnx = OnnxCostCounter.Count(TorchOnnxExporter.ToModel(module, [8]));

        Assert.Equal(Row("gelu", "Gelu", [1, 16], 0, 0, 16), Rows(cost)[1]);
        Assert.Equal((cost.Params, cost.TotalMacs), (onnx.Params, onnx.TotalMacs));
        // Div, Erf, Add, Mul, Mul: four more per element than one Gelu.
        Assert.Equal(cost.TotalOtherOps + 4 * 16, onnx.TotalOtherOps);
    }

    [Fact]
    public void Unknown_layers_are_listed_with_their_parameters_and_without_a_cost()
    {
        torch.manual_seed(7);
        using var module = nn.Sequential(("fc", nn.Linear(4, 4)), ("odd", new TorchOnnxExporterTests.Doubler()), ("scaled", new Scaled(nn.Linear(4, 2))));
        var cost = TorchCostCounter.Count(module, [4]);

        Assert.Equal(
        [
            Row("fc", "Gemm", [1, 4], 20, 16, 4),
            Row("odd", "Doubler", [1, 4], 0, null, null),
            Row("scaled", "Scaled", [1, 2], 1, null, null),
            Row("scaled.inner", "Linear", null, 10, null, null),
        ], Rows(cost));
        Assert.Equal(
        [
            new UncountedOp("Doubler", 1, UncountedReason.UnsupportedOp),
            new UncountedOp("Scaled", 1, UncountedReason.UnsupportedOp),
            new UncountedOp("Linear", 1, UncountedReason.UnknownShape),
        ], cost.UncountedOps);
        Assert.False(cost.IsComplete);
        Assert.Equal((31L, 16L, 4L), (cost.Params, cost.TotalMacs, cost.TotalOtherOps));
    }

    [Fact]
    public void Counting_runs_in_eval_mode_and_restores_training_mode()
    {
        torch.manual_seed(9);
        var norm = nn.BatchNorm2d(2);
        using var module = nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("bn", norm));
        module.train();
        TorchCostCounter.Count(module, [1, 5, 5]);
        Assert.True(module.training);
        Assert.Equal([0f, 0f], norm.running_mean!.data<float>().ToArray());
        Assert.Equal(0, norm.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void A_forward_that_fails_on_the_example_shape_is_a_model_error()
    {
        using var module = TorchTestSupport.Zoo("type: mlp", Digit);
        var error = Assert.Throws<ModelException>(() => TorchCostCounter.Count(module, [1, 4, 4]));
        Assert.StartsWith("Sequential: forward failed on an example of shape [1, 1, 4, 4] (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_size_is_the_state_dict_size()
    {
        using var module = TorchTestSupport.Zoo("type: mlp", Digit);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) module.save(writer);
        Assert.Equal(stream.Length, TorchCostCounter.Count(module, Digit).FileBytes);
    }

    private static ModelCost AssertSameAsOnnx(nn.Module<Tensor, Tensor> module, int[] exampleShape)
    {
        var cost = TorchCostCounter.Count(module, exampleShape);
        var onnx = OnnxCostCounter.Count(TorchOnnxExporter.ToModel(module, exampleShape), batchSize: 1);

        Assert.True(cost.IsComplete);
        Assert.True(onnx.IsComplete);
        Assert.Equal(Rows(onnx), Rows(cost));
        Assert.Equal(
            (onnx.BatchSize, onnx.Params, onnx.WeightBytes, onnx.TotalMacs, onnx.TotalOtherOps),
            (cost.BatchSize, cost.Params, cost.WeightBytes, cost.TotalMacs, cost.TotalOtherOps));
        return cost;
    }

    private static List<string> Rows(ModelCost cost) => [.. cost.Layers.Select(l => Row(l.Name, l.OpType, l.OutputShape, l.Params, l.Macs, l.OtherOps))];

    private static string Row(string name, string op, long[]? shape, long parameters, long? macs, long? other) =>
        $"{name} {op} [{(shape is null ? "?" : string.Join(", ", shape))}] params={parameters} macs={macs?.ToString() ?? "-"} other={other?.ToString() ?? "-"}";

    /// <summary>A custom parent with its own parameter that calls its child through forward, which hooks do not see.</summary>
    private sealed class Scaled : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _inner;
        private readonly TorchSharp.Modules.Parameter _scale;

        public Scaled(nn.Module<Tensor, Tensor> inner) : base(nameof(Scaled))
        {
            _inner = inner;
            _scale = new TorchSharp.Modules.Parameter(ones(1));
            register_module("inner", inner);
            register_parameter("scale", _scale);
        }

        public override Tensor forward(Tensor input) => _inner.forward(input) * _scale;
    }
}
