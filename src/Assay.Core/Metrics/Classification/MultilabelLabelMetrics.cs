namespace Assay.Metrics.Classification;

/// <summary>Count-based metrics of multilabel predictions (n×L 0/1 indicator matrices), identical to scikit-learn 1.2.1's.</summary>
/// <remarks>
/// Rows are flattened row-major into spans, with L given. Every metric comes twice: a pure function over the spans, and
/// the same function over a <see cref="MultilabelConfusion"/>, the streaming accumulator; the span functions build that
/// accumulator and call the accumulator functions. All L labels count in macro averages, including labels that are
/// never true and never predicted (scikit-learn's default for indicator matrices). Samples averages need examples:
/// with none they are undefined (<see cref="UndefinedMetricException"/>), like subset accuracy and Hamming loss.
/// L = 1 follows the same multilabel definitions; scikit-learn would instead read one column as binary data.
/// </remarks>
public static class MultilabelLabelMetrics
{
    /// <summary>Fills <paramref name="set"/> with the headline metrics of one multilabel task, by their stable names.</summary>
    /// <remarks>
    /// <c>subset_accuracy, hamming_loss, precision_micro, recall_micro, f1_micro, precision_macro, recall_macro, f1_macro,
    /// precision_weighted, recall_weighted, f1_weighted, precision_samples, recall_samples, f1_samples, jaccard_samples,
    /// jaccard_macro</c>, with zero division 0 (scikit-learn's default "warn"). See <see cref="LabelMetricCatalog"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths differ, the length is not a multiple of L, or a value is not 0 or 1.</exception>
    public static void AddTo(MetricSet set, ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels) =>
        AddTo(set, MultilabelConfusion.From(yTrue, yPred, numLabels));

