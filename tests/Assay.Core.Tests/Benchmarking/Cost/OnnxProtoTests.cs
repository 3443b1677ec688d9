using Assay.Benchmarking.Cost;
using Assay.Tests;
using static Assay.Core.Tests.Benchmarking.Cost.Graphs;

namespace Assay.Core.Tests.Benchmarking.Cost;

public class OnnxProtoTests
{
    private static readonly string MlpPath = TestAssets.Path("fashion-mnist-mlp.onnx");

    [Fact]
    public void Reads_the_pytorch_mlp()
    {
        var model = OnnxModelReader.Read(MlpPath);

        Assert.Equal(7, model.IrVersion);
        Assert.Equal("pytorch", model.ProducerName);
        Assert.Equal("1.13.0", model.ProducerVersion);
        Assert.Equal(13, model.DefaultOpset);
        Assert.Equal(["Flatten", "Gemm", "Relu", "Gemm"], model.Graph.Nodes.Select(n => n.OpType));
        Assert.Equal(["/0/Flatten_output_0", "1.weight", "1.bias"], model.Graph.Nodes[1].Inputs);
        Assert.Equal(1, model.Graph.Nodes[1].Attribute("transB")!.I);
        Assert.Equal(1f, model.Graph.Nodes[1].Attribute("alpha")!.F);
        var weight = model.Graph.Initializers[0];
        Assert.Equal(("1.weight", TensorDataType.Float), (weight.Name, weight.DataType));
        Assert.Equal([64L, 784], weight.Dims);
        Assert.Equal(64 * 784 * 4, weight.RawData.Count);
        var input = model.Graph.Inputs.Single().Type!.TensorType!;
        Assert.Equal(TensorDataType.Float, input.ElementType);
        Assert.Equal(["N", "1", "28", "28"], input.Shape!.Dims.Select(d => d.ToString()));
    }

    [Fact]
    public void The_pytorch_mlp_survives_read_write_read_byte_for_byte()
    {
        var original = File.ReadAllBytes(MlpPath);
        var model = OnnxModelReader.Read(MlpPath);

        var written = OnnxModelWriter.ToBytes(model);

        Assert.Equal(model, OnnxModelReader.Parse(written, "written"));
        Assert.Equal(original, written); // protobuf's serializer also writes fields in number order
        Assert.Equal(written.Length, OnnxModelWriter.SerializedSize(model));
    }

    [Fact]
    public void Every_modelled_field_round_trips()
    {
        var model = EveryField();

        var written = OnnxModelWriter.ToBytes(model);
        var read = OnnxModelReader.Parse(written, "written");

        Assert.Equal(model, read);
        Assert.Equal(written, OnnxModelWriter.ToBytes(read));
        Assert.Equal(written.Length, OnnxModelWriter.SerializedSize(model));
    }

    [Fact]
    public void Writes_to_a_file_and_reads_it_back()
    {
        using var folder = new TempFolder();
        var path = folder.Path("model.onnx");

        OnnxModelWriter.Write(path, EveryField());

        Assert.Equal(EveryField(), OnnxModelReader.Read(path));
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var node = Message(w =>
        {
            w.String(1, "x");
            w.Int64(99, 12345); // varint
            w.Tag(100, WireType.Fixed64);
            w.Raw([1, 2, 3, 4, 5, 6, 7, 8]);
            w.Tag(101, WireType.Fixed32);
            w.Raw([0x7F, 0xFF, 0xFF, 0xFF]);
            w.String(102, "nested bytes");
            w.Tag(103, WireType.StartGroup);
            w.Int64(1, 7);
            w.Tag(103, WireType.EndGroup);
            w.String(2, "y");
            w.String(4, "Relu");
        });
        var bytes = Message(w =>
        {
            w.Int64(1, 8);
            w.Int64(42, -1);
            w.Message(7, node, (g, n) => g.Bytes(1, n)); // the graph holds one node
            w.String(20, "training info, skipped");
        });

        var model = OnnxModelReader.Parse(bytes, "crafted");

        var read = model.Graph.Nodes.Single();
        Assert.Equal(("Relu", "x", "y"), (read.OpType, read.Inputs.Single(), read.Outputs.Single()));
        Assert.Empty(model.OpsetImports);
    }

