namespace Assay.Metrics.Ranking;

/// <summary>Why a score-based metric has no value, as <see cref="UndefinedMetricException"/> messages.</summary>
internal static class UndefinedReasons
{
    public const string NoSamples = "no samples";
    public const string OnlyPositives = "only the positive class is present in y_true: ROC needs positives and negatives";
    public const string OnlyNegatives = "only the negative class is present in y_true: ROC needs positives and negatives";
    public const string NoPositives = "no positive samples in y_true: recall, and so average precision, is undefined";

    public static string ClassAbsent(int label) =>
        $"class {label} is absent from y_true: one-vs-rest and one-vs-one scores need every class";

    public static string LabelSingleClass(int label, bool positive) =>
        $"label {label} is {(positive ? "positive" : "negative")} in every sample: its ROC needs positives and negatives";

    public static string LabelNoPositives(int label) =>
        $"label {label} has no positive samples: its recall, and so average precision, is undefined";
}
