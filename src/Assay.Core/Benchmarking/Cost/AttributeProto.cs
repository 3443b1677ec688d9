namespace Assay.Benchmarking.Cost;

/// <summary>A named operator attribute; <see cref="Type"/> says which value field is used (onnx.proto AttributeProto).</summary>
/// <remarks>Sparse tensors, type protos, tensor lists and graph lists are not modelled: the reader skips them.</remarks>
public sealed record AttributeProto
{
    /// <summary>(field 1)</summary>
    public required string Name { get; init; }

    /// <summary>(field 20)</summary>
    public AttributeType Type { get; init; }

    /// <summary>(field 2)</summary>
    public float F { get; init; }

    /// <summary>(field 3)</summary>
    public long I { get; init; }

    /// <summary>UTF-8 text (field 4).</summary>
    public string S { get; init; } = "";

    /// <summary>(field 5)</summary>
    public TensorProto? T { get; init; }

    /// <summary>A subgraph, for control flow such as If and Loop (field 6).</summary>
    public GraphProto? G { get; init; }

    /// <summary>(field 7)</summary>
    public EquatableArray<float> Floats { get; init; }

    /// <summary>(field 8)</summary>
    public EquatableArray<long> Ints { get; init; }

    /// <summary>(field 9)</summary>
    public EquatableArray<string> Strings { get; init; }

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeType.Float, F = value };

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeType.Int, I = value };

    public static AttributeProto String(string name, string value) => new() { Name = name, Type = AttributeType.String, S = value };

    public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = AttributeType.Tensor, T = value };

    public static AttributeProto Graph(string name, GraphProto value) => new() { Name = name, Type = AttributeType.Graph, G = value };

    public static AttributeProto FloatList(string name, params ReadOnlySpan<float> values) => new() { Name = name, Type = AttributeType.Floats, Floats = [.. values] };

    public static AttributeProto IntList(string name, params ReadOnlySpan<long> values) => new() { Name = name, Type = AttributeType.Ints, Ints = [.. values] };

    public static AttributeProto StringList(string name, params ReadOnlySpan<string> values) => new() { Name = name, Type = AttributeType.Strings, Strings = [.. values] };
}

/// <summary>Which value an attribute holds (onnx.proto AttributeProto.AttributeType).</summary>
public enum AttributeType
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
    Strings = 8,
    Tensors = 9,
    Graphs = 10,
    SparseTensor = 11,
    SparseTensors = 12,
    TypeProto = 13,
    TypeProtos = 14,
}
