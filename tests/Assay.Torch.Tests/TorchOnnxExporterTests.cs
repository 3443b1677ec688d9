using Assay.Benchmarking.Cost;
using Assay.Onnx;
using Assay.Tests;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Assay.Torch.Tests;

public class TorchOnnxExporterTests(ITestOutputHelper output)
{
    private const int Batch = 5;

    [Fact]
    public void The_zoo_mlp_runs_the_same_in_onnx_runtime()
    {
        using var module = TorchTestSupport.Zoo("type: mlp\nhidden: [128, 64]\ndropout: 0.3", [1, 8, 8]);
        AssertSameOutputs("zoo mlp", module, [1, 8, 8]);
    }

    [Fact]
    public void The_zoo_cnn_runs_the_same_in_onnx_runtime()
    {
        using var module = TorchTestSupport.Zoo("type: cnn\nchannels: [16, 32]\nhidden: 64\ndropout: 0.2", [1, 8, 8]);
        AssertSameOutputs("zoo cnn", module, [1, 8, 8]);
    }

    [Fact]
    public void Batch_norm_average_pooling_and_gelu_run_the_same_in_onnx_runtime()
    {
        torch.manual_seed(2);
        var norm = nn.BatchNorm2d(8);
        TorchTestSupport.Randomize(norm, seed: 3);
        using var module = nn.Sequential(
            ("conv", nn.Conv2d(1, 8, 3, padding: 1)),
            ("bn", norm),
            ("gelu", nn.GELU()),
            ("pool", nn.AvgPool2d(2)),
            ("flatten", nn.Flatten()),
            ("head", nn.Linear(8 * 4 * 4, 10)));
        AssertSameOutputs("bn + avgpool + gelu", module, [1, 8, 8]);
    }

    [Fact]
    public void Residual_blocks_strides_dilations_groups_and_global_pooling_run_the_same()
    {
        torch.manual_seed(4);
        var norm = nn.BatchNorm2d(4);
        TorchTestSupport.Randomize(norm, seed: 5);
        using var module = nn.Sequential(
            ("stem", nn.Conv2d(2, 4, 3, padding: 1)),
            ("bn", norm),
            ("relu", nn.ReLU()),
            ("block", new Residual(nn.Sequential(
                ("conv", nn.Conv2d(4, 4, 3, padding: 2, dilation: 2, groups: 2)),
                ("act", nn.GELU(TorchSharp.Modules.GELU.Approximate.tanh)),
                ("same", nn.Conv2d(4, 4, 4, padding: Padding.Same, bias: false))))),
            ("pool", nn.MaxPool2d(3, stride: 2, padding: 1)),
            ("down", nn.Conv2d(4, 8, 3, stride: 2, padding: 1)),
            ("leaky", nn.LeakyReLU(0.1)),
            ("gap", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(8, 6)),
            ("tanh", nn.Tanh()),
            ("sigmoid", nn.Sigmoid()),
            ("identity", nn.Identity()),
            ("head", nn.Linear(6, 4)),
            ("softmax", nn.LogSoftmax(1)));
        AssertSameOutputs("residual mix", module, [2, 12, 12]);
    }

    [Fact]
    public void Linear_beyond_rank_two_and_partial_flatten_become_matmul_and_reshape()
    {
        torch.manual_seed(6);
        using var module = nn.Sequential(("flatten", nn.Flatten(2)), ("fc", nn.Linear(12, 5)), ("softmax", nn.Softmax(-1)));
        var model = TorchOnnxExporter.ToModel(module, [2, 3, 4]);
        Assert.Equal(["Constant", "Reshape", "MatMul", "Add", "Softmax"], model.Graph.Nodes.Select(n => n.OpType));
        // The cost is the same either way: the ONNX counter's MatMul and Add rows sum to the TorchSharp counter's one MatMul row.
        var cost = TorchCostCounter.Count(module, [2, 3, 4]);
        var onnxCost = OnnxCostCounter.Count(model);
        Assert.Equal((cost.Params, cost.WeightBytes, cost.TotalMacs, cost.TotalOtherOps), (onnxCost.Params, onnxCost.WeightBytes, onnxCost.TotalMacs, onnxCost.TotalOtherOps));

        var inputs = TorchTestSupport.Inputs(Batch * 24, seed: 7);
        var expected = TorchTestSupport.Forward(module, inputs, [Batch, 2, 3, 4]);
        using var session = new InferenceSession(OnnxModelWriter.ToBytes(model));
        using var value = OrtValue.CreateTensorValueFromMemory(inputs, [Batch, 2, 3, 4]);
        using var results = session.Run(new RunOptions(), ["input"], [value], ["logits"]);
        Assert.Equal([Batch, 2L, 5], results[0].GetTensorTypeAndShape().Shape);
        var difference = TorchTestSupport.MaxAbsDifference(expected, results[0].GetTensorDataAsSpan<float>().ToArray());
        output.WriteLine($"matmul + reshape: max |torch - onnx| = {difference:E2}");
        Assert.True(difference <= 1e-4, $"max abs difference {difference}");
    }

