namespace Assay.Metrics.Classification;

/// <summary>One-vs-rest counts of one class (or label): true positives, false positives and false negatives.</summary>
/// <remarks>True negatives are left out on purpose: no metric built on these counts uses them.</remarks>
public readonly record struct ClassCounts(long TruePositives, long FalsePositives, long FalseNegatives)
{
    /// <summary>Examples whose truth is this class: TP + FN.</summary>
    public long Support => TruePositives + FalseNegatives;

    /// <summary>Examples predicted as this class: TP + FP.</summary>
    public long Predicted => TruePositives + FalsePositives;

    /// <summary>Examples in the truth or the prediction (the union): TP + FP + FN.</summary>
    public long Union => TruePositives + FalsePositives + FalseNegatives;

    public static ClassCounts operator +(ClassCounts left, ClassCounts right) => new(
        left.TruePositives + right.TruePositives,
        left.FalsePositives + right.FalsePositives,
        left.FalseNegatives + right.FalseNegatives);

    public static ClassCounts Add(ClassCounts left, ClassCounts right) => left + right;
}
