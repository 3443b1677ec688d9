namespace Assay.Benchmarking.Cost;

/// <summary>The static cost of an ONNX model: parameters, sizes and arithmetic, per sample and per layer.</summary>
/// <remarks>
/// 1 MAC is one multiply-add; FLOPs = 2 × MACs. MACs count only the products of Conv, ConvTranspose, Gemm, MatMul and
/// the affine step of normalizations; every other arithmetic operation (bias adds, activations, element-wise
/// operators, pooling, softmax, reductions, normalization statistics) is an "other op", counted apart and never
/// folded into FLOPs. The graph is evaluated at <see cref="BatchSize"/>; per-sample figures are the batch totals
/// divided by it. See docs/model-cost.md for the rule of every operator and the parameter rule.
/// </remarks>
/// <param name="BatchSize">The batch the graph was evaluated at (symbolic leading input dimensions take this value).</param>
/// <param name="Params">Learned parameters: elements of constant floating-point tensors read as weights or operands (docs/model-cost.md states the rule).</param>
/// <param name="WeightBytes">Bytes of all constant tensors (initializers, and graph inputs standing in for weights left out of the file), from dims × element size.</param>
/// <param name="FileBytes">Size of the model file (for an in-memory model, the bytes it would take when written).</param>
/// <param name="TotalMacs">MACs of the whole batch, over the nodes whose cost was counted.</param>
/// <param name="TotalOtherOps">Other arithmetic operations of the whole batch, over the nodes whose cost was counted.</param>
/// <param name="Layers">One row per node, in graph order.</param>
/// <param name="UncountedOps">Operators whose cost is missing from the totals, by type and reason; empty when the totals are complete.</param>
/// <param name="UnresolvedDims">Symbolic input dimensions that had no value ("input[axis]: name"), which leave shapes unknown.</param>
public sealed record ModelCost(
    int BatchSize,
    long Params,
    long WeightBytes,
    long FileBytes,
    long TotalMacs,
    long TotalOtherOps,
    IReadOnlyList<LayerCost> Layers,
    IReadOnlyList<UncountedOp> UncountedOps,
    IReadOnlyList<string> UnresolvedDims)
{
    /// <summary>MACs per sample: <see cref="TotalMacs"/> ÷ <see cref="BatchSize"/>.</summary>
    public double MacsPerSample => (double)TotalMacs / BatchSize;

    /// <summary>FLOPs per sample: 2 × <see cref="MacsPerSample"/> (other ops not included).</summary>
    public double FlopsPerSample => 2 * MacsPerSample;

    /// <summary>Other operations per sample: <see cref="TotalOtherOps"/> ÷ <see cref="BatchSize"/>.</summary>
    public double OtherOpsPerSample => (double)TotalOtherOps / BatchSize;

    /// <summary>True when every node's cost was counted.</summary>
    public bool IsComplete => UncountedOps.Count == 0;
}

/// <summary>The cost of one node, for the whole batch.</summary>
/// <param name="Name">The node's name, or its first output's name when it has none.</param>
/// <param name="OpType">The operator, prefixed by its domain outside the default ONNX domain.</param>
/// <param name="OutputShape">The first output's shape, or null when it could not be inferred.</param>
/// <param name="Params">Parameters first read by this node (a shared weight counts once, at its first reader).</param>
/// <param name="Macs">Multiply-adds, or null when not counted (see <see cref="ModelCost.UncountedOps"/>).</param>
/// <param name="OtherOps">Other arithmetic operations, or null when not counted.</param>
public sealed record LayerCost(string Name, string OpType, long[]? OutputShape, long Params, long? Macs, long? OtherOps);

/// <summary>Nodes of one operator type whose cost is not in the totals, and why.</summary>
public sealed record UncountedOp(string OpType, int Count, UncountedReason Reason);

/// <summary>Why a node's cost was not counted.</summary>
public enum UncountedReason
{
    /// <summary>The counter has no rule for the operator (or its domain).</summary>
    UnsupportedOp,

    /// <summary>A shape the rule needs could not be inferred (an unknown input dimension, or an unsupported op upstream).</summary>
    UnknownShape,
}
