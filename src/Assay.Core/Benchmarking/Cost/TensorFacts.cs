namespace Assay.Benchmarking.Cost;

/// <summary>What static analysis knows about one value: its shape and, for small constants, its contents.</summary>
/// <remarks>
/// A shape is either fully known or null: partial shapes buy nothing for counting. Contents are kept for tensors of at
/// most <see cref="MaxFoldedElements"/> elements so shape arithmetic (Shape → Gather → Concat → Reshape) folds;
/// integer and bool contents in <see cref="Ints"/>, floating-point ones in <see cref="Floats"/>.
/// </remarks>
internal sealed record TensorFacts(long[]? Shape, TensorDataType ElementType = TensorDataType.Undefined, long[]? Ints = null, double[]? Floats = null)
{
    public const int MaxFoldedElements = 4096;

    public static readonly TensorFacts Unknown = new((long[]?)null);

    public long? ElementCount => Shape is null ? null : Shapes.Product(Shape);

    public bool HasValues => Ints is not null || Floats is not null;

    /// <summary>Contents as doubles, whichever way they are held.</summary>
    public double[]? AsDoubles => Floats ?? Ints?.Select(v => (double)v).ToArray();

    /// <summary>Facts with contents, stored by the element type's kind; contents dropped when too many.</summary>
    public static TensorFacts WithValues(long[] shape, TensorDataType type, double[] values)
    {
        if (values.Length > MaxFoldedElements) return new TensorFacts(shape, type);
        return TensorDataTypes.IsFloatingPoint(type)
            ? new TensorFacts(shape, type, Floats: values)
            : new TensorFacts(shape, type, Ints: [.. values.Select(v => (long)v)]);
    }

    public static TensorFacts WithInts(long[] shape, TensorDataType type, long[] values) =>
        values.Length > MaxFoldedElements ? new TensorFacts(shape, type) : new TensorFacts(shape, type, Ints: values);

    /// <summary>Facts for an initializer or Constant value: its dims and, when small and decodable, its contents.</summary>
    public static TensorFacts Of(TensorProto tensor)
    {
        long[] shape = [.. tensor.Dims];
        if (tensor.ElementCount > MaxFoldedElements) return new TensorFacts(shape, tensor.DataType);
        return new TensorFacts(shape, tensor.DataType, tensor.DecodeIntegers(), tensor.DecodeFloats());
    }
}

/// <summary>Shape arithmetic shared by the shape and cost rules.</summary>
internal static class Shapes
{
    public static long Product(ReadOnlySpan<long> dims)
    {
        long product = 1;
        foreach (var dim in dims) product = checked(product * dim);
        return product;
    }

    /// <summary>Numpy-style multidirectional broadcasting.</summary>
    /// <exception cref="InvalidDataException">Two dimensions differ and neither is 1.</exception>
    public static long[] Broadcast(IReadOnlyList<long[]> shapes)
    {
        var rank = shapes.Max(s => s.Length);
        var result = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            long dim = 1;
            foreach (var shape in shapes)
            {
                var j = i - (rank - shape.Length);
                if (j < 0) continue;
                var d = shape[j];
                if (d == dim || d == 1) continue;
                if (dim != 1) throw new InvalidDataException($"cannot broadcast {string.Join(" with ", shapes.Select(Format))}");
                dim = d;
            }
            result[i] = dim;
        }
        return result;
    }

    /// <summary>A possibly negative axis made absolute.</summary>
    public static int Axis(long axis, int rank)
    {
        var absolute = axis < 0 ? axis + rank : axis;
        if (absolute < 0 || absolute >= rank) throw new InvalidDataException($"axis {axis} is outside rank {rank}");
        return (int)absolute;
    }

    public static string Format(long[]? shape) => shape is null ? "?" : $"[{string.Join(", ", shape)}]";

    /// <summary>Row-major strides.</summary>
    public static long[] Strides(long[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    /// <summary>The flat index into a tensor of <paramref name="shape"/> that broadcasting maps output index <paramref name="flat"/> of <paramref name="outShape"/> to.</summary>
    public static long BroadcastIndex(long flat, long[] outShape, long[] shape)
    {
        long index = 0, stride = 1;
        for (int i = outShape.Length - 1, j = shape.Length - 1; i >= 0; i--, j--)
        {
            var coordinate = flat % outShape[i];
            flat /= outShape[i];
            if (j < 0) continue;
            if (shape[j] != 1) index += coordinate * stride;
            stride *= shape[j];
        }
        return index;
    }
}

/// <summary>Typed access to node attributes, with the operator's defaults.</summary>
internal static class NodeAttributes
{
    public static long Int(this NodeProto node, string name, long fallback) => node.Attribute(name) is { } a ? a.I : fallback;

    public static float Float(this NodeProto node, string name, float fallback) => node.Attribute(name) is { } a ? a.F : fallback;

    public static string String(this NodeProto node, string name, string fallback) => node.Attribute(name) is { } a ? a.S : fallback;

    public static long[]? Ints(this NodeProto node, string name) => node.Attribute(name) is { } a ? [.. a.Ints] : null;

    /// <summary>The operator's identity: its type, prefixed by its domain outside the default ONNX domain.</summary>
    public static string QualifiedOpType(this NodeProto node) => node.Domain is "" or "ai.onnx" ? node.OpType : $"{node.Domain}.{node.OpType}";
}
