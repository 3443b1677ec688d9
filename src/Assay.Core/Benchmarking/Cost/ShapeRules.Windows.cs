namespace Assay.Benchmarking.Cost;

/// <summary>Convolutions and pooling: sliding windows over the spatial axes of an [N, C, D1, ..., Dk] input.</summary>
internal static partial class ShapeRules
{
    private static TensorFacts[] Conv(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        var w = ShapeAt(inputs, 1);
        if (x is null || w is null) return Unknown(node);
        if (x.Length < 3 || w.Length != x.Length)
            throw new InvalidDataException($"input {Shapes.Format(x)} and weights {Shapes.Format(w)} do not fit a convolution");
        var group = node.Int("group", 1);
        if (x[1] != w[1] * group)
            throw new InvalidDataException($"input {Shapes.Format(x)} has {x[1]} channels; weights {Shapes.Format(w)} with group {group} expect {w[1] * group}");
        var kernel = node.Ints("kernel_shape") ?? w[2..];
        long[] shape = [x[0], w[0], .. WindowOutput(node, x[2..], kernel, ceilMode: false)];
        return Outputs(node, new TensorFacts(shape, Input(inputs, 0)!.ElementType));
    }

    private static TensorFacts[] ConvTranspose(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        var w = ShapeAt(inputs, 1);
        if (x is null || w is null) return Unknown(node);
        if (x.Length < 3 || w.Length != x.Length || x[1] != w[0])
            throw new InvalidDataException($"input {Shapes.Format(x)} and weights {Shapes.Format(w)} do not fit a transposed convolution");
        var spatial = x.Length - 2;
        var group = node.Int("group", 1);
        var kernel = node.Ints("kernel_shape") ?? w[2..];
        var strides = node.Ints("strides") ?? Ones(spatial);
        var dilations = node.Ints("dilations") ?? Ones(spatial);
        var outputPadding = node.Ints("output_padding") ?? new long[spatial];
        var pads = node.Ints("pads") ?? new long[2 * spatial];
        var autoPad = node.String("auto_pad", "NOTSET");
        CheckLengths(spatial, kernel, strides, dilations, outputPadding, pads);
        var output = new long[spatial];
        var explicitShape = node.Ints("output_shape");
        for (var i = 0; i < spatial; i++)
        {
            var input = x[i + 2];
            output[i] = explicitShape is not null ? explicitShape[explicitShape.Length - spatial + i]
                : autoPad is "SAME_UPPER" or "SAME_LOWER" ? input * strides[i]
                : strides[i] * (input - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1
                    - (autoPad == "VALID" ? 0 : pads[i] + pads[i + spatial]);
            if (output[i] < 1) throw new InvalidDataException($"transposed convolution output dimension {i} would be {output[i]}");
        }
        long[] shape = [x[0], w[1] * group, .. output];
        return Outputs(node, new TensorFacts(shape, Input(inputs, 0)!.ElementType));
    }

    private static TensorFacts[] Pool(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        var kernel = node.Ints("kernel_shape");
        if (x is null || kernel is null) return Unknown(node);
        if (x.Length != kernel.Length + 2)
            throw new InvalidDataException($"input {Shapes.Format(x)} does not fit kernel [{string.Join(", ", kernel)}]");
        long[] shape = [x[0], x[1], .. WindowOutput(node, x[2..], kernel, node.Int("ceil_mode", 0) != 0)];
        var output = new TensorFacts(shape, Input(inputs, 0)!.ElementType);
        return Outputs(node, output, new TensorFacts(shape, TensorDataType.Int64));
    }

    private static TensorFacts[] GlobalPool(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        if (x is null) return Unknown(node);
        if (x.Length < 3) throw new InvalidDataException($"input {Shapes.Format(x)} has no spatial axes to pool");
        long[] shape = [x[0], x[1], .. Ones(x.Length - 2)];
        return Outputs(node, new TensorFacts(shape, Input(inputs, 0)!.ElementType));
    }

    /// <summary>Spatial output sizes of a window with the node's strides, dilations, pads and auto_pad.</summary>
    /// <remarks>
    /// Explicit pads: out = floor((in + pad_begin + pad_end − ((k − 1)·d + 1)) / s) + 1, with ceil instead of floor in
    /// ceil_mode, dropping a last window that would start inside the end padding (PyTorch's rule, which ONNX adopted).
    /// SAME_UPPER and SAME_LOWER: out = ceil(in / s). VALID: no padding.
    /// </remarks>
    private static long[] WindowOutput(NodeProto node, long[] input, long[] kernel, bool ceilMode)
    {
        var spatial = input.Length;
        var strides = node.Ints("strides") ?? Ones(spatial);
        var dilations = node.Ints("dilations") ?? Ones(spatial);
        var pads = node.Ints("pads") ?? new long[2 * spatial];
        var autoPad = node.String("auto_pad", "NOTSET");
        CheckLengths(spatial, kernel, strides, dilations, [], pads);
        var output = new long[spatial];
        for (var i = 0; i < spatial; i++)
        {
            var extent = (kernel[i] - 1) * dilations[i] + 1;
            if (autoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                output[i] = CeilDiv(input[i], strides[i]);
            }
            else
            {
                var (begin, end) = autoPad == "VALID" ? (0L, 0L) : (pads[i], pads[i + spatial]);
                var span = input[i] + begin + end - extent;
                if (span < 0) throw new InvalidDataException($"window of extent {extent} is larger than padded input dimension {input[i] + begin + end}");
                output[i] = (ceilMode ? CeilDiv(span, strides[i]) : span / strides[i]) + 1;
                if (ceilMode && (output[i] - 1) * strides[i] >= input[i] + begin) output[i]--;
            }
        }
        return output;
    }

    private static void CheckLengths(int spatial, long[] kernel, long[] strides, long[] dilations, long[] outputPadding, long[] pads)
    {
        if (kernel.Length != spatial || strides.Length != spatial || dilations.Length != spatial
            || (outputPadding.Length != 0 && outputPadding.Length != spatial) || pads.Length != 2 * spatial)
            throw new InvalidDataException($"kernel, strides, dilations or pads do not have one entry per spatial axis ({spatial})");
        if (strides.Any(s => s < 1) || dilations.Any(d => d < 1) || kernel.Any(k => k < 1))
            throw new InvalidDataException("kernel, strides and dilations must be positive");
    }

    private static long[] Ones(int count) => [.. Enumerable.Repeat(1L, count)];

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
