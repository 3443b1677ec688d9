namespace Assay.Benchmarking.Cost;

/// <summary>An ONNX model file: the graph plus the versions that say how to read it (onnx.proto ModelProto).</summary>
/// <remarks>
/// Only the fields Assay reads or writes are modelled; the reader skips the rest (training info, functions, ...) and the
/// writer leaves them out. The defaults make a model ONNX Runtime 1.10 and later accepts: IR version 8 and, unless set,
/// the default-domain operator set 17.
/// </remarks>
public sealed record ModelProto
{
    /// <summary>The IR version the model was written for (field 1).</summary>
    public long IrVersion { get; init; } = 8;

    /// <summary>Operator sets the graph uses, one per domain; "" is the default ONNX domain (field 8).</summary>
    public EquatableArray<OperatorSetIdProto> OpsetImports { get; init; } = [new OperatorSetIdProto { Version = 17 }];

    /// <summary>The tool that wrote the model (field 2).</summary>
    public string ProducerName { get; init; } = "";

    /// <summary>(field 3)</summary>
    public string ProducerVersion { get; init; } = "";

    /// <summary>Reverse-DNS namespace of the model (field 4).</summary>
    public string Domain { get; init; } = "";

    /// <summary>(field 5)</summary>
    public long ModelVersion { get; init; }

    /// <summary>(field 6)</summary>
    public string DocString { get; init; } = "";

    /// <summary>(field 7)</summary>
    public GraphProto Graph { get; init; } = new();

    /// <summary>Free-form key/value metadata (field 14).</summary>
    public EquatableArray<StringStringEntryProto> MetadataProps { get; init; }

    /// <summary>The version imported for the default ONNX domain ("" or "ai.onnx"), or null when none is imported.</summary>
    public long? DefaultOpset
    {
        get
        {
            foreach (var opset in OpsetImports)
                if (opset.Domain is "" or "ai.onnx") return opset.Version;
            return null;
        }
    }
}

/// <summary>One imported operator set (onnx.proto OperatorSetIdProto).</summary>
public sealed record OperatorSetIdProto
{
    /// <summary>"" (or "ai.onnx") for the default ONNX operators (field 1).</summary>
    public string Domain { get; init; } = "";

    /// <summary>(field 2)</summary>
    public long Version { get; init; }
}

/// <summary>A key/value pair (onnx.proto StringStringEntryProto).</summary>
public sealed record StringStringEntryProto
{
    /// <summary>(field 1)</summary>
    public string Key { get; init; } = "";

    /// <summary>(field 2)</summary>
    public string Value { get; init; } = "";
}
