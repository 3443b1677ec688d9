using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>The ONNX operator a known layer becomes and its cost, under the ONNX cost counter's conventions.</summary>
/// <remarks>
/// Shapes include the batch. MACs count only the products of Conv, ConvTranspose, Gemm and MatMul and BatchNormalization's
/// affine step (1 per element); bias adds, activations (1 per element, GELU included, whatever it costs to compute),
/// pooling (1 per window element read), softmax (3 per element) and the residual Add are "other ops"; layers that only
/// move data (Flatten, Reshape, Dropout and Identity, which eval mode makes an identity) cost nothing. The rules are
/// OpCatalog's in Assay.Core, applied to the operator <see cref="TorchOnnxExporter"/> writes for the layer.
/// </remarks>
internal static class LayerRules
{
    /// <summary>The rule for <paramref name="module"/> run on <paramref name="input"/> giving <paramref name="output"/>, or null when the type has none.</summary>
    public static LayerRule? Of(nn.Module module, long[] input, long[] output)
    {
        var outputs = Product(output);
        var inputs = Product(input);
        return module switch
        {
            Linear linear => new(input.Length == 2 ? "Gemm" : "MatMul", outputs * linear.in_features, linear.bias is null ? 0 : outputs),
            // Each input element multiplies every weight of its group: (out channels / groups) × kernel.
            ConvolutionTranspose conv => new("ConvTranspose", inputs * (conv.out_channels / conv.groups) * Product(conv.kernel_size), conv.bias is null ? 0 : outputs),
            // Each output element is a dot product over (in channels / groups) × kernel.
            Convolution conv => new("Conv", outputs * (conv.in_channels / conv.groups) * Product(conv.kernel_size), conv.bias is null ? 0 : outputs),
            BatchNorm => new("BatchNormalization", outputs, 0),
            ReLU => new("Relu", 0, outputs),
            LeakyReLU => new("LeakyRelu", 0, outputs),
            Sigmoid => new("Sigmoid", 0, outputs),
            Tanh => new("Tanh", 0, outputs),
            GELU => new("Gelu", 0, outputs),
            Softmax => new("Softmax", 0, 3 * outputs),
            LogSoftmax => new("LogSoftmax", 0, 3 * outputs),
            MaxPool2d pool => new("MaxPool", 0, outputs * Product(pool.kernel_size)),
            AvgPool2d pool => new("AveragePool", 0, outputs * Product(pool.kernel_size)),
            AdaptiveAvgPool2d when IsGlobal(output) => new("GlobalAveragePool", 0, inputs),
            AdaptiveAvgPool2d when AdaptiveKernel(input, output) is { } kernel => new("AveragePool", 0, outputs * Product(kernel)),
            Flatten flatten => new(IsOnnxFlatten(flatten, input.Length) ? "Flatten" : "Reshape", 0, 0),
            Dropout or Dropout1d or Dropout2d or Dropout3d or AlphaDropout or FeatureAlphaDropout or Identity => new("Identity", 0, 0),
            Residual => new("Add", 0, outputs),
            _ => null,
        };
    }

    /// <summary>Containers whose forward only chains their children: no arithmetic of their own.</summary>
    public static bool IsChain(nn.Module module) => module is Sequential;

    /// <summary>An adaptive average pool down to 1×1.</summary>
    public static bool IsGlobal(long[] output) => output.Length >= 2 && output[^1] == 1 && output[^2] == 1;

    /// <summary>The fixed window an adaptive average pool uses when each input side is a multiple of the output side, else null.</summary>
    public static long[]? AdaptiveKernel(long[] input, long[] output)
    {
        if (input.Length < 2 || output.Length != input.Length) return null;
        long[] kernel = [input[^2] / output[^2], input[^1] / output[^1]];
        return input[^2] % output[^2] == 0 && input[^1] % output[^1] == 0 ? kernel : null;
    }

    /// <summary>Whether a Flatten is ONNX's Flatten (axis 1: [N, rest]); others become a Reshape.</summary>
    public static bool IsOnnxFlatten(Flatten flatten, int rank)
    {
        var start = flatten.start_dim < 0 ? flatten.start_dim + rank : flatten.start_dim;
        var end = flatten.end_dim < 0 ? flatten.end_dim + rank : flatten.end_dim;
        return start == 1 && end == rank - 1;
    }

    public static long Product(IEnumerable<long> values) => values.Aggregate(1L, (a, b) => checked(a * b));
}

/// <summary>An ONNX operator type with its MACs and other operations for the whole batch.</summary>
internal readonly record struct LayerRule(string OpType, long Macs, long OtherOps);
