using System.Reflection;
using Assay.Benchmarking.Cost;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>Writes the networks Assay builds as ONNX models (opset 13) that ONNX Runtime runs with the same results.</summary>
/// <remarks>
/// The graph has one float32 input "input" of shape [batch, ..example shape] with a symbolic batch dimension "batch",
/// and one output "logits". Layers export in eval mode: Linear (Gemm with transB = 1, or MatMul + Add beyond rank 2),
/// Conv1d/2d/3d (zero padding, any stride, dilation and groups), BatchNorm1d/2d/3d (running statistics), ReLU,
/// LeakyReLU, Sigmoid, Tanh, GELU (opset 13 has no Gelu: exact GELU as x · ½ · (1 + erf(x / √2)), tanh GELU by its
/// formula), Softmax, LogSoftmax, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d (to 1×1 as GlobalAveragePool, to a divisor
/// of the input as AveragePool), Flatten (Flatten, or Reshape when not [N, rest]), Dropout and Identity (Identity),
/// nested Sequential, and <see cref="Residual"/> (its body, then Add). Recurrent layers (LSTM, GRU) and custom modules
/// are not supported. Nodes are named by module path ("conv1", "block.body.0"); weights are float32 initializers
/// named by parameter path ("conv1.weight"), each written once however many layers share it; other constants
/// (GELU's scalars, Reshape targets) are Constant nodes, so the ONNX cost counter reads only weights as parameters.
/// </remarks>
public static class TorchOnnxExporter
{
    public const int Opset = 13;

    /// <summary>The layer types <see cref="Export"/> writes.</summary>
    public static readonly IReadOnlyList<string> SupportedLayers =
    [
        "Sequential", "Residual", "Linear", "Conv1d", "Conv2d", "Conv3d", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "ReLU", "LeakyReLU",
        "Sigmoid", "Tanh", "GELU", "Softmax", "LogSoftmax", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Flatten", "Dropout", "Dropout1d",
        "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout", "Identity",
    ];

    /// <summary>Writes <paramref name="module"/> as an ONNX model file to <paramref name="destination"/>, which stays open.</summary>
    /// <param name="exampleShape">One input example without the batch dimension, e.g. [1, 28, 28].</param>
    /// <exception cref="ModelException">A layer type or setting ONNX cannot express here (the message names the layer and its type), or a forward pass that fails on the example shape.</exception>
    public static void Export(nn.Module<Tensor, Tensor> module, IReadOnlyList<int> exampleShape, Stream destination) =>
        OnnxModelWriter.Write(destination, ToModel(module, exampleShape));

