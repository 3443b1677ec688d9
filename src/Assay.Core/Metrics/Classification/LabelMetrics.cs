namespace Assay.Metrics.Classification;

/// <summary>Count-based metrics of single-label (binary or multiclass) predictions, identical to scikit-learn 1.2.1's.</summary>
/// <remarks>
/// Labels are ints in 0..K−1; a binary problem is K = 2 with positive class 1. Every metric comes twice: a pure function
/// over (y_true, y_pred) spans, and the same function over a <see cref="ConfusionMatrix"/>, the streaming accumulator
/// (<see cref="ConfusionMatrix.Update"/> per batch, <see cref="ConfusionMatrix.Merge"/> shards, <see cref="ConfusionMatrix.Reset"/>).
/// The span functions build that matrix and call the matrix functions, so both give bit-identical results.
/// <para>All K classes count (scikit-learn's <c>labels=range(K)</c>): a class absent from both truth and predictions
/// still enters macro averages, with the <see cref="ZeroDivision"/> value for its 0/0 ratios.</para>
/// <para>A metric is undefined (<see cref="UndefinedMetricException"/>) exactly where scikit-learn returns NaN:
/// accuracy, balanced accuracy and Cohen's kappa of no examples, and kappa when both sides use one and the same class.</para>
/// </remarks>
public static class LabelMetrics
{
    /// <summary>Fills <paramref name="set"/> with the headline metrics of one single-label task, by their stable names.</summary>
    /// <remarks>
    /// K = 2: <c>accuracy, balanced_accuracy, precision, recall, f1, jaccard</c> (average=binary), <c>matthews_corrcoef,
    /// cohen_kappa, precision_macro, recall_macro, f1_macro, precision_weighted, recall_weighted, f1_weighted, jaccard_macro</c>.
    /// Any other K: <c>accuracy, balanced_accuracy, precision_micro, recall_micro, f1_micro, precision_macro, recall_macro,
    /// f1_macro, precision_weighted, recall_weighted, f1_weighted, jaccard_macro, jaccard_weighted, matthews_corrcoef, cohen_kappa</c>.
    /// Zero division is 0 (scikit-learn's default "warn"); kappa is unweighted. See <see cref="LabelMetricCatalog"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths differ or a label is outside 0..K−1.</exception>
    public static void AddTo(MetricSet set, ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses) =>
        AddTo(set, ConfusionMatrix.From(yTrue, yPred, numClasses));

    /// <summary>Fills <paramref name="set"/> from a streamed confusion matrix; the same metrics as the span overload.</summary>
    public static void AddTo(MetricSet set, ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(matrix);
        const ZeroDivision zero = ZeroDivision.Zero;
        set.Add(LabelMetricCatalog.Accuracy.Name, () => Accuracy(matrix));
        set.Add(LabelMetricCatalog.BalancedAccuracy.Name, () => BalancedAccuracy(matrix));
        if (matrix.NumClasses == 2)
        {
            set.Add(LabelMetricCatalog.Precision.Name, () => Precision(matrix, Average.Binary, zero));
            set.Add(LabelMetricCatalog.Recall.Name, () => Recall(matrix, Average.Binary, zero));
            set.Add(LabelMetricCatalog.F1.Name, () => F1(matrix, Average.Binary, zero));
            set.Add(LabelMetricCatalog.Jaccard.Name, () => Jaccard(matrix, Average.Binary, zero));
            set.Add(LabelMetricCatalog.MatthewsCorrelation.Name, () => MatthewsCorrelation(matrix));
            set.Add(LabelMetricCatalog.CohenKappa.Name, () => CohenKappa(matrix));
            AddAveraged(set, matrix, Average.Macro, LabelMetricCatalog.PrecisionMacro, LabelMetricCatalog.RecallMacro, LabelMetricCatalog.F1Macro);
            AddAveraged(set, matrix, Average.Weighted, LabelMetricCatalog.PrecisionWeighted, LabelMetricCatalog.RecallWeighted, LabelMetricCatalog.F1Weighted);
            set.Add(LabelMetricCatalog.JaccardMacro.Name, () => Jaccard(matrix, Average.Macro, zero));
        }
        else
        {
            AddAveraged(set, matrix, Average.Micro, LabelMetricCatalog.PrecisionMicro, LabelMetricCatalog.RecallMicro, LabelMetricCatalog.F1Micro);
            AddAveraged(set, matrix, Average.Macro, LabelMetricCatalog.PrecisionMacro, LabelMetricCatalog.RecallMacro, LabelMetricCatalog.F1Macro);
            AddAveraged(set, matrix, Average.Weighted, LabelMetricCatalog.PrecisionWeighted, LabelMetricCatalog.RecallWeighted, LabelMetricCatalog.F1Weighted);
            set.Add(LabelMetricCatalog.JaccardMacro.Name, () => Jaccard(matrix, Average.Macro, zero));
            set.Add(LabelMetricCatalog.JaccardWeighted.Name, () => Jaccard(matrix, Average.Weighted, zero));
            set.Add(LabelMetricCatalog.MatthewsCorrelation.Name, () => MatthewsCorrelation(matrix));
            set.Add(LabelMetricCatalog.CohenKappa.Name, () => CohenKappa(matrix));
        }
    }

