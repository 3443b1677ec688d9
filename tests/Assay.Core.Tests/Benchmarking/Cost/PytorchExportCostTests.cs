using Assay.Benchmarking.Cost;
using Assay.Tests;

namespace Assay.Core.Tests.Benchmarking.Cost;

/// <summary>Counts of graphs PyTorch exported, against numbers its generator computed independently with forward hooks.</summary>
public class PytorchExportCostTests
{
    [Fact]
    public void Fashion_mnist_mlp_has_50890_params_and_50816_macs()
    {
        var cost = OnnxCostCounter.Count(TestAssets.Path("fashion-mnist-mlp.onnx"));

        Assert.Equal(784 * 64 + 64 + 64 * 10 + 10, cost.Params);
        Assert.Equal(50_890, cost.Params);
        Assert.Equal(784 * 64 + 64 * 10, cost.MacsPerSample);
        Assert.Equal(2 * 50_816, cost.FlopsPerSample);
        Assert.Equal(64 + 64 + 10, cost.OtherOpsPerSample); // bias, ReLU, bias
        Assert.Equal(50_890 * 4, cost.WeightBytes);
        Assert.Equal(new FileInfo(TestAssets.Path("fashion-mnist-mlp.onnx")).Length, cost.FileBytes);
        Assert.Equal(["Flatten", "Gemm", "Relu", "Gemm"], cost.Layers.Select(l => l.OpType));
        Assert.Equal([0L, 50_240, 0, 650], cost.Layers.Select(l => l.Params));
        Assert.Equal([1L, 784], cost.Layers[0].OutputShape!);
        Assert.Equal([1L, 10], cost.Layers[3].OutputShape!);
        Assert.True(cost.IsComplete);
    }

    [Fact]
    public void Fashion_mnist_mlp_per_sample_counts_do_not_depend_on_the_batch()
    {
        var one = OnnxCostCounter.Count(TestAssets.Path("fashion-mnist-mlp.onnx"));
        var many = OnnxCostCounter.Count(TestAssets.Path("fashion-mnist-mlp.onnx"), batchSize: 32);

        Assert.Equal(32 * one.TotalMacs, many.TotalMacs);
        Assert.Equal(one.MacsPerSample, many.MacsPerSample);
        Assert.Equal(one.OtherOpsPerSample, many.OtherOpsPerSample);
        Assert.Equal([32L, 10], many.Layers[^1].OutputShape!);
    }

    [Fact]
    public void Resnet18_matches_pytorch_hooks_exactly()
    {
        var expected = TestAssets.Json("onnx", "resnet18.expected.json");

        var cost = OnnxCostCounter.Count(TestAssets.Path("onnx", "resnet18.onnx"));

        Assert.Equal(expected.GetProperty("params").GetInt64(), cost.Params);
        Assert.Equal(11_689_512, cost.Params);
        Assert.Equal(expected.GetProperty("macs").GetInt64(), cost.TotalMacs);
        Assert.Equal(expected.GetProperty("other_ops").GetInt64(), cost.TotalOtherOps);
        Assert.Equal(expected.GetProperty("weight_bytes").GetInt64(), cost.WeightBytes);
        Assert.Equal(expected.GetProperty("conv_linear_macs").GetInt64(), cost.Layers.Where(l => l.OpType is "Conv" or "Gemm").Sum(l => l.Macs!.Value));
        Assert.Equal(expected.GetProperty("batchnorm_macs").GetInt64(), cost.Layers.Where(l => l.OpType == "BatchNormalization").Sum(l => l.Macs!.Value));
        Assert.InRange(cost.MacsPerSample / 1e9, 1.81, 1.82); // the often-quoted 1.8 GMACs at 224 x 224
        Assert.True(cost.IsComplete);
        Assert.Empty(cost.UnresolvedDims);
        Assert.Equal([1L, 1000], cost.Layers[^1].OutputShape!);
    }

    [Fact]
    public void Resnet18_at_batch_8_costs_8_times_batch_1()
    {
        var expected = TestAssets.Json("onnx", "resnet18.expected.json");

        var cost = OnnxCostCounter.Count(TestAssets.Path("onnx", "resnet18.onnx"), batchSize: 8);

        Assert.Equal(8 * expected.GetProperty("macs").GetInt64(), cost.TotalMacs);
        Assert.Equal(expected.GetProperty("macs").GetInt64(), cost.MacsPerSample);
        Assert.Equal(expected.GetProperty("params").GetInt64(), cost.Params);
    }

    [Fact]
    public void A_view_chain_cnn_folds_shape_gather_unsqueeze_concat_into_its_reshape()
    {
        var expected = TestAssets.Json("onnx", "view-cnn.expected.json");

        var cost = OnnxCostCounter.Count(TestAssets.Path("onnx", "view-cnn.onnx"), batchSize: 3);

        Assert.True(cost.IsComplete);
        Assert.Equal(expected.GetProperty("macs").GetInt64(), cost.MacsPerSample);
        Assert.Equal(expected.GetProperty("other_ops").GetInt64(), cost.OtherOpsPerSample);
        Assert.Equal(expected.GetProperty("params").GetInt64(), cost.Params);
        Assert.Equal([3L, 256], cost.Layers.Single(l => l.OpType == "Reshape").OutputShape!);
        Assert.Equal([3L, 4, 8, 8], cost.Layers.Single(l => l.OpType == "MaxPool").OutputShape!); // ceil mode: 15 -> 8
    }

    [Fact]
    public void Tiny_attention_counts_4d_matmuls_once_its_sequence_length_is_given()
    {
        var expected = TestAssets.Json("onnx", "tiny-attention.expected.json");
        var path = TestAssets.Path("onnx", "tiny-attention.onnx");
        var shapes = new Dictionary<string, long[]> { [expected.GetProperty("sequence_dim").GetString()!] = [6] };

        var cost = OnnxCostCounter.Count(path, batchSize: 2, shapes);
        var open = OnnxCostCounter.Count(path, batchSize: 2);

        Assert.True(cost.IsComplete, string.Join(", ", cost.UncountedOps));
        Assert.Equal(expected.GetProperty("macs").GetInt64(), cost.MacsPerSample);
        Assert.Equal(expected.GetProperty("params").GetInt64(), cost.Params);
        var products = cost.Layers.Where(l => l.OpType == "MatMul" && l.OutputShape!.Length == 4).ToList();
        Assert.Equal(2, products.Count);
        Assert.Equal(expected.GetProperty("attention_product_macs").GetInt64() * 2, products.Sum(l => l.Macs!.Value));
        Assert.Equal([2L, 2, 6, 6], products[0].OutputShape!);

        Assert.Equal(["input[1]: T"], open.UnresolvedDims);
        Assert.Contains(open.UncountedOps, u => u is { OpType: "MatMul", Reason: UncountedReason.UnknownShape });
    }
}
