namespace Assay.Benchmarking.Cost;

/// <summary>Reads ONNX model files into <see cref="ModelProto"/> records, without ONNX Runtime.</summary>
/// <remarks>
/// Fields not modelled are skipped whatever their wire type. A known field with the wrong wire type, a length running
/// past the end, a bad varint, text that is not UTF-8, or a model without IR version or graph means the bytes are
/// not an ONNX model. Repeated numbers are accepted packed or unpacked, as protobuf requires.
/// </remarks>
public static class OnnxModelReader
{
    private const int MaxGraphDepth = 32;

    /// <summary>Reads a model file.</summary>
    /// <exception cref="ModelException">The file is missing, unreadable, truncated or not an ONNX model.</exception>
    public static ModelProto Read(string path)
    {
        if (!File.Exists(path)) throw new ModelException($"{path}: model file not found");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException($"{path}: cannot read the model file ({e.Message})", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Reads a model from its bytes; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ModelException">The bytes are truncated or not an ONNX model.</exception>
    public static ModelProto Parse(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            if (bytes.IsEmpty) throw new InvalidDataException("empty file");
            return ReadModel(new ProtoReader(bytes));
        }
        catch (InvalidDataException e)
        {
            throw new ModelException($"{source}: not an ONNX model ({e.Message})", e);
        }
    }

    private static ModelProto ReadModel(ProtoReader reader)
    {
        const string Message = "ModelProto";
        long? irVersion = null;
        GraphProto? graph = null;
        var opsets = new List<OperatorSetIdProto>();
        var metadata = new List<StringStringEntryProto>();
        string producerName = "", producerVersion = "", domain = "", docString = "";
        long modelVersion = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(wire, WireType.Varint, field, Message); irVersion = reader.ReadInt64(); break;
                case 2: reader.Expect(wire, WireType.LengthDelimited, field, Message); producerName = reader.ReadString(); break;
                case 3: reader.Expect(wire, WireType.LengthDelimited, field, Message); producerVersion = reader.ReadString(); break;
                case 4: reader.Expect(wire, WireType.LengthDelimited, field, Message); domain = reader.ReadString(); break;
                case 5: reader.Expect(wire, WireType.Varint, field, Message); modelVersion = reader.ReadInt64(); break;
                case 6: reader.Expect(wire, WireType.LengthDelimited, field, Message); docString = reader.ReadString(); break;
                case 7: reader.Expect(wire, WireType.LengthDelimited, field, Message); graph = ReadGraph(reader.ReadMessage(), 0); break;
                case 8: reader.Expect(wire, WireType.LengthDelimited, field, Message); opsets.Add(ReadOpset(reader.ReadMessage())); break;
                case 14: reader.Expect(wire, WireType.LengthDelimited, field, Message); metadata.Add(ReadEntry(reader.ReadMessage())); break;
                default: reader.Skip(wire, field); break;
            }
        }
        if (irVersion is null) throw new InvalidDataException("no IR version");
        if (graph is null) throw new InvalidDataException("no graph");
        return new ModelProto
        {
            IrVersion = irVersion.Value,
            OpsetImports = Own(opsets),
            ProducerName = producerName,
            ProducerVersion = producerVersion,
            Domain = domain,
            ModelVersion = modelVersion,
            DocString = docString,
            Graph = graph,
            MetadataProps = Own(metadata),
        };
    }

    private static OperatorSetIdProto ReadOpset(ProtoReader reader)
    {
        string domain = "";
        long version = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(wire, WireType.LengthDelimited, field, "OperatorSetIdProto"); domain = reader.ReadString(); break;
                case 2: reader.Expect(wire, WireType.Varint, field, "OperatorSetIdProto"); version = reader.ReadInt64(); break;
                default: reader.Skip(wire, field); break;
            }
        }
        return new OperatorSetIdProto { Domain = domain, Version = version };
    }

    private static StringStringEntryProto ReadEntry(ProtoReader reader)
    {
        string key = "", value = "";
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(wire, WireType.LengthDelimited, field, "StringStringEntryProto"); key = reader.ReadString(); break;
                case 2: reader.Expect(wire, WireType.LengthDelimited, field, "StringStringEntryProto"); value = reader.ReadString(); break;
                default: reader.Skip(wire, field); break;
            }
        }
        return new StringStringEntryProto { Key = key, Value = value };
    }

    private static GraphProto ReadGraph(ProtoReader reader, int depth)
    {
        const string Message = "GraphProto";
        if (depth > MaxGraphDepth) throw new InvalidDataException($"subgraphs nested deeper than {MaxGraphDepth} at byte {reader.Offset}");
        var nodes = new List<NodeProto>();
        var initializers = new List<TensorProto>();
        var inputs = new List<ValueInfoProto>();
        var outputs = new List<ValueInfoProto>();
        var valueInfo = new List<ValueInfoProto>();
        string name = "", docString = "";
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(wire, WireType.LengthDelimited, field, Message); nodes.Add(ReadNode(reader.ReadMessage(), depth)); break;
                case 2: reader.Expect(wire, WireType.LengthDelimited, field, Message); name = reader.ReadString(); break;
                case 5: reader.Expect(wire, WireType.LengthDelimited, field, Message); initializers.Add(ReadTensor(reader.ReadMessage())); break;
                case 10: reader.Expect(wire, WireType.LengthDelimited, field, Message); docString = reader.ReadString(); break;
                case 11: reader.Expect(wire, WireType.LengthDelimited, field, Message); inputs.Add(ReadValueInfo(reader.ReadMessage())); break;
                case 12: reader.Expect(wire, WireType.LengthDelimited, field, Message); outputs.Add(ReadValueInfo(reader.ReadMessage())); break;
                case 13: reader.Expect(wire, WireType.LengthDelimited, field, Message); valueInfo.Add(ReadValueInfo(reader.ReadMessage())); break;
                default: reader.Skip(wire, field); break;
            }
        }
        return new GraphProto
        {
            Nodes = Own(nodes),
            Name = name,
            Initializers = Own(initializers),
            DocString = docString,
            Inputs = Own(inputs),
            Outputs = Own(outputs),
            ValueInfo = Own(valueInfo),
        };
    }

    private static NodeProto ReadNode(ProtoReader reader, int depth)
    {
        const string Message = "NodeProto";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<AttributeProto>();
        string name = "", opType = "", docString = "", domain = "";
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(wire, WireType.LengthDelimited, field, Message); inputs.Add(reader.ReadString()); break;
                case 2: reader.Expect(wire, WireType.LengthDelimited, field, Message); outputs.Add(reader.ReadString()); break;
                case 3: reader.Expect(wire, WireType.LengthDelimited, field, Message); name = reader.ReadString(); break;
                case 4: reader.Expect(wire, WireType.LengthDelimited, field, Message); opType = reader.ReadString(); break;
                case 5: reader.Expect(wire, WireType.LengthDelimited, field, Message); attributes.Add(ReadAttribute(reader.ReadMessage(), depth)); break;
                case 6: reader.Expect(wire, WireType.LengthDelimited, field, Message); docString = reader.ReadString(); break;
                case 7: reader.Expect(wire, WireType.LengthDelimited, field, Message); domain = reader.ReadString(); break;
                default: reader.Skip(wire, field); break;
            }
        }
        return new NodeProto
        {
            Inputs = Own(inputs),
            Outputs = Own(outputs),
            Name = name,
            OpType = opType,
            Attributes = Own(attributes),
            DocString = docString,
            Domain = domain,
        };
    }

    private static AttributeProto ReadAttribute(ProtoReader reader, int depth)
    {
        const string Message = "AttributeProto";
        var floats = new List<float>();
        var ints = new List<long>();
        var strings = new List<string>();
        string name = "", s = "";
        float f = 0;
        long i = 0;
        TensorProto? t = null;
        GraphProto? g = null;
        var type = AttributeType.Undefined;
        bool hasF = false, hasI = false, hasS = false;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(wire, WireType.LengthDelimited, field, Message); name = reader.ReadString(); break;
                case 2: reader.Expect(wire, WireType.Fixed32, field, Message); f = reader.ReadFloat(); hasF = true; break;
                case 3: reader.Expect(wire, WireType.Varint, field, Message); i = reader.ReadInt64(); hasI = true; break;
                case 4: reader.Expect(wire, WireType.LengthDelimited, field, Message); s = reader.ReadString(); hasS = true; break;
                case 5: reader.Expect(wire, WireType.LengthDelimited, field, Message); t = ReadTensor(reader.ReadMessage()); break;
                case 6: reader.Expect(wire, WireType.LengthDelimited, field, Message); g = ReadGraph(reader.ReadMessage(), depth + 1); break;
                case 7: reader.ReadFloats(wire, floats); break;
                case 8: reader.ReadVarints(wire, ints); break;
                case 9: reader.Expect(wire, WireType.LengthDelimited, field, Message); strings.Add(reader.ReadString()); break;
                case 20: reader.Expect(wire, WireType.Varint, field, Message); type = (AttributeType)reader.ReadInt32(); break;
                default: reader.Skip(wire, field); break;
            }
        }
        // IR versions before 0.0.2 left the type out; it is implied by the one value field present.
        if (type == AttributeType.Undefined)
        {
            type = floats.Count > 0 ? AttributeType.Floats
                : ints.Count > 0 ? AttributeType.Ints
                : strings.Count > 0 ? AttributeType.Strings
                : t is not null ? AttributeType.Tensor
                : g is not null ? AttributeType.Graph
                : hasS ? AttributeType.String
                : hasI ? AttributeType.Int
                : hasF ? AttributeType.Float
                : AttributeType.Undefined;
        }
        return new AttributeProto { Name = name, Type = type, F = f, I = i, S = s, T = t, G = g, Floats = Own(floats), Ints = Own(ints), Strings = Own(strings) };
    }

    private static TensorProto ReadTensor(ProtoReader reader)
    {
        const string Message = "TensorProto";
        var dims = new List<long>();
        var floatData = new List<float>();
        var int32Data = new List<int>();
        var int64Data = new List<long>();
        var doubleData = new List<double>();
        var externalData = new List<StringStringEntryProto>();
        var dataType = TensorDataType.Undefined;
        var location = TensorDataLocation.Default;
        string name = "";
        byte[] raw = [];
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.ReadVarints(wire, dims); break;
                case 2: reader.Expect(wire, WireType.Varint, field, Message); dataType = (TensorDataType)reader.ReadInt32(); break;
                case 4: reader.ReadFloats(wire, floatData); break;
                case 5: reader.ReadInt32s(wire, int32Data); break;
                case 7: reader.ReadVarints(wire, int64Data); break;
                case 8: reader.Expect(wire, WireType.LengthDelimited, field, Message); name = reader.ReadString(); break;
                case 9: reader.Expect(wire, WireType.LengthDelimited, field, Message); raw = reader.ReadBytes(); break;
                case 10: reader.ReadDoubles(wire, doubleData); break;
                case 13: reader.Expect(wire, WireType.LengthDelimited, field, Message); externalData.Add(ReadEntry(reader.ReadMessage())); break;
                case 14: reader.Expect(wire, WireType.Varint, field, Message); location = (TensorDataLocation)reader.ReadInt32(); break;
                default: reader.Skip(wire, field); break;
            }
        }
        return new TensorProto
        {
            Dims = Own(dims),
            DataType = dataType,
            FloatData = Own(floatData),
            Int32Data = Own(int32Data),
            Int64Data = Own(int64Data),
            Name = name,
            RawData = EquatableArray<byte>.Own(raw),
            DoubleData = Own(doubleData),
            ExternalData = Own(externalData),
            DataLocation = location,
        };
    }

    private static ValueInfoProto ReadValueInfo(ProtoReader reader)
    {
        string name = "";
        TypeProto? type = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(wire, WireType.LengthDelimited, field, "ValueInfoProto"); name = reader.ReadString(); break;
                case 2: reader.Expect(wire, WireType.LengthDelimited, field, "ValueInfoProto"); type = ReadType(reader.ReadMessage()); break;
                default: reader.Skip(wire, field); break;
            }
        }
        return new ValueInfoProto { Name = name, Type = type };
    }

    private static TypeProto ReadType(ProtoReader reader)
    {
        TensorTypeProto? tensor = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1)
            {
                reader.Expect(wire, WireType.LengthDelimited, field, "TypeProto");
                tensor = ReadTensorType(reader.ReadMessage());
            }
            else
            {
                reader.Skip(wire, field);
            }
        }
        return new TypeProto { TensorType = tensor };
    }

    private static TensorTypeProto ReadTensorType(ProtoReader reader)
    {
        var elementType = TensorDataType.Undefined;
        TensorShapeProto? shape = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(wire, WireType.Varint, field, "TypeProto.Tensor"); elementType = (TensorDataType)reader.ReadInt32(); break;
                case 2: reader.Expect(wire, WireType.LengthDelimited, field, "TypeProto.Tensor"); shape = ReadShape(reader.ReadMessage()); break;
                default: reader.Skip(wire, field); break;
            }
        }
        return new TensorTypeProto { ElementType = elementType, Shape = shape };
    }

    private static TensorShapeProto ReadShape(ProtoReader reader)
    {
        var dims = new List<DimensionProto>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1)
            {
                reader.Expect(wire, WireType.LengthDelimited, field, "TensorShapeProto");
                dims.Add(ReadDimension(reader.ReadMessage()));
            }
            else
            {
                reader.Skip(wire, field);
            }
        }
        return new TensorShapeProto { Dims = Own(dims) };
    }

    private static DimensionProto ReadDimension(ProtoReader reader)
    {
        long? value = null;
        string? param = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                // A oneof: the last one read wins, as in protobuf.
                case 1: reader.Expect(wire, WireType.Varint, field, "TensorShapeProto.Dimension"); value = reader.ReadInt64(); param = null; break;
                case 2: reader.Expect(wire, WireType.LengthDelimited, field, "TensorShapeProto.Dimension"); param = reader.ReadString(); value = null; break;
                default: reader.Skip(wire, field); break;
            }
        }
        return new DimensionProto { Value = value, Param = param };
    }

    private static EquatableArray<T> Own<T>(List<T> items) => EquatableArray<T>.Own([.. items]);
}
