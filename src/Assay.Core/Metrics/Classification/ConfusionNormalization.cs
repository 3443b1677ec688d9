namespace Assay.Metrics.Classification;

/// <summary>What a confusion matrix is divided by, as scikit-learn's <c>confusion_matrix(normalize=...)</c>.</summary>
public enum ConfusionNormalization
{
    /// <summary>Each row by its sum (<c>normalize="true"</c>): row c holds the distribution of predictions for true class c.</summary>
    TrueClass,

    /// <summary>Each column by its sum (<c>normalize="pred"</c>): column c holds the distribution of truths for predicted class c.</summary>
    PredictedClass,

    /// <summary>Every cell by the number of examples (<c>normalize="all"</c>).</summary>
    All,
}
