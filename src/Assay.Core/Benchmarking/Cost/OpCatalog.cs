using System.Collections.Frozen;

namespace Assay.Benchmarking.Cost;

/// <summary>The operators the counter supports, grouped by cost rule, and the rules themselves.</summary>
/// <remarks>docs/model-cost.md states every rule; keep the two in step.</remarks>
internal static class OpCatalog
{
    /// <summary>Element-wise functions of one tensor: 0 MACs, 1 other op per output element, whatever the function.</summary>
    public static readonly FrozenSet<string> Unary = new[]
    {
        "Relu", "LeakyRelu", "PRelu", "Sigmoid", "HardSigmoid", "Tanh", "Gelu", "Erf", "Clip", "HardSwish", "Elu", "Selu", "Celu",
        "Softplus", "Softsign", "Mish", "ThresholdedRelu", "Exp", "Log", "Sqrt", "Abs", "Neg", "Reciprocal", "Floor", "Ceil", "Round",
        "Sin", "Cos", "Sign", "Not", "IsNaN", "IsInf", "QuantizeLinear", "DequantizeLinear", "CumSum",
    }.ToFrozenSet();

    /// <summary>Normalizations that compute statistics at inference: 1 MAC (the affine step) and 4 other ops per element.</summary>
    public static readonly FrozenSet<string> Normalizations = new[] { "LayerNormalization", "InstanceNormalization", "GroupNormalization" }.ToFrozenSet();

    /// <summary>Operators whose first output has the first input's shape.</summary>
    public static readonly FrozenSet<string> SameShape = Unary.Union(Normalizations)
        .Union(["Identity", "Dropout", "Cast", "Softmax", "LogSoftmax", "Hardmax", "BatchNormalization"]).ToFrozenSet();

    /// <summary>Element-wise operators over broadcast inputs: 1 other op per output element per input after the first (Where: 1).</summary>
    public static readonly FrozenSet<string> Broadcasting = new[]
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum", "Mean",
        "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Where",
    }.ToFrozenSet();

    /// <summary>Reductions: 1 other op per input element.</summary>
    public static readonly FrozenSet<string> Reductions = new[]
    {
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp",
    }.ToFrozenSet();

    /// <summary>Operators that only move, index, create or describe data: 0 MACs, 0 other ops.</summary>
    public static readonly FrozenSet<string> DataMovement = new[]
    {
        "Identity", "Dropout", "Cast", "Reshape", "Flatten", "Transpose", "Concat", "Squeeze", "Unsqueeze", "Slice", "Split", "Pad",
        "Gather", "Shape", "Size", "Constant", "ConstantOfShape", "Expand", "Tile", "Range", "Resize", "Upsample", "DepthToSpace", "SpaceToDepth",
    }.ToFrozenSet();

    /// <summary>Every supported operator (default ONNX domain).</summary>
    public static readonly FrozenSet<string> Supported = SameShape.Union(Broadcasting).Union(Reductions).Union(DataMovement).Union(
    [
        "Conv", "ConvTranspose", "Gemm", "MatMul", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool",
        "ArgMax", "ArgMin", "TopK",
    ]).ToFrozenSet();

    /// <summary>MACs and other ops of one node, or null when a shape the rule needs is unknown.</summary>
    /// <remarks>Call only for supported operators whose shapes <see cref="ShapeRules"/> inferred.</remarks>
    public static OpCost? Cost(NodeProto node, IReadOnlyList<TensorFacts?> inputs, IReadOnlyList<TensorFacts> outputs)
    {
        var op = node.OpType;
        if (DataMovement.Contains(op)) return new OpCost(0, 0);
        var output = outputs.Count > 0 ? outputs[0].ElementCount : null;
        var x = inputs.Count > 0 ? inputs[0]?.Shape : null;
        var w = inputs.Count > 1 ? inputs[1]?.Shape : null;
        long? input = x is null ? null : Shapes.Product(x);
        var hasBias = inputs.Count > 2 && inputs[2] is not null;
        return op switch
        {
            // Each output element is a dot product over (Cin / group) × kernel: W holds M × that many weights.
            "Conv" when output is { } o && w is not null => new OpCost(o * (Shapes.Product(w) / w[0]), hasBias ? o : 0),
            // Each input element multiplies every weight of its group: (M / group) × kernel = W's elements / Cin.
            "ConvTranspose" when output is { } o && input is { } i && w is not null => new OpCost(i * (Shapes.Product(w) / w[0]), hasBias ? o : 0),
            "Gemm" when output is { } o && x is not null => new OpCost(o * (node.Int("transA", 0) != 0 ? x[0] : x[1]), hasBias ? o : 0),
            "MatMul" when output is { } o && x is not null => new OpCost(o * x[^1], 0),
            "BatchNormalization" when output is { } o => new OpCost(o, 0),
            _ when Normalizations.Contains(op) && output is { } o => new OpCost(o, 4 * o),
            _ when Unary.Contains(op) && output is { } o => new OpCost(0, o),
            "Where" when output is { } o => new OpCost(0, o),
            _ when Broadcasting.Contains(op) && output is { } o => new OpCost(0, o * Math.Max(1, inputs.Count(i => i is not null) - 1)),
            "MaxPool" or "AveragePool" or "LpPool" when output is { } o => new OpCost(0, o * Shapes.Product(node.Ints("kernel_shape") ?? [])),
            "GlobalAveragePool" or "GlobalMaxPool" or "GlobalLpPool" when input is { } i => new OpCost(0, i),
            "Softmax" or "LogSoftmax" when output is { } o => new OpCost(0, 3 * o),
            "Hardmax" or "ArgMax" or "ArgMin" or "TopK" when input is { } i => new OpCost(0, i),
            _ when Reductions.Contains(op) && input is { } i => new OpCost(0, i),
            _ => null,
        };
    }
}

/// <summary>Multiply-accumulates and other arithmetic operations of one node.</summary>
internal readonly record struct OpCost(long Macs, long OtherOps);
