namespace Assay.Metrics.Classification;

/// <summary>The disagreement weight of predicting class j for true class i in Cohen's kappa, as scikit-learn's <c>weights</c>.</summary>
public enum KappaWeighting
{
    /// <summary>Every disagreement weighs 1 (<c>weights=None</c>): plain Cohen's kappa.</summary>
    None,

    /// <summary>|i − j| (<c>weights="linear"</c>), for ordered classes.</summary>
    Linear,

    /// <summary>(i − j)² (<c>weights="quadratic"</c>), for ordered classes; close to an intraclass correlation.</summary>
    Quadratic,
}
