namespace Assay.Benchmarking.Cost;

/// <summary>Static shape inference, one operator at a time, with constant folding of small integer tensors.</summary>
/// <remarks>
/// <see cref="Infer"/> answers null for operators it does not know, and unknown facts for outputs it cannot work out
/// (an unknown input, contents only known at run time). Shapes that contradict each other throw
/// <see cref="InvalidDataException"/>: the graph could not run with the inputs asked for. Where an operator moved an
/// attribute to an input between opsets (Squeeze axes, Pad pads, Split sizes, Slice bounds, Reduce axes), whichever
/// form the node uses is read, so the opset need not be known.
/// </remarks>
internal static partial class ShapeRules
{
    public static TensorFacts[]? Infer(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        if (node.Domain is not ("" or "ai.onnx")) return null;
        var op = node.OpType;
        if (OpCatalog.SameShape.Contains(op)) return SameShape(node, inputs);
        if (OpCatalog.Broadcasting.Contains(op)) return Broadcasting(node, inputs);
        return op switch
        {
            "Conv" => Conv(node, inputs),
            "ConvTranspose" => ConvTranspose(node, inputs),
            "MaxPool" or "AveragePool" or "LpPool" => Pool(node, inputs),
            "GlobalAveragePool" or "GlobalMaxPool" or "GlobalLpPool" => GlobalPool(node, inputs),
            "Gemm" => Gemm(node, inputs),
            "MatMul" => MatMul(node, inputs),
            "Flatten" => Flatten(node, inputs),
            "Reshape" => Reshape(node, inputs),
            "Transpose" => Transpose(node, inputs),
            "Concat" => Concat(node, inputs),
            "Squeeze" => Squeeze(node, inputs),
            "Unsqueeze" => Unsqueeze(node, inputs),
            "ArgMax" or "ArgMin" => ArgReduce(node, inputs),
            _ when OpCatalog.Reductions.Contains(op) => Reduce(node, inputs),
            "Pad" => Pad(node, inputs),
            "Constant" => Constant(node),
            "Shape" => ShapeOf(node, inputs),
            "Size" => Size(node, inputs),
            "Gather" => Gather(node, inputs),
            "Slice" => Slice(node, inputs),
            "Split" => Split(node, inputs),
            "Expand" => Expand(node, inputs),
            "Tile" => Tile(node, inputs),
            "ConstantOfShape" => ConstantOfShape(node, inputs),
            "Range" => Range(node, inputs),
            "Resize" or "Upsample" => Resize(node, inputs),
            "DepthToSpace" => DepthToSpace(node, inputs),
            "SpaceToDepth" => SpaceToDepth(node, inputs),
            "TopK" => TopK(node, inputs),
            _ => null,
        };
    }

    private static TensorFacts[] Outputs(NodeProto node, params TensorFacts[] known)
    {
        var outputs = new TensorFacts[node.Outputs.Count];
        for (var i = 0; i < outputs.Length; i++) outputs[i] = i < known.Length ? known[i] : TensorFacts.Unknown;
        return outputs;
    }

    private static TensorFacts[] Unknown(NodeProto node) => Outputs(node);

    private static TensorFacts? Input(IReadOnlyList<TensorFacts?> inputs, int index) => index < inputs.Count ? inputs[index] : null;

    private static long[]? ShapeAt(IReadOnlyList<TensorFacts?> inputs, int index) => Input(inputs, index)?.Shape;

    /// <summary>A list operand given as an attribute (older opsets) or as input <paramref name="index"/> (newer ones).</summary>
    /// <returns>False when the input is given but its contents are only known at run time.</returns>
    private static bool TryList(NodeProto node, IReadOnlyList<TensorFacts?> inputs, int index, string attribute, out long[]? values)
    {
        values = node.Ints(attribute);
        if (values is not null) return true;
        var input = Input(inputs, index);
        if (input is null) return true;
        values = input.Ints;
        return values is not null;
    }

