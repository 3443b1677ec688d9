using Assay.Benchmarking.Cost;
using static Assay.Core.Tests.Benchmarking.Cost.Graphs;

namespace Assay.Core.Tests.Benchmarking.Cost;

public class OnnxCostCounterTests
{
    [Fact]
    public void A_3x3_convolution_costs_output_elements_times_input_channels_times_kernel()
    {
        var model = Model(
            [Node("Conv", ["x", "w", "b"], ["y"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1))],
            [Input("x", 1, 3, 32, 32)],
            [Weights("w", 8, 3, 3, 3), Weights("b", 8)]);

        var cost = OnnxCostCounter.Count(model);

        Assert.Equal(8L * 32 * 32 * 3 * 3 * 3, cost.TotalMacs);
        Assert.Equal(221_184, cost.MacsPerSample);
        Assert.Equal(2 * 221_184, cost.FlopsPerSample);
        Assert.Equal(8 * 32 * 32, cost.TotalOtherOps); // the bias add, outside MACs
        Assert.Equal(8 * 27 + 8, cost.Params);
        Assert.Equal((8 * 27 + 8) * 4, cost.WeightBytes);
        AssertShape(cost.Layers.Single().OutputShape, 1, 8, 32, 32);
        Assert.True(cost.IsComplete);
        Assert.Equal(OnnxModelWriter.SerializedSize(model), cost.FileBytes);
    }

    [Theory]
    [InlineData(4, 16, 2, 16L * 8 * 8 * 2 * 9)] // grouped: 8 channels in 4 groups of 2, stride 2 -> 8x8
    [InlineData(8, 8, 1, 8L * 16 * 16 * 1 * 9)] // depthwise: one input channel per output channel
    public void Grouped_and_depthwise_convolutions_read_only_their_groups_channels(int group, int outChannels, int stride, long macs)
    {
        var model = Model(
            [Node("Conv", ["x", "w"], ["y"], AttributeProto.Int("group", group), Ints("pads", 1, 1, 1, 1), Ints("strides", stride, stride))],
            [Input("x", 1, 8, 16, 16)],
            [Weights("w", outChannels, 8 / group, 3, 3)]);

        var cost = OnnxCostCounter.Count(model);

        Assert.Equal(macs, cost.TotalMacs);
        AssertShape(cost.Layers.Single().OutputShape, 1, outChannels, 16 / stride, 16 / stride);
        Assert.Equal(0, cost.TotalOtherOps);
    }

    [Fact]
    public void A_grouped_convolution_with_the_wrong_channel_count_names_the_node()
    {
        var model = Model([Node("Conv", ["x", "w"], ["y"], AttributeProto.Int("group", 2))], [Input("x", 1, 8, 16, 16)], [Weights("w", 8, 8, 3, 3)]);

        var e = Assert.Throws<ModelException>(() => OnnxCostCounter.Count(model));

        Assert.StartsWith("model: node 'y' (Conv) with input shapes [1, 8, 16, 16], [8, 8, 3, 3]: input [1, 8, 16, 16] has 8 channels; weights [8, 8, 3, 3] with group 2 expect 16", e.Message);
    }

    [Fact]
    public void A_transposed_convolution_multiplies_each_input_element_by_its_groups_weights()
    {
        // 7x7 -> stride 2 (7 - 1) + 4 - 1 - 1 = 14; each of 8 * 7 * 7 inputs meets 4 output channels * 4 * 4 taps.
        var model = Model(
            [Node("ConvTranspose", ["x", "w", "b"], ["y"], Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1))],
            [Input("x", 1, 8, 7, 7)],
            [Weights("w", 8, 4, 4, 4), Weights("b", 4)]);

        var cost = OnnxCostCounter.Count(model);

