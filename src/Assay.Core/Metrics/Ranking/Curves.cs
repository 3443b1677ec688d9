namespace Assay.Metrics.Ranking;

/// <summary>The receiver operating characteristic: false and true positive rates as the decision threshold falls.</summary>
/// <remarks>
/// Exactly <c>sklearn.metrics.roc_curve(y_true, score)</c> of scikit-learn 1.2.1 (drop_intermediate=True): point i is
/// (FP/N, TP/P) over the samples scoring ≥ <c>Thresholds[i]</c>. One threshold per distinct score, highest first, minus the
/// interior points collinear with both neighbours; then a leading (0, 0) point whose threshold is <c>max(score) + 1</c>
/// (computed in double, rounded to float32 as NumPy does). scikit-learn 1.3 and later write +∞ there instead; this follows
/// 1.2.1. Rates are in [0, 1] and never decrease. Undefined (no curve) unless both classes are present.
/// </remarks>
public sealed record RocCurve(double[] FalsePositiveRates, double[] TruePositiveRates, float[] Thresholds);

/// <summary>Precision and recall as the decision threshold rises, ending at the conventional point (recall 0, precision 1).</summary>
/// <remarks>
/// Exactly <c>sklearn.metrics.precision_recall_curve(y_true, score)</c> of scikit-learn 1.2.1: <c>Thresholds</c> holds every
/// distinct score ascending; <c>Precisions[i]</c> = TP/(TP+FP) and <c>Recalls[i]</c> = TP/P over samples scoring ≥
/// <c>Thresholds[i]</c>; both arrays carry one more element, precision 1 and recall 0, with no threshold. No point is dropped
/// (1.2.1 keeps the thresholds past full recall). Undefined without positive samples, where scikit-learn warns and sets
/// recall to 1.
/// </remarks>
public sealed record PrecisionRecallCurve(double[] Precisions, double[] Recalls, float[] Thresholds);

/// <summary>One non-empty bin of a reliability diagram: how confident the predictions in it were and how often they were right.</summary>
/// <param name="Index">0-based bin number; bin b holds confidences in (b/B, (b+1)/B], bin 0 also holds 0.</param>
/// <param name="MeanPredicted">Mean confidence (predicted probability) in the bin.</param>
/// <param name="FractionPositive">Fraction of the bin's samples that are positive (binary) or correctly classified (multiclass).</param>
public sealed record CalibrationBin(int Index, double Lower, double Upper, long Count, double MeanPredicted, double FractionPositive);

/// <summary>A reliability diagram over uniform confidence bins, plus the expected calibration error it implies.</summary>
/// <remarks>
/// Binary: exactly <c>sklearn.calibration.calibration_curve(y_true, probability, n_bins=B, strategy="uniform")</c> of
/// scikit-learn 1.2.1, which returns (FractionPositive, MeanPredicted) of the non-empty bins in bin order; <see cref="Bins"/>
/// holds the same bins with their counts and edges. Bin edges are NumPy's <c>linspace(0, 1, B + 1)</c>; a probability on an
/// inner edge belongs to the lower bin (<c>searchsorted(edges[1:-1], p, side="left")</c>), so 0.5 falls in (0.4, 0.5].
/// <see cref="ExpectedCalibrationError"/> = Σ_b (n_b/n)·|FractionPositive_b − MeanPredicted_b| over the non-empty bins, in
/// [0, 1]; 0 when every bin's mean confidence matches its accuracy.
/// </remarks>
public sealed record CalibrationCurve(IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError);
