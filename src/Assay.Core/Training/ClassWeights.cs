namespace Assay.Training;

/// <summary>Per-class loss weights computed from labels.</summary>
public static class ClassWeights
{
    /// <summary>scikit-learn's <c>compute_class_weight("balanced")</c>: rare classes weigh more.</summary>
    /// <remarks>w_c = n_samples / (n_classes · count_c), where n_classes counts the classes present; an absent class gets 0 (it never occurs in the loss).</remarks>
    public static double[] Balanced(IReadOnlyList<int> labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new int[numClasses];
        foreach (var label in labels) counts[label]++;
        var present = counts.Count(c => c > 0);
        return [.. counts.Select(c => c == 0 ? 0 : (double)labels.Count / (present * c))];
    }
}