    /// <summary>The ONNX model of <paramref name="module"/>, in memory.</summary>
    /// <exception cref="ModelException">A layer type or setting ONNX cannot express here, or a forward pass that fails on the example shape.</exception>
    public static ModelProto ToModel(nn.Module<Tensor, Tensor> module, IReadOnlyList<int> exampleShape)
    {
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var builder = new GraphBuilder(new ModuleNames(module));
            var example = zeros([1, .. exampleShape.Select(d => (long)d)]);
            string value;
            Tensor output;
            try
            {
                (value, output) = builder.Visit(module, GraphBuilder.InputName, example);
            }
            catch (System.Runtime.InteropServices.ExternalException e)
            {
                throw new ModelException($"{ModuleNames.TypeName(module)}: forward failed on an example of shape [1, {string.Join(", ", exampleShape)}] ({NativeErrors.Reason(e)})", e);
            }
            var graph = builder.Finish(value, exampleShape, output.shape, ModuleNames.TypeName(module));
            return new ModelProto
            {
                IrVersion = 7,
                OpsetImports = [new OperatorSetIdProto { Version = Opset }],
                ProducerName = "Assay",
                ProducerVersion = ProducerVersion,
                Graph = graph,
            };
        }
        finally
        {
            if (wasTraining) module.train();
        }
    }

    private static string ProducerVersion =>
        (typeof(TorchOnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0").Split('+')[0]
        + " (TorchSharp " + TorchBackendInfo.TorchSharpVersion + ")";

    /// <summary>Nodes and initializers of one graph, built by walking the module tree and running each layer on an example.</summary>
    private sealed class GraphBuilder(ModuleNames names)
    {
        public const string InputName = "input";
        private const string OutputName = "logits";

        private readonly List<NodeProto> _nodes = [];
        private readonly List<TensorProto> _initializers = [];
        private readonly Dictionary<(IntPtr Handle, bool Transposed), string> _weightNames = [];
        private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

        /// <summary>Adds the nodes of <paramref name="module"/> applied to the value <paramref name="input"/> (whose example is <paramref name="x"/>).</summary>
        public (string Value, Tensor Output) Visit(nn.Module module, string input, Tensor x)
        {
            switch (module)
            {
                case Sequential:
                    foreach (var (_, child) in module.named_children()) (input, x) = Visit(child, input, x);
                    return (input, x);
                case Residual residual:
                    var (body, y) = Visit(residual.Body, input, x);
                    var name = names.NextUse(residual);
                    Node("Add", name, [input, body], name);
                    return (name, x.add(y));
                case nn.Module<Tensor, Tensor> layer:
                    var path = names.NextUse(layer);
                    var output = layer.call(x);
                    Layer(layer, path, input, x.shape, output.shape);
                    return (path, output);
                default:
                    throw Unsupported(module, names.Path(module));
            }
        }

        public GraphProto Finish(string value, IReadOnlyList<int> exampleShape, long[] outputShape, string graphName)
        {
            if (value == InputName) Node("Identity", "output", [InputName], OutputName);
            else Rename(value, OutputName);
            return new GraphProto
            {
                Name = graphName,
                Nodes = [.. _nodes],
                Initializers = [.. _initializers],
                Inputs = [ValueInfoProto.Tensor(InputName, TensorDataType.Float, [DimensionProto.FromString("batch"), .. exampleShape.Select(d => DimensionProto.FromInt64(d))])],
                Outputs = [ValueInfoProto.Tensor(OutputName, TensorDataType.Float, [DimensionProto.FromString("batch"), .. outputShape.Skip(1).Select(DimensionProto.FromInt64)])],
            };
        }

        private void Layer(nn.Module<Tensor, Tensor> layer, string path, string input, long[] inShape, long[] outShape)
        {
            switch (layer)
            {
                case Linear linear when inShape.Length == 2:
                    Node("Gemm", path, [input, Weight(linear.weight!, path + ".weight"), .. Optional(linear.bias, path + ".bias")], path, AttributeProto.Int("transB", 1));
                    break;
                case Linear linear:
                    // Gemm takes matrices only; beyond rank 2, x · Wᵀ (+ b) broadcasts over the leading dimensions.
                    var product = linear.bias is null ? path : path + "/MatMul";
                    Node("MatMul", path, [input, Weight(linear.weight!, path + ".weight_t", transpose: true)], product);
                    if (linear.bias is { } bias) Node("Add", path + "/Add", [product, Weight(bias, path + ".bias")], path);
                    break;
                case ConvolutionTranspose:
                    throw Unsupported(layer, path);
                case Convolution conv:
                    Convolution(conv, path, input);
                    break;
                case BatchNorm norm:
                    BatchNormalization(norm, path, input);
                    break;
                case ReLU:
                    Node("Relu", path, [input], path);
                    break;
                case LeakyReLU leaky:
                    Node("LeakyRelu", path, [input], path, AttributeProto.Float("alpha", (float)leaky.negative_slope));
                    break;
                case Sigmoid:
                    Node("Sigmoid", path, [input], path);
                    break;
                case Tanh:
                    Node("Tanh", path, [input], path);
                    break;
                case GELU gelu:
                    Gelu(gelu, path, input);
                    break;
                case Softmax softmax:
                    Node("Softmax", path, [input], path, AttributeProto.Int("axis", softmax.dim));
                    break;
                case LogSoftmax softmax:
                    Node("LogSoftmax", path, [input], path, AttributeProto.Int("axis", softmax.dim));
                    break;
                case MaxPool2d pool:
                    var maxPads = Pads(pool.padding ?? [0, 0]);
                    var maxStrides = pool.stride ?? pool.kernel_size;
                    CheckPoolShape(layer, path, inShape, outShape, pool.kernel_size, maxStrides, maxPads, pool.dilation ?? [1, 1], pool.ceil_mode);
                    Node("MaxPool", path, [input], path,
                        AttributeProto.IntList("kernel_shape", pool.kernel_size), AttributeProto.IntList("strides", maxStrides),
                        AttributeProto.IntList("pads", maxPads), AttributeProto.IntList("dilations", pool.dilation ?? [1, 1]),
                        AttributeProto.Int("ceil_mode", pool.ceil_mode ? 1 : 0));
                    break;
                case AvgPool2d pool:
                    if (pool.divisor_override is not null)
                        throw new ModelException($"{path}: AvgPool2d with divisor_override has no ONNX AveragePool equivalent; cannot export");
                    var avgPads = Pads(pool.padding ?? [0, 0]);
                    var avgStrides = pool.stride ?? pool.kernel_size;
                    CheckPoolShape(layer, path, inShape, outShape, pool.kernel_size, avgStrides, avgPads, [1, 1], pool.ceil_mode);
                    Node("AveragePool", path, [input], path,
                        AttributeProto.IntList("kernel_shape", pool.kernel_size), AttributeProto.IntList("strides", avgStrides),
                        AttributeProto.IntList("pads", avgPads), AttributeProto.Int("ceil_mode", pool.ceil_mode ? 1 : 0),
                        AttributeProto.Int("count_include_pad", pool.count_include_pad ? 1 : 0));
                    break;
                case AdaptiveAvgPool2d when LayerRules.IsGlobal(outShape):
                    Node("GlobalAveragePool", path, [input], path);
                    break;
                case AdaptiveAvgPool2d when LayerRules.AdaptiveKernel(inShape, outShape) is { } kernel:
                    Node("AveragePool", path, [input], path, AttributeProto.IntList("kernel_shape", kernel), AttributeProto.IntList("strides", kernel));
                    break;
                case AdaptiveAvgPool2d:
                    throw new ModelException($"{path}: AdaptiveAvgPool2d from {inShape[^2]}x{inShape[^1]} to {outShape[^2]}x{outShape[^1]} uses uneven windows, which ONNX's pooling cannot express; cannot export");
                case Flatten flatten when LayerRules.IsOnnxFlatten(flatten, inShape.Length):
                    Node("Flatten", path, [input], path, AttributeProto.Int("axis", 1));
                    break;
                case Flatten flatten:
                    Node("Reshape", path, [input, Shape(path + ".shape", ReshapeTarget(flatten, inShape))], path);
                    break;
                case Dropout or Dropout1d or Dropout2d or Dropout3d or AlphaDropout or FeatureAlphaDropout or Identity:
                    Node("Identity", path, [input], path);
                    break;
                default:
                    throw Unsupported(layer, path);
            }
        }

        private void Convolution(Convolution conv, string path, string input)
        {
            if (conv.padding_mode != PaddingModes.Zeros)
                throw new ModelException($"{path}: {ModuleNames.TypeName(conv)} with padding_mode {conv.padding_mode} cannot be exported (ONNX Conv pads with zeros)");
            var kernel = conv.kernel_size;
            var dilation = conv.dilation;
            long[] pads;
            if (conv.padding_type == Padding.Same)
            {
                // PyTorch's "same": the total d·(k - 1) split with the smaller half first.
                var total = kernel.Select((k, i) => dilation[i] * (k - 1)).ToArray();
                pads = [.. total.Select(t => t / 2), .. total.Select(t => t - t / 2)];
            }
            else
            {
                pads = conv.padding_type == Padding.Valid || conv.padding is null ? new long[2 * kernel.Length] : Pads(conv.padding);
            }
            Node("Conv", path, [input, Weight(conv.weight!, path + ".weight"), .. Optional(conv.bias, path + ".bias")], path,
                AttributeProto.IntList("kernel_shape", kernel), AttributeProto.IntList("strides", conv.stride),
                AttributeProto.IntList("pads", pads), AttributeProto.IntList("dilations", dilation), AttributeProto.Int("group", conv.groups));
        }

        private void BatchNormalization(BatchNorm norm, string path, string input)
        {
            if (norm.running_mean is null || norm.running_var is null)
                throw new ModelException($"{path}: {ModuleNames.TypeName(norm)} without running statistics (track_running_stats false) normalizes with batch statistics in eval mode; cannot export");
            // Without affine parameters the scale is 1 and the shift 0.
            var scale = norm.weight is { } weight ? Weight(weight, path + ".weight") : Filled(path + ".weight", norm.num_features, 1);
            var bias = norm.bias is { } b ? Weight(b, path + ".bias") : Filled(path + ".bias", norm.num_features, 0);
            Node("BatchNormalization", path, [input, scale, bias, Weight(norm.running_mean, path + ".running_mean"), Weight(norm.running_var, path + ".running_var")], path,
                AttributeProto.Float("epsilon", (float)norm.eps));
        }

        private void Gelu(GELU gelu, string path, string input)
        {
            if (gelu.approximate == GELU.Approximate.none)
            {
                // x · ½ · (1 + erf(x / √2)); ONNX Runtime fuses this pattern back into one Gelu kernel.
                Node("Div", path + "/Div", [input, Constant("sqrt2", MathF.Sqrt(2))], path + "/Div");
                Node("Erf", path + "/Erf", [path + "/Div"], path + "/Erf");
                Node("Add", path + "/Add", [path + "/Erf", Constant("one", 1)], path + "/Add");
                Node("Mul", path + "/Mul", [input, path + "/Add"], path + "/Mul");
                Node("Mul", path + "/Half", [path + "/Mul", Constant("half", 0.5f)], path);
                return;
            }
            // ½ · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))
            Node("Mul", path + "/Square", [input, input], path + "/Square");
            Node("Mul", path + "/Cube", [path + "/Square", input], path + "/Cube");
            Node("Mul", path + "/Scale", [path + "/Cube", Constant("gelu_cubic", 0.044715f)], path + "/Scale");
            Node("Add", path + "/Inner", [input, path + "/Scale"], path + "/Inner");
            Node("Mul", path + "/Outer", [path + "/Inner", Constant("sqrt_2_over_pi", MathF.Sqrt(2 / MathF.PI))], path + "/Outer");
            Node("Tanh", path + "/Tanh", [path + "/Outer"], path + "/Tanh");
            Node("Add", path + "/Add", [path + "/Tanh", Constant("one", 1)], path + "/Add");
            Node("Mul", path + "/Mul", [input, path + "/Add"], path + "/Mul");
            Node("Mul", path + "/Half", [path + "/Mul", Constant("half", 0.5f)], path);
        }

        /// <summary>ONNX computes pooled sizes from pads alone; PyTorch's ceil_mode also drops a last window that starts in the padding.</summary>
        private static void CheckPoolShape(nn.Module layer, string path, long[] input, long[] output, long[] kernel, long[] strides, long[] pads, long[] dilations, bool ceil)
        {
            for (var i = 0; i < kernel.Length; i++)
            {
                var span = input[^(kernel.Length - i)] + pads[i] + pads[i + kernel.Length] - ((kernel[i] - 1) * dilations[i] + 1);
                var onnx = (ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
                if (onnx != output[^(kernel.Length - i)])
                    throw new ModelException($"{path}: {ModuleNames.TypeName(layer)} with ceil_mode on input [{string.Join(", ", input)}] gives [{string.Join(", ", output)}], which ONNX pooling does not reproduce; cannot export");
            }
        }

        /// <summary>PyTorch's per-side padding as ONNX's [begin..., end...].</summary>
        private static long[] Pads(long[] padding) => [.. padding, .. padding];

        /// <summary>The Reshape target of a Flatten: leading dimensions copied (0), the flattened run as -1, trailing ones fixed.</summary>
        private static long[] ReshapeTarget(Flatten flatten, long[] input)
        {
            var rank = input.Length;
            var start = flatten.start_dim < 0 ? flatten.start_dim + rank : flatten.start_dim;
            var end = flatten.end_dim < 0 ? flatten.end_dim + rank : flatten.end_dim;
            return [.. Enumerable.Repeat(0L, (int)start), -1, .. input.Skip((int)end + 1)];
        }

        private string[] Optional(Tensor? tensor, string name) => tensor is null ? [] : [Weight(tensor, name)];

        /// <summary>The initializer holding a parameter or buffer (transposed, if asked) as float32, added on its first use only.</summary>
        private string Weight(Tensor tensor, string name, bool transpose = false)
        {
            if (_weightNames.TryGetValue((tensor.Handle, transpose), out var existing)) return existing;
            using var scope = NewDisposeScope();
            var source = transpose ? tensor.detach().t() : tensor.detach();
            var values = source.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            _initializers.Add(TensorProto.FromFloats(name, source.shape, values));
            _weightNames[(tensor.Handle, transpose)] = name;
            return name;
        }

        private string Filled(string name, long count, float value)
        {
            _initializers.Add(TensorProto.FromFloats(name, [count], Enumerable.Repeat(value, checked((int)count)).ToArray()));
            return name;
        }

        /// <summary>A float32 scalar from a Constant node, emitted at its first use and shared after.</summary>
        /// <remarks>A Constant node, not an initializer: the ONNX cost counter reads a floating-point initializer in an operand slot as a parameter.</remarks>
        private string Constant(string key, float value)
        {
            if (_constants.TryGetValue(key, out var name)) return name;
            name = "const." + key;
            Node("Constant", name, [], name, AttributeProto.Tensor("value", TensorProto.FromFloats(name, [], [value])));
            _constants[key] = name;
            return name;
        }

        /// <summary>An int64 shape from a Constant node (not weights, so not an initializer).</summary>
        private string Shape(string name, long[] values)
        {
            Node("Constant", name, [], name, AttributeProto.Tensor("value", TensorProto.FromInt64s(name, [values.Length], values)));
            return name;
        }

        private void Node(string opType, string name, string[] inputs, string output, params AttributeProto[] attributes) =>
            _nodes.Add(new NodeProto { OpType = opType, Name = name, Inputs = [.. inputs], Outputs = [output], Attributes = [.. attributes] });

        /// <summary>Renames a value everywhere it is produced or read.</summary>
        private void Rename(string from, string to)
        {
            for (var i = 0; i < _nodes.Count; i++)
            {
                var node = _nodes[i];
                if (node.Outputs.Contains(from) || node.Inputs.Contains(from))
                {
                    _nodes[i] = node with
                    {
                        Inputs = [.. node.Inputs.Select(v => v == from ? to : v)],
                        Outputs = [.. node.Outputs.Select(v => v == from ? to : v)],
                    };
                }
            }
        }

        private static ModelException Unsupported(nn.Module module, string path) =>
            new($"{path}: cannot export a {ModuleNames.TypeName(module)} layer to ONNX (supported: {string.Join(", ", SupportedLayers)})");
    }
}