    [Fact]
    public void Repeated_numbers_are_read_packed_or_unpacked()
    {
        var tensor = Message(w =>
        {
            w.PackedVarints(1, [2, 3]); // dims packed, though onnx.proto leaves them unpacked
            w.Int64(2, (long)TensorDataType.Float);
            foreach (var v in new[] { 1f, 2f, 3f, 4f, 5f, 6f }) w.Float(4, v); // float_data unpacked, though declared packed
        });
        var attribute = Message(w =>
        {
            w.String(1, "pads");
            w.PackedVarints(8, [1, 1, -1, 1]); // ints packed
            w.Int64(20, (long)AttributeType.Ints);
        });
        var bytes = Message(w =>
        {
            w.Int64(1, 8);
            w.Message(7, 0, (g, _) =>
            {
                g.Message(1, 0, (n, _) =>
                {
                    n.String(4, "Pad");
                    n.Message(5, attribute, Raw);
                });
                g.Message(5, tensor, Raw);
            });
        });

        var graph = OnnxModelReader.Parse(bytes, "crafted").Graph;

        Assert.Equal([2L, 3], graph.Initializers[0].Dims);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], graph.Initializers[0].FloatData);
        Assert.Equal([1L, 1, -1, 1], graph.Nodes[0].Attribute("pads")!.Ints);
    }

    [Theory]
    [InlineData(new byte[0], "empty file")]
    [InlineData(new byte[] { 0x08, 0x07 }, "no graph")]
    [InlineData(new byte[] { 0x3A, 0x10, 0x0A }, "truncated: a length of 16 at byte 1 runs past the end (remaining: 1)")]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF }, "truncated: a varint at byte 1 runs past the end")]
    [InlineData(new byte[] { 0x0A, 0x00 }, "field 1 of ModelProto has wire type 2, expected 0 (before byte 1)")]
    [InlineData(new byte[] { 0x0F }, "invalid wire type 7 at byte 0")]
    public void Malformed_bytes_are_not_an_onnx_model(byte[] bytes, string reason)
    {
        var e = Assert.Throws<ModelException>(() => OnnxModelReader.Parse(bytes, "bad.onnx"));

        Assert.Equal($"bad.onnx: not an ONNX model ({reason})", e.Message);
    }

    [Fact]
    public void A_truncated_file_names_the_file_on_one_line()
    {
        using var folder = new TempFolder();
        var path = folder.Path("cut.onnx");
        File.WriteAllBytes(path, File.ReadAllBytes(MlpPath)[..100_000]);

        var e = Assert.Throws<ModelException>(() => OnnxModelReader.Read(path));

        Assert.StartsWith($"{path}: not an ONNX model (truncated: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_text_file_or_a_missing_file_is_a_model_error()
    {
        using var folder = new TempFolder();
        var text = folder.Path("notes.onnx");
        File.WriteAllText(text, "this is a text file, not a model\n");

        Assert.StartsWith($"{text}: not an ONNX model (", Assert.Throws<ModelException>(() => OnnxModelReader.Read(text)).Message);
        Assert.Equal($"{folder.Path("missing.onnx")}: model file not found",
            Assert.Throws<ModelException>(() => OnnxModelReader.Read(folder.Path("missing.onnx"))).Message);
        Assert.StartsWith($"{text}: not an ONNX model (", Assert.Throws<ModelException>(() => OnnxCostCounter.Count(text)).Message);
    }

    [Fact]
    public void Corrupted_models_parse_or_fail_as_model_errors_never_otherwise()
    {
        var original = OnnxModelWriter.ToBytes(EveryField());
        var random = new Random(7);
        for (var trial = 0; trial < 3000; trial++)
        {
            var bytes = (byte[])original.Clone();
            if (trial % 3 == 0) bytes = bytes[..random.Next(bytes.Length)];
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                if (bytes.Length > 0) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                OnnxModelReader.Parse(bytes, "fuzz");
            }
            catch (ModelException e)
            {
                Assert.StartsWith("fuzz: not an ONNX model (", e.Message);
            }
        }
    }

    [Fact]
    public void Tensor_factories_check_their_element_count()
    {
        var tensor = TensorProto.FromFloats("w", [2, 2], [1f, 2f, 3f, 4f]);

        Assert.Equal(16, tensor.RawData.Count);
        Assert.Equal([1.0, 2.0, 3.0, 4.0], tensor.DecodeFloats()!);
        Assert.Equal([-1L, 5], TensorProto.FromInt64s("s", [2], [-1, 5]).DecodeIntegers()!);
        Assert.Throws<ArgumentException>(() => TensorProto.FromFloats("w", [2, 3], [1f]));
    }

    private static ModelProto EveryField()
    {
        var subgraph = new GraphProto { Name = "branch", Nodes = [Node("Identity", "x", "z")], Outputs = [ValueInfoProto.Tensor("z", TensorDataType.Float)] };
        var node = new NodeProto
        {
            OpType = "Custom",
            Domain = "com.example",
            Name = "everything",
            DocString = "a node with one attribute of each kind",
            Inputs = ["x", "", "w"],
            Outputs = ["y"],
            Attributes =
            [
                AttributeProto.Float("alpha", 0.25f),
                AttributeProto.Float("zero", 0f),
                AttributeProto.Int("axis", -1),
                AttributeProto.Int("none", 0),
                AttributeProto.String("mode", "constant ✓"),
                AttributeProto.String("empty", ""),
                AttributeProto.Tensor("value", TensorProto.FromInt64s("", [3], [1, -2, long.MaxValue])),
                AttributeProto.Graph("then_branch", subgraph),
                AttributeProto.FloatList("scales", 1f, float.NaN, -0.5f),
                AttributeProto.IntList("pads", 0, 1, -1, long.MinValue),
                AttributeProto.StringList("names", "a", "", "c"),
            ],
        };
        TensorProto[] initializers =
        [
            Weights("w", 2, 3),
            new() { Name = "f", DataType = TensorDataType.Float, Dims = [2], FloatData = [1.5f, -2f] },
            new() { Name = "i32", DataType = TensorDataType.Int32, Dims = [3], Int32Data = [1, -1, int.MinValue] },
            new() { Name = "i64", DataType = TensorDataType.Int64, Dims = [2], Int64Data = [long.MinValue, 3] },
            new() { Name = "d", DataType = TensorDataType.Double, Dims = [], DoubleData = [Math.PI] },
            new() { Name = "zero_size", DataType = TensorDataType.Float, Dims = [0, 4] },
            new()
            {
                Name = "outside", DataType = TensorDataType.Float16, Dims = [1024], DataLocation = TensorDataLocation.External,
                ExternalData = [new StringStringEntryProto { Key = "location", Value = "weights.bin" }, new StringStringEntryProto { Key = "offset", Value = "0" }],
            },
        ];
        return new ModelProto
        {
            IrVersion = 9,
            ProducerName = "assay",
            ProducerVersion = "0.1.0",
            Domain = "org.assay",
            ModelVersion = 3,
            DocString = "every modelled field",
            OpsetImports = [new OperatorSetIdProto { Version = 19 }, new OperatorSetIdProto { Domain = "com.example", Version = 1 }],
            MetadataProps = [new StringStringEntryProto { Key = "labels", Value = "cat,dog" }],
            Graph = new GraphProto
            {
                Name = "main",
                DocString = "graph doc",
                Nodes = [node],
                Initializers = [.. initializers],
                Inputs = [Input("x", "batch", 3, 0), new ValueInfoProto { Name = "opaque" }, new ValueInfoProto { Name = "unranked", Type = new TypeProto { TensorType = new TensorTypeProto { ElementType = TensorDataType.Int8 } } }],
                Outputs = [ValueInfoProto.Tensor("y", TensorDataType.BFloat16, new DimensionProto())],
                ValueInfo = [ValueInfoProto.Tensor("mid", TensorDataType.Bool)],
            },
        };
    }

    private static byte[] Message(Action<ProtoWriter> body)
    {
        using var stream = new MemoryStream();
        var writer = ProtoWriter.To(stream);
        body(writer);
        writer.Flush();
        return stream.ToArray();
    }

    private static void Raw(ProtoWriter writer, byte[] message) => writer.Raw(message);
}
