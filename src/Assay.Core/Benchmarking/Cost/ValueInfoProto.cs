namespace Assay.Benchmarking.Cost;

/// <summary>A named value with its type, for graph inputs, outputs and intermediate values (onnx.proto ValueInfoProto).</summary>
public sealed record ValueInfoProto
{
    /// <summary>(field 1)</summary>
    public required string Name { get; init; }

    /// <summary>(field 2)</summary>
    public TypeProto? Type { get; init; }

    /// <summary>A tensor value: element type and dimensions, each a number (<c>784</c>) or a symbol (<c>"batch"</c>).</summary>
    public static ValueInfoProto Tensor(string name, TensorDataType elementType, params ReadOnlySpan<DimensionProto> dims) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TensorTypeProto { ElementType = elementType, Shape = new TensorShapeProto { Dims = [.. dims] } } } };
}

/// <summary>The type of a value (onnx.proto TypeProto); only tensor types are modelled, sequences and maps read as null.</summary>
public sealed record TypeProto
{
    /// <summary>(field 1)</summary>
    public TensorTypeProto? TensorType { get; init; }
}

/// <summary>A tensor type: element type and shape (onnx.proto TypeProto.Tensor).</summary>
public sealed record TensorTypeProto
{
    /// <summary>(field 1)</summary>
    public TensorDataType ElementType { get; init; }

    /// <summary>Null when even the rank is unknown (field 2).</summary>
    public TensorShapeProto? Shape { get; init; }
}

/// <summary>The dimensions of a tensor type (onnx.proto TensorShapeProto).</summary>
public sealed record TensorShapeProto
{
    /// <summary>(field 1)</summary>
    public EquatableArray<DimensionProto> Dims { get; init; }
}

/// <summary>One dimension: a number, a symbol, or neither when unknown (onnx.proto TensorShapeProto.Dimension).</summary>
public sealed record DimensionProto
{
    /// <summary>(field 1)</summary>
    public long? Value { get; init; }

    /// <summary>A symbolic name such as "batch" (field 2).</summary>
    public string? Param { get; init; }

    public static DimensionProto FromInt64(long value) => new() { Value = value };

    public static DimensionProto FromString(string param) => new() { Param = param };

    public static implicit operator DimensionProto(long value) => FromInt64(value);

    public static implicit operator DimensionProto(string param) => FromString(param);

    public override string ToString() => Value?.ToString() ?? Param ?? "?";
}
