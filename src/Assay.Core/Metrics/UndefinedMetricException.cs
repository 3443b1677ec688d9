namespace Assay.Metrics;

/// <summary>A metric that has no value for this input (ROC-AUC with one class present, R² of a constant target, ...).</summary>
/// <remarks>Reports catch it per metric and list the metric under "undefined" with <see cref="Exception.Message"/> as the
/// reason: never a NaN, never a crash.</remarks>
public sealed class UndefinedMetricException(string reason) : Exception(reason);
