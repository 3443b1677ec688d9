using Assay.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>The loss the trainer minimizes and the gradient clipping it applies, kept apart so tests can check each piece.</summary>
/// <remarks>
/// Data loss: cross-entropy with optional per-class weights (mean weighted by the targets' weights) and label smoothing ε
/// (targets (1 − ε)·one-hot + ε/classes). Penalty: l1·Σ|w| + l2·Σw² over every trainable parameter, biases included.
/// Clipping: values are clamped to [−v, v] first, then all gradients are rescaled together so their L2 norm is at most n.
/// </remarks>
internal static class TrainingObjective
{
    public static Tensor DataLoss(Tensor logits, Tensor labels, Tensor? classWeights, double labelSmoothing) =>
        nn.functional.cross_entropy(logits, labels, weight: classWeights, label_smoothing: labelSmoothing);

    /// <summary>The L1 and L2 penalty on the parameters; null when both are zero, so the plain loss stays untouched.</summary>
    public static Tensor? Penalty(IEnumerable<Parameter> parameters, double l1, double l2)
    {
        if (l1 == 0 && l2 == 0) return null;
        Tensor? penalty = null;
        foreach (var p in parameters)
        {
            if (l1 != 0) penalty = Add(penalty, p.abs().sum().mul(l1));
            if (l2 != 0) penalty = Add(penalty, p.square().sum().mul(l2));
        }
        return penalty;
    }

    public static void ClipGradients(IList<Parameter> parameters, TrainingSpec settings)
    {
        if (settings.ClipGradValue is { } value) nn.utils.clip_grad_value_(parameters, value);
        if (settings.ClipGradNorm is { } norm) nn.utils.clip_grad_norm_(parameters, norm);
    }

    private static Tensor Add(Tensor? sum, Tensor term) => sum is null ? term : sum.add(term);
}