    [Fact]
    public void The_graph_has_a_dynamic_batch_opset_13_and_named_weights()
    {
        using var module = TorchTestSupport.Zoo("type: cnn\nchannels: [4]\nhidden: 8", [1, 8, 8]);
        using var stream = new MemoryStream();
        TorchOnnxExporter.Export(module, [1, 8, 8], stream);
        Assert.True(stream.CanWrite, "the destination stays open");
        var model = OnnxModelReader.Parse(stream.ToArray(), "model");

        Assert.Equal(13, model.DefaultOpset);
        var input = Assert.Single(model.Graph.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(["batch", "1", "8", "8"], input.Type!.TensorType!.Shape!.Dims.Select(d => d.ToString()));
        var logits = Assert.Single(model.Graph.Outputs);
        Assert.Equal(["batch", "10"], logits.Type!.TensorType!.Shape!.Dims.Select(d => d.ToString()));
        Assert.Equal(["conv1", "relu1", "pool1", "flatten", "fc", "fc_relu", "head"], model.Graph.Nodes.Select(n => n.Name));
        Assert.Equal(["conv1.weight", "conv1.bias", "fc.weight", "fc.bias", "head.weight", "head.bias"], model.Graph.Initializers.Select(t => t.Name));
        var gemm = model.Graph.Nodes.First(n => n.Name == "fc");
        Assert.Equal(("Gemm", 1L), (gemm.OpType, gemm.Attribute("transB")!.I));
        Assert.Equal("logits", model.Graph.Nodes[^1].Outputs[0]);

        // The same module exports to the same bytes.
        Assert.Equal(stream.ToArray(), OnnxModelWriter.ToBytes(TorchOnnxExporter.ToModel(module, [1, 8, 8])));
    }

    [Fact]
    public void A_shared_layer_is_written_once()
    {
        torch.manual_seed(8);
        var shared = nn.Linear(4, 4);
        using var module = nn.Sequential(("a", shared), ("relu", nn.ReLU()), ("b", shared));
        var model = TorchOnnxExporter.ToModel(module, [4]);
        Assert.Equal(["a", "relu", "a#2"], model.Graph.Nodes.Select(n => n.Name));
        Assert.Equal(["a.weight", "a.bias"], model.Graph.Initializers.Select(t => t.Name));
        AssertSameOutputs("shared layer", module, [4]);
    }

    [Fact]
    public void Export_leaves_the_module_in_training_mode_when_it_was()
    {
        using var module = TorchTestSupport.Zoo("type: mlp\ndropout: 0.5", [1, 8, 8]);
        module.train();
        TorchOnnxExporter.ToModel(module, [1, 8, 8]);
        Assert.True(module.training);
    }

    [Fact]
    public void An_unsupported_layer_is_an_error_naming_its_type()
    {
        using var module = nn.Sequential(("flatten", nn.Flatten()), ("odd", new Doubler()), ("up", nn.Linear(4, 2)));
        var error = Assert.Throws<ModelException>(() => TorchOnnxExporter.ToModel(module, [4]));
        Assert.StartsWith("odd: cannot export a Doubler layer to ONNX (supported: Sequential, Residual, Linear,", error.Message, StringComparison.Ordinal);

        using var transposed = nn.Sequential(("up", nn.ConvTranspose2d(1, 1, 2)));
        Assert.StartsWith("up: cannot export a ConvTranspose2d layer", Assert.Throws<ModelException>(() => TorchOnnxExporter.ToModel(transposed, [1, 4, 4])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forward_that_fails_on_the_example_shape_is_a_model_error()
    {
        using var module = TorchTestSupport.Zoo("type: mlp", [1, 8, 8]);
        var error = Assert.Throws<ModelException>(() => TorchOnnxExporter.ToModel(module, [1, 4, 4]));
        Assert.StartsWith("Sequential: forward failed on an example of shape [1, 1, 4, 4] (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pooling_geometry_onnx_cannot_reproduce_is_refused()
    {
        // PyTorch drops a ceil_mode window that would start in the right padding; ONNX keeps it.
        using var module = nn.Sequential(("pool", nn.MaxPool2d(2, stride: 2, padding: 1, ceil_mode: true)));
        var error = Assert.Throws<ModelException>(() => TorchOnnxExporter.ToModel(module, [1, 5, 5]));
        Assert.StartsWith("pool: MaxPool2d with ceil_mode on input [1, 1, 5, 5] gives [1, 1, 3, 3]", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Exports, runs both engines on the same seeded batch, and compares every output.</summary>
    private void AssertSameOutputs(string label, nn.Module<Tensor, Tensor> module, int[] exampleShape)
    {
        using var folder = new TempFolder();
        var path = folder.Path("model.onnx");
        using (var file = File.Create(path)) TorchOnnxExporter.Export(module, exampleShape, file);

        var size = exampleShape.Aggregate(1, (a, b) => a * b);
        var inputs = TorchTestSupport.Inputs(Batch * size, seed: 11);
        var expected = TorchTestSupport.Forward(module, inputs, [Batch, .. exampleShape.Select(d => (long)d)]);
        using var onnx = OnnxModel.Load(path);
        var actual = new float[expected.Length];
        onnx.Predict(inputs, Batch, actual);

        var difference = TorchTestSupport.MaxAbsDifference(expected, actual);
        output.WriteLine($"{label}: max |torch - onnx| = {difference:E2} over {expected.Length} outputs");
        Assert.True(difference <= 1e-4, $"{label}: max abs difference {difference}");
    }

    /// <summary>A layer type neither the exporter nor the cost counter knows.</summary>
    internal sealed class Doubler : nn.Module<Tensor, Tensor>
    {
        public Doubler() : base(nameof(Doubler)) { }

        public override Tensor forward(Tensor input) => input * 2;
    }
}
