using Assay.Benchmarking.Cost;

namespace Assay.Core.Tests.Benchmarking.Cost;

/// <summary>Hand-built ONNX models for tests, made with Assay's own records.</summary>
internal static class Graphs
{
    public static ModelProto Model(NodeProto[] nodes, ValueInfoProto[] inputs, TensorProto[]? initializers = null, long opset = 17, string? output = null) => new()
    {
        ProducerName = "assay-tests",
        OpsetImports = [new OperatorSetIdProto { Version = opset }],
        Graph = new GraphProto
        {
            Name = "test",
            Nodes = [.. nodes],
            Inputs = [.. inputs],
            Initializers = [.. initializers ?? []],
            Outputs = [ValueInfoProto.Tensor(output ?? nodes[^1].Outputs[0], TensorDataType.Float)],
        },
    };

    public static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes) =>
        new() { OpType = opType, Name = outputs[0], Inputs = [.. inputs], Outputs = [.. outputs], Attributes = [.. attributes] };

    public static NodeProto Node(string opType, string input, string output, params AttributeProto[] attributes) =>
        Node(opType, [input], [output], attributes);

    public static ValueInfoProto Input(string name, params DimensionProto[] dims) => ValueInfoProto.Tensor(name, TensorDataType.Float, dims);

    /// <summary>A float32 initializer filled with 0.5.</summary>
    public static TensorProto Weights(string name, params long[] dims) =>
        TensorProto.FromFloats(name, dims, Enumerable.Repeat(0.5f, (int)dims.Aggregate(1L, (a, b) => a * b)).ToArray());

    public static TensorProto Int64s(string name, params long[] values) => TensorProto.FromInt64s(name, [values.Length], values);

    public static AttributeProto Ints(string name, params long[] values) => AttributeProto.IntList(name, values);

    public static void AssertShape(long[]? actual, params long[] expected)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual);
    }

    /// <summary>The shape of every node's first output after counting a model.</summary>
    public static Dictionary<string, long[]?> Shapes(ModelCost cost) => cost.Layers.ToDictionary(l => l.Name, l => l.OutputShape);
}