    private static TensorFacts[] SameShape(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null) return Unknown(node);
        var shape = x.Shape;
        var type = node.OpType switch
        {
            "Cast" => (TensorDataType)node.Int("to", 0),
            "DequantizeLinear" => TensorDataType.Float,
            "QuantizeLinear" => Input(inputs, 2)?.ElementType ?? TensorDataType.UInt8,
            "IsNaN" or "IsInf" or "Not" => TensorDataType.Bool,
            _ => x.ElementType,
        };
        var values = x.AsDoubles;
        TensorFacts result;
        if (values is not null && UnaryFold(node.OpType) is { } fold)
        {
            var folded = values.Select(fold).ToArray();
            // Casting to an integer type truncates toward zero, as C and ONNX Runtime do.
            result = TensorDataTypes.IsFloatingPoint(type) || x.Ints is null || node.OpType == "Cast"
                ? TensorFacts.WithValues(shape, type, folded)
                : TensorFacts.WithInts(shape, type, node.OpType is "Identity" or "Dropout" ? x.Ints : [.. folded.Select(v => (long)v)]);
        }
        else
        {
            result = new TensorFacts(shape, type);
        }
        // Dropout's optional mask has the input's shape; other extra outputs (training statistics) stay unknown.
        return node.OpType == "Dropout" ? Outputs(node, result, new TensorFacts(shape, TensorDataType.Bool)) : Outputs(node, result);
    }

    private static Func<double, double>? UnaryFold(string op) => op switch
    {
        "Identity" or "Dropout" or "Cast" => v => v,
        "Neg" => v => -v,
        "Abs" => Math.Abs,
        "Floor" => Math.Floor,
        "Ceil" => Math.Ceiling,
        "Sqrt" => Math.Sqrt,
        "Reciprocal" => v => 1 / v,
        _ => null,
    };

    private static TensorFacts[] Broadcasting(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var present = inputs.Where(i => i is not null).Cast<TensorFacts>().ToArray();
        if (present.Length == 0 || present.Any(i => i.Shape is null)) return Unknown(node);
        var shape = Shapes.Broadcast([.. present.Select(i => i.Shape!)]);
        var op = node.OpType;
        var type = op switch
        {
            "Equal" or "Less" or "Greater" or "LessOrEqual" or "GreaterOrEqual" or "And" or "Or" or "Xor" => TensorDataType.Bool,
            "Where" => present.Length > 1 ? present[1].ElementType : TensorDataType.Undefined,
            _ => present[0].ElementType,
        };
        if (present.Any(i => !i.HasValues) || Shapes.Product(shape) > TensorFacts.MaxFoldedElements) return Outputs(node, new TensorFacts(shape, type));
        var count = (int)Shapes.Product(shape);
        var operands = new double[present.Length];
        var values = new double[count];
        var integers = present.All(i => i.Ints is not null) && !TensorDataTypes.IsFloatingPoint(type);
        for (var k = 0; k < count; k++)
        {
            for (var j = 0; j < present.Length; j++)
                operands[j] = present[j].AsDoubles![Shapes.BroadcastIndex(k, shape, present[j].Shape!)];
            values[k] = BinaryFold(op, operands, integers, node);
        }
        return Outputs(node, TensorFacts.WithValues(shape, type, values));
    }

    private static double BinaryFold(string op, double[] x, bool integers, NodeProto node) => op switch
    {
        "Add" => x[0] + x[1],
        "Sub" => x[0] - x[1],
        "Mul" => x[0] * x[1],
        // Integer division truncates toward zero, as ONNX Runtime does.
        "Div" => integers ? Math.Truncate(x[0] / x[1]) : x[0] / x[1],
        "Pow" => Math.Pow(x[0], x[1]),
        // fmod=1 keeps the dividend's sign (C fmod, which % is); fmod=0 the divisor's (Python).
        "Mod" => node.Int("fmod", 0) == 1 ? x[0] % x[1] : x[0] - x[1] * Math.Floor(x[0] / x[1]),
        "Max" => x.Max(),
        "Min" => x.Min(),
        "Sum" => x.Sum(),
        "Mean" => x.Average(),
        "Equal" => x[0] == x[1] ? 1 : 0,
        "Less" => x[0] < x[1] ? 1 : 0,
        "Greater" => x[0] > x[1] ? 1 : 0,
        "LessOrEqual" => x[0] <= x[1] ? 1 : 0,
        "GreaterOrEqual" => x[0] >= x[1] ? 1 : 0,
        "And" => x[0] != 0 && x[1] != 0 ? 1 : 0,
        "Or" => x[0] != 0 || x[1] != 0 ? 1 : 0,
        "Xor" => (x[0] != 0) ^ (x[1] != 0) ? 1 : 0,
        "Where" => x[0] != 0 ? x[1] : x[2],
        _ => double.NaN,
    };
}