        AssertShape(cost.Layers.Single().OutputShape, 1, 4, 14, 14);
        Assert.Equal(8L * 7 * 7 * 4 * 4 * 4, cost.TotalMacs);
        Assert.Equal(4 * 14 * 14, cost.TotalOtherOps);
        Assert.Equal(8 * 4 * 16 + 4, cost.Params);
    }

    [Fact]
    public void Gemm_costs_m_n_k_and_divides_by_the_batch()
    {
        var model = Model(
            [Node("Gemm", ["x", "w", "b"], ["y"], AttributeProto.Int("transB", 1))],
            [Input("x", "N", 32)],
            [Weights("w", 16, 32), Weights("b", 16)]);

        var cost = OnnxCostCounter.Count(model, batchSize: 4);

        Assert.Equal(4, cost.BatchSize);
        AssertShape(cost.Layers.Single().OutputShape, 4, 16);
        Assert.Equal(4L * 16 * 32, cost.TotalMacs);
        Assert.Equal(16 * 32, cost.MacsPerSample);
        Assert.Equal(16, cost.OtherOpsPerSample);
        Assert.Equal(16 * 32 + 16, cost.Params);
    }

    [Fact]
    public void Batched_matmul_costs_batch_times_m_n_k()
    {
        var model = Model([Node("MatMul", ["a", "b"], ["y"])], [Input("a", 2, 4, 8, 16), Input("b", 2, 4, 16, 32)]);

        var cost = OnnxCostCounter.Count(model, batchSize: 2);

        AssertShape(cost.Layers.Single().OutputShape, 2, 4, 8, 32);
        Assert.Equal(2L * 4 * 8 * 16 * 32, cost.TotalMacs);
        Assert.Equal(4L * 8 * 16 * 32, cost.MacsPerSample);
        Assert.Equal(0, cost.Params); // both operands are data
    }

    [Theory]
    [InlineData(new long[] { 2, 1, 8, 16 }, new long[] { 4, 16, 32 }, new long[] { 2, 4, 8, 32 })]
    [InlineData(new long[] { 1, 16 }, new long[] { 3, 16, 5 }, new long[] { 3, 1, 5 })]
    [InlineData(new long[] { 1, 5, 16 }, new long[] { 16 }, new long[] { 1, 5 })]
    [InlineData(new long[] { 1, 16 }, new long[] { 16, 7 }, new long[] { 1, 7 })]
    public void Matmul_broadcasts_batch_axes_and_promotes_vectors_like_numpy(long[] a, long[] b, long[] expected)
    {
        var model = Model([Node("MatMul", ["a", "b"], ["y"])], [Input("a", [.. a.Select(DimensionProto.FromInt64)]), Input("b", [.. b.Select(DimensionProto.FromInt64)])]);

        var cost = OnnxCostCounter.Count(model, batchSize: (int)a[0]);

        AssertShape(cost.Layers.Single().OutputShape, expected);
        Assert.Equal(expected.Aggregate(1L, (p, d) => p * d) * 16, cost.TotalMacs);
    }

    [Fact]
    public void Reshape_takes_its_shape_from_a_constant_with_0_and_minus_1()
    {
        var shape = TensorProto.FromInt64s("shape_value", [2], [0, -1]);
        var model = Model(
            [
                Node("Constant", [], ["shape"], AttributeProto.Tensor("value", shape)),
                Node("Reshape", ["x", "shape"], ["flat"]),
                Node("Gemm", ["flat", "w"], ["y"], AttributeProto.Int("transB", 1)),
            ],
            [Input("x", "N", 3, 4, 4)],
            [Weights("w", 10, 48)]);

        var cost = OnnxCostCounter.Count(model, batchSize: 2);

        AssertShape(Shapes(cost)["flat"], 2, 48);
        Assert.Equal(2L * 48 * 10, cost.TotalMacs);
        Assert.Equal(480, cost.Params); // the shape constant is not a parameter
        Assert.True(cost.IsComplete);
    }

    [Fact]
    public void Unknown_ops_and_everything_they_feed_are_listed_not_zeroed()
    {
        var model = Model(
            [
                Node("Relu", "x", "r"),
                new NodeProto { OpType = "Mystery", Domain = "com.example", Name = "m", Inputs = ["r"], Outputs = ["u"] },
                Node("Gemm", ["u", "w"], ["y"], AttributeProto.Int("transB", 1)),
                Node("Relu", "y", "z"),
            ],
            [Input("x", "N", 8)],
            [Weights("w", 4, 8)]);

        var cost = OnnxCostCounter.Count(model);

        Assert.False(cost.IsComplete);
        Assert.Equal(
            [
                new UncountedOp("com.example.Mystery", 1, UncountedReason.UnsupportedOp),
                new UncountedOp("Gemm", 1, UncountedReason.UnknownShape),
                new UncountedOp("Relu", 1, UncountedReason.UnknownShape),
            ],
            cost.UncountedOps);
        Assert.Null(cost.Layers[2].Macs);
        Assert.Null(cost.Layers[2].OutputShape);
        Assert.Equal(0, cost.TotalMacs);
        Assert.Equal(8, cost.TotalOtherOps); // the first Relu still counts
        Assert.Equal(32, cost.Params); // parameters do not need shapes
    }

    [Fact]
    public void Pytorch_style_view_chain_folds_in_the_opset_11_attribute_form()
    {
        // x.view(x.size(0), -1): Shape -> Gather(0) -> Unsqueeze(axes=[0]) -> Concat([-1]) -> Reshape
        var model = Model(
            [
                Node("Shape", "x", "s"),
                Node("Constant", [], ["zero"], AttributeProto.Tensor("value", TensorProto.FromInt64s("", [], [0]))),
                Node("Gather", ["s", "zero"], ["n"], AttributeProto.Int("axis", 0)),
                Node("Unsqueeze", "n", "n1", Ints("axes", 0)),
                Node("Concat", ["n1", "minus_one"], ["target"], AttributeProto.Int("axis", 0)),
                Node("Reshape", ["x", "target"], ["flat"]),
                Node("Unsqueeze", "flat", "flat3", Ints("axes", 1)),
                Node("Squeeze", "flat3", "flat2", Ints("axes", 1)),
                Node("Gemm", ["flat2", "w"], ["y"], AttributeProto.Int("transB", 1)),
            ],
            [Input("x", "batch", 2, 5, 5)],
            [Int64s("minus_one", -1), Weights("w", 3, 50)],
            opset: 11);

        var cost = OnnxCostCounter.Count(model, batchSize: 7);

        var shapes = Shapes(cost);
        AssertShape(shapes["s"], 4);
        AssertShape(shapes["n"]);
        AssertShape(shapes["target"], 2);
        AssertShape(shapes["flat3"], 7, 1, 50);
        AssertShape(shapes["flat2"], 7, 50);
        Assert.Equal(150, cost.MacsPerSample);
        Assert.Equal(150, cost.Params);
        Assert.True(cost.IsComplete);
    }

    [Fact]
    public void Pooling_follows_pads_strides_dilations_and_ceil_mode()
    {
        var model = Model(
            [
                Node("MaxPool", "x", "ceil", Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), AttributeProto.Int("ceil_mode", 1)),
                Node("MaxPool", "x", "floor", Ints("kernel_shape", 3, 3), Ints("strides", 2, 2)),
                Node("AveragePool", "x", "padded", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1)),
                Node("MaxPool", "x", "dilated", Ints("kernel_shape", 2, 2), Ints("dilations", 3, 3)),
                Node("MaxPool", "x", "same", Ints("kernel_shape", 3, 3), Ints("strides", 3, 3), AttributeProto.String("auto_pad", "SAME_UPPER")),
                // ceil mode drops a window that would start inside the end padding: 6 + 1 pad, kernel 2, stride 2 -> 4, not 5.
                Node("MaxPool", "x6", "edge", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1), AttributeProto.Int("ceil_mode", 1)),
                Node("GlobalAveragePool", "x", "global"),
                Node("Flatten", "global", "flat"),
            ],
            [Input("x", 1, 2, 10, 10), Input("x6", 1, 2, 6, 6)],
            output: "flat");

        var cost = OnnxCostCounter.Count(model);

        var shapes = Shapes(cost);
        AssertShape(shapes["ceil"], 1, 2, 5, 5);
        AssertShape(shapes["floor"], 1, 2, 4, 4);
        AssertShape(shapes["padded"], 1, 2, 6, 6);
        AssertShape(shapes["dilated"], 1, 2, 7, 7);
        AssertShape(shapes["same"], 1, 2, 4, 4);
        AssertShape(shapes["edge"], 1, 2, 4, 4);
        AssertShape(shapes["global"], 1, 2, 1, 1);
        AssertShape(shapes["flat"], 1, 2);
        // Pools are other ops: output elements x kernel; the global pool reads every input element once.
        Assert.Equal(50 * 9, cost.Layers[0].OtherOps);
        Assert.Equal(200, cost.Layers[6].OtherOps);
        Assert.Equal(0, cost.TotalMacs);
    }

    [Fact]
    public void Batch_normalization_is_one_mac_per_element_and_its_running_statistics_are_not_parameters()
    {
        var model = Model(
            [Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y"])],
            [Input("x", "N", 4, 3, 3)],
            [Weights("scale", 4), Weights("bias", 4), Weights("mean", 4), Weights("var", 4)]);

        var cost = OnnxCostCounter.Count(model);

        Assert.Equal(36, cost.TotalMacs);
        Assert.Equal(8, cost.Params);
        Assert.Equal(16 * 4, cost.WeightBytes);
    }

    [Fact]
    public void A_weight_shared_through_identity_counts_once()
    {
        var model = Model(
            [
                Node("Identity", "w", "w_copy"),
                Node("MatMul", ["x", "w"], ["h"]),
                Node("MatMul", ["h", "w_copy"], ["y"]),
            ],
            [Input("x", "N", 6)],
            [Weights("w", 6, 6)]);

        var cost = OnnxCostCounter.Count(model);

        Assert.Equal(36, cost.Params);
        Assert.Equal(36, cost.Layers[1].Params);
        Assert.Equal(0, cost.Layers[2].Params);
        Assert.Equal(72, cost.TotalMacs);
    }

    [Fact]
    public void Symbolic_dims_come_from_the_shapes_given_or_stay_unresolved()
    {
        var model = Model(
            [Node("MatMul", ["x", "w"], ["y"]), Node("Softmax", "y", "p", AttributeProto.Int("axis", -1))],
            [Input("x", "batch", "sequence", 8)],
            [Weights("w", 8, 4)]);

        var open = OnnxCostCounter.Count(model);
        var byDim = OnnxCostCounter.Count(model, 2, new Dictionary<string, long[]> { ["sequence"] = [5] });
        var byInput = OnnxCostCounter.Count(model, 2, new Dictionary<string, long[]> { ["x"] = [2, 5, 8] });

        Assert.Equal(["x[1]: sequence"], open.UnresolvedDims);
        Assert.Equal([new UncountedOp("MatMul", 1, UncountedReason.UnknownShape), new UncountedOp("Softmax", 1, UncountedReason.UnknownShape)], open.UncountedOps);
        Assert.Equal(5 * 8 * 4, byDim.MacsPerSample);
        Assert.Equal(3 * 5 * 4, byDim.OtherOpsPerSample);
        Assert.Equal(byDim.TotalMacs, byInput.TotalMacs);
        Assert.Empty(byInput.UnresolvedDims);
    }

    [Fact]
    public void A_batch_size_that_contradicts_the_model_or_a_shape_for_nothing_is_a_usage_error()
    {
        var model = Model([Node("Relu", "x", "y")], [Input("x", 1, 8)]);

        Assert.Equal("input 'x' has a batch of 1 ([1, 8]); count it with batch size 1, not 4",
            Assert.Throws<UsageException>(() => OnnxCostCounter.Count(model, 4)).Message);
        Assert.StartsWith("shape 'image': the model has no input or symbolic dimension of that name",
            Assert.Throws<UsageException>(() => OnnxCostCounter.Count(model, 1, new Dictionary<string, long[]> { ["image"] = [1, 8] })).Message);
        Assert.StartsWith("shape 'x': dimension 1 is fixed at 8 in the model, got 9",
            Assert.Throws<UsageException>(() => OnnxCostCounter.Count(model, 1, new Dictionary<string, long[]> { ["x"] = [1, 9] })).Message);
        Assert.Throws<UsageException>(() => OnnxCostCounter.Count(model, 0));
    }

    [Fact]
    public void A_batch_given_through_the_batch_symbol_must_match_the_batch_size()
    {
        var model = Model([Node("Relu", "x", "y")], [Input("x", "N", 8)]);
        var shapes = new Dictionary<string, long[]> { ["N"] = [4] };

        Assert.Equal("input 'x' has a batch of 4 ([4, 8]); count it with batch size 4, not 1",
            Assert.Throws<UsageException>(() => OnnxCostCounter.Count(model, 1, shapes)).Message);
        Assert.Equal(8, OnnxCostCounter.Count(model, 4, shapes).OtherOpsPerSample);
    }

    [Fact]
    public void Elementwise_ops_broadcast_and_count_one_op_per_output_element()
    {
        var model = Model(
            [
                Node("Add", ["x", "bias"], ["a"]),
                Node("Mul", ["a", "scale"], ["m"]),
                Node("Where", ["mask", "m", "x"], ["w"]),
                Node("Sum", ["w", "x", "a"], ["s"]),
                Node("Sigmoid", "s", "y"),
            ],
            [Input("x", "N", 3, 4), Input("mask", 1, 1, 4)],
            [Weights("bias", 4), Weights("scale", 3, 1)]);

        var cost = OnnxCostCounter.Count(model);

        Assert.All(cost.Layers, l => AssertShape(l.OutputShape, 1, 3, 4));
        Assert.Equal([12L, 12, 12, 24, 12], cost.Layers.Select(l => l.OtherOps!.Value));
        Assert.Equal(7, cost.Params); // bias and scale are read as operands: learned constants
    }

    [Fact]
    public void Tensor_ops_infer_shapes_from_attributes_or_inputs()
    {
        var model = Model(
            [
                Node("Transpose", "x", "t", Ints("perm", 0, 2, 1)),
                Node("Concat", ["x", "x"], ["c"], AttributeProto.Int("axis", -1)),
                Node("Split", ["c", "halves"], ["s1", "s2"], AttributeProto.Int("axis", 2)),
                Node("Slice", ["x", "starts", "ends", "axes", "steps"], ["sl"]),
                Node("Pad", ["x", "pads"], ["p"]),
                Node("ReduceMean", "x", "rm", Ints("axes", -1), AttributeProto.Int("keepdims", 0)),
                Node("Unsqueeze", ["x", "axis0"], ["u"]),
                Node("LayerNormalization", ["x", "gamma", "beta"], ["ln"], AttributeProto.Int("axis", -1)),
                Node("Expand", ["gamma", "target"], ["e"]),
                Node("Tile", ["x", "repeats"], ["tl"]),
                Node("Softmax", "x", "sm"),
            ],
            [Input("x", "N", 4, 6)],
            [
                Int64s("halves", 5, 7), Int64s("starts", 1, -1), Int64s("ends", 1000, -7), Int64s("axes", 1, 2), Int64s("steps", 2, -2),
                Int64s("pads", 0, 1, 2, 0, 1, 0), Int64s("axis0", 0), Weights("gamma", 6), Weights("beta", 6), Int64s("target", 2, 1, 6),
                Int64s("repeats", 1, 2, 3),
            ],
            opset: 17,
            output: "sm");

        var shapes = Shapes(OnnxCostCounter.Count(model, 2));

        AssertShape(shapes["t"], 2, 6, 4);
        AssertShape(shapes["c"], 2, 4, 12);
        AssertShape(shapes["s1"], 2, 4, 5);
        AssertShape(shapes["sl"], 2, 2, 3); // rows 1, 3; columns 5, 3, 1
        AssertShape(shapes["p"], 2, 6, 8);
        AssertShape(shapes["rm"], 2, 4);
        AssertShape(shapes["u"], 1, 2, 4, 6);
        AssertShape(shapes["ln"], 2, 4, 6);
        AssertShape(shapes["e"], 2, 1, 6);
        AssertShape(shapes["tl"], 2, 8, 18);
        AssertShape(shapes["sm"], 2, 4, 6);
    }

    [Fact]
    public void Layer_normalization_is_one_mac_and_four_other_ops_per_element()
    {
        var model = Model([Node("LayerNormalization", ["x", "gamma", "beta"], ["y"])], [Input("x", "N", 4, 6)], [Weights("gamma", 6), Weights("beta", 6)]);

        var cost = OnnxCostCounter.Count(model);

        Assert.Equal(24, cost.TotalMacs);
        Assert.Equal(96, cost.TotalOtherOps);
        Assert.Equal(12, cost.Params);
    }
}