    /// <summary>Fills <paramref name="set"/> from a streamed accumulator; the same metrics as the span overload.</summary>
    public static void AddTo(MetricSet set, MultilabelConfusion confusion)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(confusion);
        set.Add(LabelMetricCatalog.SubsetAccuracy.Name, () => SubsetAccuracy(confusion));
        set.Add(LabelMetricCatalog.HammingLoss.Name, () => HammingLoss(confusion));
        AddAveraged(set, confusion, Average.Micro, LabelMetricCatalog.PrecisionMicro, LabelMetricCatalog.RecallMicro, LabelMetricCatalog.F1Micro);
        AddAveraged(set, confusion, Average.Macro, LabelMetricCatalog.PrecisionMacro, LabelMetricCatalog.RecallMacro, LabelMetricCatalog.F1Macro);
        AddAveraged(set, confusion, Average.Weighted, LabelMetricCatalog.PrecisionWeighted, LabelMetricCatalog.RecallWeighted, LabelMetricCatalog.F1Weighted);
        AddAveraged(set, confusion, Average.Samples, LabelMetricCatalog.PrecisionSamples, LabelMetricCatalog.RecallSamples, LabelMetricCatalog.F1Samples);
        set.Add(LabelMetricCatalog.JaccardSamples.Name, () => Jaccard(confusion, Average.Samples));
        set.Add(LabelMetricCatalog.JaccardMacro.Name, () => Jaccard(confusion, Average.Macro));
    }

    /// <summary>Fraction of examples whose whole predicted row equals the true row, as <c>accuracy_score</c> on indicator matrices.</summary>
    /// <remarks>In [0, 1]; strict: one wrong label of L makes the example wrong. Undefined with no examples.</remarks>
    public static double SubsetAccuracy(MultilabelConfusion confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        RequireExamples(confusion, "subset accuracy");
        return (double)confusion.ExactMatches / confusion.Samples;
    }

    /// <inheritdoc cref="SubsetAccuracy(MultilabelConfusion)"/>
    public static double SubsetAccuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels) =>
        SubsetAccuracy(MultilabelConfusion.From(yTrue, yPred, numLabels));

    /// <summary>Fraction of wrong (example, label) cells, as <c>hamming_loss</c>.</summary>
    /// <remarks>Σ_j (FP_j + FN_j) / (n·L), in [0, 1], lower is better. Undefined with no examples.</remarks>
    public static double HammingLoss(MultilabelConfusion confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        RequireExamples(confusion, "Hamming loss");
        long wrong = 0;
        foreach (var c in confusion.PerLabelCounts()) wrong += c.FalsePositives + c.FalseNegatives;
        return wrong / ((double)confusion.Samples * confusion.NumLabels);
    }

    /// <inheritdoc cref="HammingLoss(MultilabelConfusion)"/>
    public static double HammingLoss(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels) =>
        HammingLoss(MultilabelConfusion.From(yTrue, yPred, numLabels));

    /// <summary>Precision TP / (TP + FP), as <c>precision_score(average=..., zero_division=...)</c> on indicator matrices.</summary>
    /// <remarks>
    /// Micro: from counts summed over labels. Macro: mean over the L labels. Weighted: mean weighted by label support;
    /// if no label has a true example it is <paramref name="zeroDivision"/> when nothing was predicted either, else 0.
    /// Samples: mean over examples of each example's precision; an example with no predicted label scores
    /// <paramref name="zeroDivision"/>. A label never predicted scores <paramref name="zeroDivision"/>. In [0, 1].
    /// </remarks>
    /// <exception cref="ArgumentException">Binary average (multilabel data has no single positive class).</exception>
    public static double Precision(MultilabelConfusion confusion, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        CheckAverage(confusion, average) == Average.Samples
            ? confusion.SamplesPrecision(zeroDivision)
            : SetWiseScores.Precision(confusion.PerLabelCounts(), average, zeroDivision);

    /// <inheritdoc cref="Precision(MultilabelConfusion, Average, ZeroDivision)"/>
    public static double Precision(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        Precision(MultilabelConfusion.From(yTrue, yPred, numLabels), average, zeroDivision);

    /// <summary>Recall TP / (TP + FN), as <c>recall_score(average=..., zero_division=...)</c> on indicator matrices.</summary>
    /// <remarks>
    /// Averages as precision. A label (or, for Samples, an example) with no true example scores <paramref name="zeroDivision"/>;
    /// weighted recall with no true example anywhere is <paramref name="zeroDivision"/>. In [0, 1].
    /// </remarks>
    /// <exception cref="ArgumentException">Binary average.</exception>
    public static double Recall(MultilabelConfusion confusion, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        CheckAverage(confusion, average) == Average.Samples
            ? confusion.SamplesRecall(zeroDivision)
            : SetWiseScores.Recall(confusion.PerLabelCounts(), average, zeroDivision);

    /// <inheritdoc cref="Recall(MultilabelConfusion, Average, ZeroDivision)"/>
    public static double Recall(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        Recall(MultilabelConfusion.From(yTrue, yPred, numLabels), average, zeroDivision);

    /// <summary>F1, as <c>f1_score</c> on indicator matrices; <see cref="FBeta(MultilabelConfusion, double, Average, ZeroDivision)"/> with β = 1.</summary>
    /// <exception cref="ArgumentException">Binary average.</exception>
    public static double F1(MultilabelConfusion confusion, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        FBeta(confusion, 1, average, zeroDivision);

    /// <inheritdoc cref="F1(MultilabelConfusion, Average, ZeroDivision)"/>
    public static double F1(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        F1(MultilabelConfusion.From(yTrue, yPred, numLabels), average, zeroDivision);

    /// <summary>F-beta, as <c>fbeta_score(beta=..., average=..., zero_division=...)</c> on indicator matrices.</summary>
    /// <remarks>
    /// Per label (or per example for Samples) (1+β²)·P·R / (β²·P + R) from zero-division-resolved P and R, 0 when that
    /// denominator is 0: only a label (example) with neither true nor predicted positives scores <paramref name="zeroDivision"/>.
    /// Weighted with no true example anywhere: <paramref name="zeroDivision"/> if nothing was predicted, else 0.
    /// β = +∞ gives recall. The Samples average needs β tracked by the accumulator (its constructor); the span overload
    /// tracks it. In [0, 1].
    /// </remarks>
    /// <exception cref="ArgumentException">β negative or NaN; Binary average; Samples with an untracked β.</exception>
    public static double FBeta(MultilabelConfusion confusion, double beta, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        SetWiseScores.CheckBeta(beta);
        return CheckAverage(confusion, average) == Average.Samples
            ? confusion.SamplesFBeta(beta, zeroDivision)
            : SetWiseScores.FBeta(confusion.PerLabelCounts(), average, beta, zeroDivision);
    }

    /// <inheritdoc cref="FBeta(MultilabelConfusion, double, Average, ZeroDivision)"/>
    public static double FBeta(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels, double beta, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        SetWiseScores.CheckBeta(beta);
        return FBeta(MultilabelConfusion.From(yTrue, yPred, numLabels, beta), beta, average, zeroDivision);
    }

    /// <summary>Jaccard index TP / (TP + FP + FN), as <c>jaccard_score(average=..., zero_division=...)</c> on indicator matrices.</summary>
    /// <remarks>
    /// Micro, macro and samples as precision; an empty label (example) scores <paramref name="zeroDivision"/>. Weighted
    /// with no true example anywhere falls back to the unweighted (macro) mean, unlike precision, recall and F.
    /// In [0, 1].
    /// </remarks>
    /// <exception cref="ArgumentException">Binary average.</exception>
    public static double Jaccard(MultilabelConfusion confusion, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        CheckAverage(confusion, average) == Average.Samples
            ? confusion.SamplesJaccard(zeroDivision)
            : SetWiseScores.Jaccard(confusion.PerLabelCounts(), average, zeroDivision);

    /// <inheritdoc cref="Jaccard(MultilabelConfusion, Average, ZeroDivision)"/>
    public static double Jaccard(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        Jaccard(MultilabelConfusion.From(yTrue, yPred, numLabels), average, zeroDivision);

    /// <summary>Precision, recall, F1 and support of every label (<c>average=None</c>); <see cref="ClassScores.Class"/> is the label index.</summary>
    public static IReadOnlyList<ClassScores> PerLabel(MultilabelConfusion confusion, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        return SetWiseScores.Rows(confusion.PerLabelCounts(), zeroDivision);
    }

    /// <inheritdoc cref="PerLabel(MultilabelConfusion, ZeroDivision)"/>
    public static IReadOnlyList<ClassScores> PerLabel(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numLabels, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        PerLabel(MultilabelConfusion.From(yTrue, yPred, numLabels), zeroDivision);

    /// <summary>Precision of every label (<c>average=None</c>); index j is label j.</summary>
    public static double[] PrecisionPerLabel(MultilabelConfusion confusion, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.PerClass(Counts(confusion), c => SetWiseScores.Precision(c, zeroDivision));

    /// <summary>Recall of every label (<c>average=None</c>); index j is label j.</summary>
    public static double[] RecallPerLabel(MultilabelConfusion confusion, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.PerClass(Counts(confusion), c => SetWiseScores.Recall(c, zeroDivision));

    /// <summary>F-beta of every label (<c>average=None</c>); index j is label j.</summary>
    /// <exception cref="ArgumentOutOfRangeException">β negative or NaN.</exception>
    public static double[] FBetaPerLabel(MultilabelConfusion confusion, double beta, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        SetWiseScores.CheckBeta(beta);
        return SetWiseScores.PerClass(Counts(confusion), c => SetWiseScores.FBeta(c, beta, zeroDivision));
    }

    /// <summary>Jaccard index of every label (<c>average=None</c>); index j is label j.</summary>
    public static double[] JaccardPerLabel(MultilabelConfusion confusion, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.PerClass(Counts(confusion), c => SetWiseScores.Jaccard(c, zeroDivision));

    private static void AddAveraged(MetricSet set, MultilabelConfusion confusion, Average average, MetricInfo precision, MetricInfo recall, MetricInfo f1)
    {
        set.Add(precision.Name, () => Precision(confusion, average));
        set.Add(recall.Name, () => Recall(confusion, average));
        set.Add(f1.Name, () => F1(confusion, average));
    }

    private static ClassCounts[] Counts(MultilabelConfusion confusion)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        return confusion.PerLabelCounts();
    }

    private static Average CheckAverage(MultilabelConfusion confusion, Average average)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        return average == Average.Binary
            ? throw new ArgumentException("average Binary is for single-label data with classes 0 and 1; use Micro, Macro, Weighted or Samples", nameof(average))
            : average;
    }

    private static void RequireExamples(MultilabelConfusion confusion, string metric)
    {
        if (confusion.Samples == 0) throw new UndefinedMetricException($"{metric} needs at least one example");
    }
}
