namespace Assay.Benchmarking.Cost;

/// <summary>Writes <see cref="ModelProto"/> records as ONNX model files that ONNX Runtime loads.</summary>
/// <remarks>
/// Fields go out in field-number order; scalars are written when set (non-zero, non-empty), except the values proto2
/// presence gives meaning to: IR version, operator-set versions, tensor data types, attribute types with their value,
/// and numeric dimensions (0 included). Encodings follow onnx.proto: dims and attribute lists unpacked, tensor data
/// packed. The output is deterministic: the same record gives the same bytes.
/// </remarks>
public static class OnnxModelWriter
{
    public static void Write(Stream stream, ModelProto model)
    {
        var writer = ProtoWriter.To(stream);
        WriteModel(writer, model);
        writer.Flush();
    }

    public static void Write(string path, ModelProto model)
    {
        using var stream = File.Create(path);
        Write(stream, model);
    }

    public static byte[] ToBytes(ModelProto model)
    {
        using var stream = new MemoryStream();
        Write(stream, model);
        return stream.ToArray();
    }

    /// <summary>The number of bytes <see cref="Write(Stream, ModelProto)"/> would write.</summary>
    public static long SerializedSize(ModelProto model)
    {
        var counter = ProtoWriter.Counter();
        WriteModel(counter, model);
        return counter.Length;
    }

    private static void WriteModel(ProtoWriter w, ModelProto m)
    {
        w.Int64(1, m.IrVersion);
        w.StringIfNonEmpty(2, m.ProducerName);
        w.StringIfNonEmpty(3, m.ProducerVersion);
        w.StringIfNonEmpty(4, m.Domain);
        w.Int64IfNonZero(5, m.ModelVersion);
        w.StringIfNonEmpty(6, m.DocString);
        w.Message(7, m.Graph, WriteGraph);
        foreach (var opset in m.OpsetImports) w.Message(8, opset, WriteOpset);
        foreach (var entry in m.MetadataProps) w.Message(14, entry, WriteEntry);
    }

    private static void WriteOpset(ProtoWriter w, OperatorSetIdProto o)
    {
        w.String(1, o.Domain);
        w.Int64(2, o.Version);
    }

    private static void WriteEntry(ProtoWriter w, StringStringEntryProto e)
    {
        w.String(1, e.Key);
        w.String(2, e.Value);
    }

    private static void WriteGraph(ProtoWriter w, GraphProto g)
    {
        foreach (var node in g.Nodes) w.Message(1, node, WriteNode);
        w.StringIfNonEmpty(2, g.Name);
        foreach (var tensor in g.Initializers) w.Message(5, tensor, WriteTensor);
        w.StringIfNonEmpty(10, g.DocString);
        foreach (var input in g.Inputs) w.Message(11, input, WriteValueInfo);
        foreach (var output in g.Outputs) w.Message(12, output, WriteValueInfo);
        foreach (var info in g.ValueInfo) w.Message(13, info, WriteValueInfo);
    }

    private static void WriteNode(ProtoWriter w, NodeProto n)
    {
        foreach (var input in n.Inputs) w.String(1, input);
        foreach (var output in n.Outputs) w.String(2, output);
        w.StringIfNonEmpty(3, n.Name);
        w.String(4, n.OpType);
        foreach (var attribute in n.Attributes) w.Message(5, attribute, WriteAttribute);
        w.StringIfNonEmpty(6, n.DocString);
        w.StringIfNonEmpty(7, n.Domain);
    }

    private static void WriteAttribute(ProtoWriter w, AttributeProto a)
    {
        w.String(1, a.Name);
        if (a.Type == AttributeType.Float || a.F != 0) w.Float(2, a.F);
        if (a.Type == AttributeType.Int || a.I != 0) w.Int64(3, a.I);
        if (a.Type == AttributeType.String || a.S.Length > 0) w.String(4, a.S);
        if (a.T is not null) w.Message(5, a.T, WriteTensor);
        if (a.G is not null) w.Message(6, a.G, WriteGraph);
        foreach (var value in a.Floats) w.Float(7, value);
        foreach (var value in a.Ints) w.Int64(8, value);
        foreach (var value in a.Strings) w.String(9, value);
        w.Int64(20, (long)a.Type);
    }

    private static void WriteTensor(ProtoWriter w, TensorProto t)
    {
        foreach (var dim in t.Dims) w.Int64(1, dim);
        w.Int64(2, (long)t.DataType);
        w.PackedFloats(4, t.FloatData.AsSpan());
        if (!t.Int32Data.IsEmpty) w.PackedVarints(5, [.. t.Int32Data.Select(v => (long)v)]);
        w.PackedVarints(7, t.Int64Data.AsSpan());
        w.StringIfNonEmpty(8, t.Name);
        if (!t.RawData.IsEmpty) w.Bytes(9, t.RawData.AsSpan());
        w.PackedDoubles(10, t.DoubleData.AsSpan());
        foreach (var entry in t.ExternalData) w.Message(13, entry, WriteEntry);
        if (t.DataLocation != TensorDataLocation.Default) w.Int64(14, (long)t.DataLocation);
    }

    private static void WriteValueInfo(ProtoWriter w, ValueInfoProto v)
    {
        w.String(1, v.Name);
        if (v.Type is not null) w.Message(2, v.Type, WriteType);
    }

    private static void WriteType(ProtoWriter w, TypeProto t)
    {
        if (t.TensorType is not null) w.Message(1, t.TensorType, WriteTensorType);
    }

    private static void WriteTensorType(ProtoWriter w, TensorTypeProto t)
    {
        w.Int64(1, (long)t.ElementType);
        if (t.Shape is not null) w.Message(2, t.Shape, WriteShape);
    }

    private static void WriteShape(ProtoWriter w, TensorShapeProto s)
    {
        foreach (var dim in s.Dims) w.Message(1, dim, WriteDimension);
    }

    private static void WriteDimension(ProtoWriter w, DimensionProto d)
    {
        if (d.Value is { } value) w.Int64(1, value);
        else if (d.Param is { } param) w.String(2, param);
    }
}
