namespace Assay.Metrics;

/// <summary>How per-class (or per-label) scores combine into one number, as scikit-learn's <c>average</c> parameter.</summary>
public enum Average
{
    /// <summary>Only the positive class (label 1) of a binary problem.</summary>
    Binary,

    /// <summary>Global counts of true positives, false positives and false negatives.</summary>
    Micro,

    /// <summary>Unweighted mean over classes.</summary>
    Macro,

    /// <summary>Mean over classes weighted by support (true count).</summary>
    Weighted,

    /// <summary>Mean over samples (multilabel only).</summary>
    Samples,
}

/// <summary>The value of a ratio whose denominator is zero, as scikit-learn's <c>zero_division</c> (its "warn" behaves as 0).</summary>
public enum ZeroDivision
{
    Zero,
    One,
}