    /// <summary>One-vs-rest counts of every class: TP = C[c,c], FP = column sum − TP, FN = row sum − TP.</summary>
    public static ClassCounts[] PerClassCounts(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var k = matrix.NumClasses;
        var counts = new ClassCounts[k];
        for (var c = 0; c < k; c++)
        {
            long predicted = 0, actual = 0;
            for (var j = 0; j < k; j++)
            {
                predicted += matrix[j, c];
                actual += matrix[c, j];
            }
            var tp = matrix[c, c];
            counts[c] = new ClassCounts(tp, predicted - tp, actual - tp);
        }
        return counts;
    }

    /// <summary>Fraction of examples whose prediction equals the truth, as <c>accuracy_score</c>.</summary>
    /// <remarks>Σ C[c,c] / n, in [0, 1]. Undefined with no examples.</remarks>
    public static double Accuracy(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        RequireExamples(matrix, "accuracy");
        long correct = 0;
        for (var c = 0; c < matrix.NumClasses; c++) correct += matrix[c, c];
        return (double)correct / matrix.Total;
    }

    /// <inheritdoc cref="Accuracy(ConfusionMatrix)"/>
    public static double Accuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses) =>
        Accuracy(ConfusionMatrix.From(yTrue, yPred, numClasses));

    /// <summary>Mean recall over the classes present in the truth, as <c>balanced_accuracy_score(adjusted=False)</c>.</summary>
    /// <remarks>
    /// mean over {c : support_c &gt; 0} of C[c,c] / support_c, in [0, 1]. Unlike <c>recall_macro</c>, classes with no true
    /// example are left out rather than counted as 0 (scikit-learn takes no <c>labels</c> here), so a class seen only in
    /// predictions lowers it only through the recall of the classes it stole from. Undefined with no examples.
    /// </remarks>
    public static double BalancedAccuracy(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        RequireExamples(matrix, "balanced accuracy");
        var sum = 0.0;
        var present = 0;
        foreach (var c in PerClassCounts(matrix))
        {
            if (c.Support == 0) continue;
            sum += (double)c.TruePositives / c.Support;
            present++;
        }
        return sum / present;
    }

    /// <inheritdoc cref="BalancedAccuracy(ConfusionMatrix)"/>
    public static double BalancedAccuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses) =>
        BalancedAccuracy(ConfusionMatrix.From(yTrue, yPred, numClasses));

    /// <summary>Precision TP / (TP + FP), as <c>precision_score(labels=range(K), average=..., zero_division=...)</c>.</summary>
    /// <remarks>
    /// Binary: class 1 only (K must be 2). Micro: from summed counts, equal to accuracy. Macro: mean over all K classes.
    /// Weighted: mean weighted by support. A class never predicted has precision <paramref name="zeroDivision"/>.
    /// In [0, 1]; <see cref="Average.Samples"/> is for multilabel data only.
    /// </remarks>
    /// <exception cref="ArgumentException">Binary with K ≠ 2, or Samples.</exception>
    public static double Precision(ConfusionMatrix matrix, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.Precision(PerClassCounts(matrix), CheckAverage(average), zeroDivision);

    /// <inheritdoc cref="Precision(ConfusionMatrix, Average, ZeroDivision)"/>
    public static double Precision(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        Precision(ConfusionMatrix.From(yTrue, yPred, numClasses), average, zeroDivision);

    /// <summary>Recall TP / (TP + FN), as <c>recall_score(labels=range(K), average=..., zero_division=...)</c>.</summary>
    /// <remarks>
    /// Averages as <see cref="Precision(ConfusionMatrix, Average, ZeroDivision)"/>; micro recall and weighted recall both
    /// equal accuracy. A class with no true example has recall <paramref name="zeroDivision"/>. In [0, 1].
    /// </remarks>
    /// <exception cref="ArgumentException">Binary with K ≠ 2, or Samples.</exception>
    public static double Recall(ConfusionMatrix matrix, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.Recall(PerClassCounts(matrix), CheckAverage(average), zeroDivision);

    /// <inheritdoc cref="Recall(ConfusionMatrix, Average, ZeroDivision)"/>
    public static double Recall(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        Recall(ConfusionMatrix.From(yTrue, yPred, numClasses), average, zeroDivision);

    /// <summary>F1, the harmonic mean of precision and recall, as <c>f1_score</c>; <see cref="FBeta(ConfusionMatrix, double, Average, ZeroDivision)"/> with β = 1.</summary>
    /// <exception cref="ArgumentException">Binary with K ≠ 2, or Samples.</exception>
    public static double F1(ConfusionMatrix matrix, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        FBeta(matrix, 1, average, zeroDivision);

    /// <inheritdoc cref="F1(ConfusionMatrix, Average, ZeroDivision)"/>
    public static double F1(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        F1(ConfusionMatrix.From(yTrue, yPred, numClasses), average, zeroDivision);

    /// <summary>F-beta, as <c>fbeta_score(labels=range(K), beta=..., average=..., zero_division=...)</c>.</summary>
    /// <remarks>
    /// Per class (1+β²)·P·R / (β²·P + R) from precision P and recall R after their zero division is resolved; 0 when
    /// β²·P + R = 0. So a class absent from truth and predictions scores <paramref name="zeroDivision"/>, while a class
    /// missing from only one side scores 0. β = 0 gives precision (when R &gt; 0), β = +∞ gives recall. Micro uses summed
    /// counts; macro and weighted average the per-class values (not F of averaged P and R). In [0, 1].
    /// </remarks>
    /// <exception cref="ArgumentException">β negative or NaN; Binary with K ≠ 2; or Samples.</exception>
    public static double FBeta(ConfusionMatrix matrix, double beta, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        SetWiseScores.CheckBeta(beta);
        return SetWiseScores.FBeta(PerClassCounts(matrix), CheckAverage(average), beta, zeroDivision);
    }

    /// <inheritdoc cref="FBeta(ConfusionMatrix, double, Average, ZeroDivision)"/>
    public static double FBeta(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses, double beta, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        FBeta(ConfusionMatrix.From(yTrue, yPred, numClasses), beta, average, zeroDivision);

    /// <summary>Jaccard index TP / (TP + FP + FN), as <c>jaccard_score(labels=range(K), average=..., zero_division=...)</c>.</summary>
    /// <remarks>
    /// Averages as precision; micro Jaccard is Σ TP / Σ (TP + FP + FN) = a / (2 − a) for accuracy a. A class absent from
    /// truth and predictions scores <paramref name="zeroDivision"/>. In [0, 1].
    /// </remarks>
    /// <exception cref="ArgumentException">Binary with K ≠ 2, or Samples.</exception>
    public static double Jaccard(ConfusionMatrix matrix, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.Jaccard(PerClassCounts(matrix), CheckAverage(average), zeroDivision);

    /// <inheritdoc cref="Jaccard(ConfusionMatrix, Average, ZeroDivision)"/>
    public static double Jaccard(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses, Average average, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        Jaccard(ConfusionMatrix.From(yTrue, yPred, numClasses), average, zeroDivision);

    /// <summary>Precision, recall, F1 and support of every class, as <c>precision_recall_fscore_support(labels=range(K), average=None)</c>.</summary>
    public static IReadOnlyList<ClassScores> PerClass(ConfusionMatrix matrix, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.Rows(PerClassCounts(matrix), zeroDivision);

    /// <inheritdoc cref="PerClass(ConfusionMatrix, ZeroDivision)"/>
    public static IReadOnlyList<ClassScores> PerClass(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        PerClass(ConfusionMatrix.From(yTrue, yPred, numClasses), zeroDivision);

    /// <summary>Precision of every class (<c>average=None</c>); index c is class c.</summary>
    public static double[] PrecisionPerClass(ConfusionMatrix matrix, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.PerClass(PerClassCounts(matrix), c => SetWiseScores.Precision(c, zeroDivision));

    /// <summary>Recall of every class (<c>average=None</c>); index c is class c.</summary>
    public static double[] RecallPerClass(ConfusionMatrix matrix, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.PerClass(PerClassCounts(matrix), c => SetWiseScores.Recall(c, zeroDivision));

    /// <summary>F-beta of every class (<c>average=None</c>); index c is class c.</summary>
    /// <exception cref="ArgumentOutOfRangeException">β negative or NaN.</exception>
    public static double[] FBetaPerClass(ConfusionMatrix matrix, double beta, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        SetWiseScores.CheckBeta(beta);
        return SetWiseScores.PerClass(PerClassCounts(matrix), c => SetWiseScores.FBeta(c, beta, zeroDivision));
    }

    /// <summary>Jaccard index of every class (<c>average=None</c>); index c is class c.</summary>
    public static double[] JaccardPerClass(ConfusionMatrix matrix, ZeroDivision zeroDivision = ZeroDivision.Zero) =>
        SetWiseScores.PerClass(PerClassCounts(matrix), c => SetWiseScores.Jaccard(c, zeroDivision));

    /// <summary>The confusion matrix divided by row sums, column sums or the total, as <c>confusion_matrix(labels=range(K), normalize=...)</c>.</summary>
    /// <remarks>Rows are true classes, columns predictions. A row (or column) with zero sum stays all 0, as scikit-learn's nan_to_num makes it; so does every cell of an empty matrix.</remarks>
    public static double[][] NormalizedConfusionMatrix(ConfusionMatrix matrix, ConfusionNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var k = matrix.NumClasses;
        var counts = PerClassCounts(matrix);
        var rows = new double[k][];
        for (var r = 0; r < k; r++)
        {
            rows[r] = new double[k];
            for (var c = 0; c < k; c++)
            {
                var divisor = normalization switch
                {
                    ConfusionNormalization.TrueClass => counts[r].Support,
                    ConfusionNormalization.PredictedClass => counts[c].Predicted,
                    ConfusionNormalization.All => matrix.Total,
                    _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, null),
                };
                rows[r][c] = divisor == 0 ? 0 : (double)matrix[r, c] / divisor;
            }
        }
        return rows;
    }

    /// <inheritdoc cref="NormalizedConfusionMatrix(ConfusionMatrix, ConfusionNormalization)"/>
    public static double[][] NormalizedConfusionMatrix(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses, ConfusionNormalization normalization) =>
        NormalizedConfusionMatrix(ConfusionMatrix.From(yTrue, yPred, numClasses), normalization);

    /// <summary>Matthews correlation coefficient (multiclass R_K), as <c>matthews_corrcoef</c>.</summary>
    /// <remarks>
    /// With n examples, c correct, t_k true and p_k predicted counts of class k:
    /// (c·n − Σ t_k·p_k) / √((n² − Σ p_k²)·(n² − Σ t_k²)). In [−1, 1]: 1 perfect, 0 chance, −1 inverted (binary).
    /// It is 0 whenever either factor under the root is 0 (truth or predictions use a single class, or no examples),
    /// scikit-learn's convention for the 0/0 case; swapping truth and predictions leaves it unchanged.
    /// </remarks>
    public static double MatthewsCorrelation(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        // Doubles as scikit-learn uses (exact for counts below 2^26), so n² cannot overflow for large evaluations.
        double samples = matrix.Total, correct = 0, truePredicted = 0, predictedSquares = 0, trueSquares = 0;
        foreach (var c in PerClassCounts(matrix))
        {
            correct += c.TruePositives;
            truePredicted += (double)c.Support * c.Predicted;
            predictedSquares += (double)c.Predicted * c.Predicted;
            trueSquares += (double)c.Support * c.Support;
        }
        var covariance = correct * samples - truePredicted;
        var predictedVariance = samples * samples - predictedSquares;
        var trueVariance = samples * samples - trueSquares;
        return predictedVariance * trueVariance == 0 ? 0 : covariance / Math.Sqrt(trueVariance * predictedVariance);
    }

    /// <inheritdoc cref="MatthewsCorrelation(ConfusionMatrix)"/>
    public static double MatthewsCorrelation(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses) =>
        MatthewsCorrelation(ConfusionMatrix.From(yTrue, yPred, numClasses));

    /// <summary>Cohen's kappa, agreement corrected for chance, as <c>cohen_kappa_score(labels=range(K), weights=...)</c>.</summary>
    /// <remarks>
    /// κ = 1 − Σ w_ij·C_ij / Σ w_ij·E_ij with expected counts E_ij = p_i·t_j / n and weights w_ij = [i ≠ j], |i − j| or
    /// (i − j)²; unweighted it is (p_o − p_e) / (1 − p_e). Weighted kappa uses the class indices 0..K−1, so an absent
    /// class still widens the distances (scikit-learn without <c>labels</c> would close the gap). In [−1, 1] (1 perfect,
    /// 0 chance); symmetric in truth and predictions. Undefined (scikit-learn's NaN) with no examples or when truth and
    /// predictions all use one and the same class: chance agreement is then perfect and κ is 0/0.
    /// </remarks>
    public static double CohenKappa(ConfusionMatrix matrix, KappaWeighting weighting = KappaWeighting.None)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var k = matrix.NumClasses;
        var counts = PerClassCounts(matrix);
        double observed = 0, expected = 0, n = matrix.Total;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var w = weighting switch
                {
                    KappaWeighting.None => i == j ? 0 : 1,
                    KappaWeighting.Linear => Math.Abs(i - j),
                    KappaWeighting.Quadratic => (double)(i - j) * (i - j),
                    _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, null),
                };
                observed += w * matrix[i, j];
                // scikit-learn divides each expected cell by n before summing; doing the same keeps the rounding alike.
                expected += w * ((double)(counts[i].Predicted * counts[j].Support) / n);
            }
        }
        if (n == 0 || expected == 0)
            throw new UndefinedMetricException(n == 0
                ? "Cohen's kappa needs at least one example"
                : "Cohen's kappa is 0/0: truth and predictions all use one and the same class, so chance agreement is perfect");
        return 1 - observed / expected;
    }

    /// <inheritdoc cref="CohenKappa(ConfusionMatrix, KappaWeighting)"/>
    public static double CohenKappa(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int numClasses, KappaWeighting weighting = KappaWeighting.None) =>
        CohenKappa(ConfusionMatrix.From(yTrue, yPred, numClasses), weighting);

    private static void AddAveraged(MetricSet set, ConfusionMatrix matrix, Average average, MetricInfo precision, MetricInfo recall, MetricInfo f1)
    {
        set.Add(precision.Name, () => Precision(matrix, average));
        set.Add(recall.Name, () => Recall(matrix, average));
        set.Add(f1.Name, () => F1(matrix, average));
    }

    private static Average CheckAverage(Average average) => average == Average.Samples
        ? throw new ArgumentException("average Samples is for multilabel data; single-label predictions have one label per example", nameof(average))
        : average;

    private static void RequireExamples(ConfusionMatrix matrix, string metric)
    {
        if (matrix.Total == 0) throw new UndefinedMetricException($"{metric} needs at least one example");
    }
}
