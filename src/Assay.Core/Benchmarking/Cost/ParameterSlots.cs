namespace Assay.Benchmarking.Cost;

/// <summary>What an operator does with a constant it reads in a given input slot.</summary>
internal enum SlotRole
{
    /// <summary>An ordinary operand: a floating-point constant read here is a parameter.</summary>
    Operand,

    /// <summary>A learned weight (Conv W and B, Gemm B and C, normalization scale and bias, PRelu slope).</summary>
    Weight,

    /// <summary>Running statistics (BatchNormalization mean and variance): stored, not learned.</summary>
    Statistics,

    /// <summary>A quantized weight: an integer constant read here is a parameter.</summary>
    IntegerWeight,

    /// <summary>A shape, axes, indices, bounds or quantization parameter: never a parameter.</summary>
    NonParameter,
}

/// <summary>The role of each input slot, for the parameter rule in docs/model-cost.md.</summary>
internal static class ParameterSlots
{
    public static SlotRole Role(NodeProto node, int slot)
    {
        if (node.Domain is not ("" or "ai.onnx")) return SlotRole.Operand;
        return (node.OpType, slot) switch
        {
            ("Conv" or "ConvTranspose" or "Gemm", 1 or 2) => SlotRole.Weight,
            ("BatchNormalization" or "LayerNormalization" or "InstanceNormalization" or "GroupNormalization", 1 or 2) => SlotRole.Weight,
            ("BatchNormalization", 3 or 4) => SlotRole.Statistics,
            ("PRelu", 1) => SlotRole.Weight,
            ("DequantizeLinear", 0) or ("QLinearConv", 3 or 8) or ("QLinearMatMul", 0 or 3) or ("ConvInteger", 1) or ("MatMulInteger", 0 or 1) => SlotRole.IntegerWeight,
            ("QuantizeLinear" or "DequantizeLinear", 1 or 2) => SlotRole.NonParameter,
            ("QLinearConv" or "QLinearMatMul", 1 or 2 or 4 or 5 or 6 or 7) => SlotRole.NonParameter,
            ("ConvInteger" or "MatMulInteger", 2 or 3) => SlotRole.NonParameter,
            ("Reshape" or "Expand" or "Tile" or "Squeeze" or "Unsqueeze" or "Split" or "Upsample" or "TopK" or "CumSum" or "Trilu", 1) => SlotRole.NonParameter,
            ("Gather" or "GatherElements" or "GatherND" or "ScatterElements" or "ScatterND", 1) => SlotRole.NonParameter,
            ("Slice", >= 1) or ("Pad", >= 1) or ("Resize", >= 1) or ("Clip", >= 1) or ("Range", _) or ("OneHot", _) => SlotRole.NonParameter,
            ("ConstantOfShape" or "Shape" or "Size", 0) => SlotRole.NonParameter,
            (_, 1) when node.OpType.StartsWith("Reduce", StringComparison.Ordinal) => SlotRole.NonParameter,
            _ => SlotRole.Operand,
        };
    }

    /// <summary>Whether a constant of <paramref name="type"/> read in a slot of <paramref name="role"/> is a parameter.</summary>
    public static bool IsParameter(SlotRole role, TensorDataType type) => role switch
    {
        SlotRole.Operand or SlotRole.Weight => TensorDataTypes.IsFloatingPoint(type),
        SlotRole.IntegerWeight => true,
        _ => false,
    };
}
