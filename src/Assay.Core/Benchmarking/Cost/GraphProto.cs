namespace Assay.Benchmarking.Cost;

/// <summary>A computation graph: nodes in topological order, constant tensors, and typed inputs and outputs (onnx.proto GraphProto).</summary>
public sealed record GraphProto
{
    /// <summary>(field 1)</summary>
    public EquatableArray<NodeProto> Nodes { get; init; }

    /// <summary>(field 2)</summary>
    public string Name { get; init; } = "";

    /// <summary>Constant tensors (weights, shape constants), referred to by name (field 5).</summary>
    public EquatableArray<TensorProto> Initializers { get; init; }

    /// <summary>(field 10)</summary>
    public string DocString { get; init; } = "";

    /// <summary>(field 11)</summary>
    public EquatableArray<ValueInfoProto> Inputs { get; init; }

    /// <summary>(field 12)</summary>
    public EquatableArray<ValueInfoProto> Outputs { get; init; }

    /// <summary>Types of intermediate values, when the producer recorded them (field 13).</summary>
    public EquatableArray<ValueInfoProto> ValueInfo { get; init; }
}

/// <summary>One operator call (onnx.proto NodeProto).</summary>
/// <remarks>An empty input name means an optional input left out.</remarks>
public sealed record NodeProto
{
    /// <summary>Names of the values read, in the operator's input order (field 1).</summary>
    public EquatableArray<string> Inputs { get; init; }

    /// <summary>Names of the values produced (field 2).</summary>
    public EquatableArray<string> Outputs { get; init; }

    /// <summary>(field 3)</summary>
    public string Name { get; init; } = "";

    /// <summary>The operator, e.g. "Conv" (field 4).</summary>
    public required string OpType { get; init; }

    /// <summary>(field 5)</summary>
    public EquatableArray<AttributeProto> Attributes { get; init; }

    /// <summary>(field 6)</summary>
    public string DocString { get; init; } = "";

    /// <summary>"" (or "ai.onnx") for the default ONNX operators (field 7).</summary>
    public string Domain { get; init; } = "";

    /// <summary>The attribute with this name, or null.</summary>
    public AttributeProto? Attribute(string name)
    {
        foreach (var attribute in Attributes)
            if (attribute.Name == name) return attribute;
        return null;
    }
}
