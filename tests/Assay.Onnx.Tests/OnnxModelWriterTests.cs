using Assay.Benchmarking.Cost;
using Assay.Tests;

namespace Assay.Onnx.Tests;

/// <summary>Models written by Assay's own protobuf writer load and run in ONNX Runtime.</summary>
public class OnnxModelWriterTests
{
    // scores = relu(x · Wᵀ + b), W is 3 x 4.
    private static readonly float[] Weights = [1, 2, 3, 4, -1, 0, 1, 0, 0.5f, -0.5f, 0.5f, -0.5f];
    private static readonly float[] Bias = [0.1f, -0.2f, 0];

    private static ModelProto GemmRelu() => new()
    {
        ProducerName = "assay-tests",
        Graph = new GraphProto
        {
            Name = "gemm_relu",
            Nodes =
            [
                new NodeProto { OpType = "Gemm", Name = "fc", Inputs = ["input", "fc.weight", "fc.bias"], Outputs = ["hidden"], Attributes = [AttributeProto.Int("transB", 1)] },
                new NodeProto { OpType = "Relu", Name = "relu", Inputs = ["hidden"], Outputs = ["scores"] },
            ],
            Initializers = [TensorProto.FromFloats("fc.weight", [3, 4], Weights), TensorProto.FromFloats("fc.bias", [3], Bias)],
            Inputs = [ValueInfoProto.Tensor("input", TensorDataType.Float, "N", 4)],
            Outputs = [ValueInfoProto.Tensor("scores", TensorDataType.Float, "N", 3)],
        },
    };

    [Fact]
    public void A_gemm_relu_model_written_by_assay_runs_in_onnx_runtime()
    {
        using var folder = new TempFolder();
        var path = folder.Path("gemm-relu.onnx");
        OnnxModelWriter.Write(path, GemmRelu());
        using var model = OnnxModel.Load(path);
        float[] inputs = [1, 1, 1, 1, 2, -1, 0.5f, 3];
        var scores = new float[6];

        model.Predict(inputs, 2, scores);

        // Row 1: W·x = [10, 0, 0] + b = [10.1, -0.2, 0]. Row 2: [13.5, -1.5, 0.25] + b = [13.6, -1.7, 0.25]. ReLU clips negatives.
        float[] expected = [10.1f, 0, 0, 13.6f, 0, 0.25f];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], scores[i], 1e-6f);
        Assert.Equal("input", model.Description.InputName);
        Assert.Equal(3, model.Description.OutputSize);
    }

    [Fact]
    public void The_written_model_reads_back_equal_and_counts_12_macs_per_sample()
    {
        using var folder = new TempFolder();
        var path = folder.Path("gemm-relu.onnx");
        OnnxModelWriter.Write(path, GemmRelu());

        Assert.Equal(GemmRelu(), OnnxModelReader.Read(path));
        var cost = OnnxCostCounter.Count(path, batchSize: 2);
        Assert.Equal(12, cost.MacsPerSample);
        Assert.Equal(15, cost.Params);
        Assert.Equal(6, cost.OtherOpsPerSample); // bias add and ReLU, 3 each
    }
}
