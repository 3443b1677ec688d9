namespace Assay.Metrics;

/// <summary>Precision, recall and F1 of one class, with its support (number of true examples).</summary>
public sealed record ClassScores(int Class, double Precision, double Recall, double F1, long Support);

/// <summary>Count-based multiclass metrics, identical to scikit-learn's with <c>labels=range(K)</c> and <c>zero_division=0</c>.</summary>
/// <remarks>
/// precision_c = TP/(TP+FP), recall_c = TP/(TP+FN), F1_c = 2PR/(P+R); a ratio whose denominator is 0 is 0 (zero_division=0).
/// Macro averages weigh all K classes equally, including classes absent from both truth and predictions (as scikit-learn
/// does when given the labels). Weighted averages weigh by support; micro averages equal accuracy for single-label data.
/// </remarks>
public sealed record ClassificationScores(
    long Count,
    double Accuracy,
    double PrecisionMacro,
    double RecallMacro,
    double F1Macro,
    double PrecisionWeighted,
    double RecallWeighted,
    double F1Weighted,
    double PrecisionMicro,
    double RecallMicro,
    double F1Micro,
    IReadOnlyList<ClassScores> PerClass)
{
    public static ClassificationScores From(ConfusionMatrix matrix)
    {
        var k = matrix.NumClasses;
        var perClass = new ClassScores[k];
        long correct = 0;
        for (var c = 0; c < k; c++)
        {
            long tp = matrix[c, c], predicted = 0, actual = 0;
            for (var j = 0; j < k; j++)
            {
                predicted += matrix[j, c];
                actual += matrix[c, j];
            }
            correct += tp;
            var precision = Ratio(tp, predicted);
            var recall = Ratio(tp, actual);
            var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            perClass[c] = new ClassScores(c, precision, recall, f1, actual);
        }

        var total = matrix.Total;
        var accuracy = Ratio(correct, total);
        return new ClassificationScores(
            total,
            accuracy,
            perClass.Average(s => s.Precision),
            perClass.Average(s => s.Recall),
            perClass.Average(s => s.F1),
            Weighted(perClass, s => s.Precision, total),
            Weighted(perClass, s => s.Recall, total),
            Weighted(perClass, s => s.F1, total),
            accuracy,
            accuracy,
            accuracy,
            perClass);
    }

    /// <summary>The headline values by their stable names (see <see cref="MetricInfo"/>).</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        [MetricInfo.Accuracy.Name] = Accuracy,
        [MetricInfo.PrecisionMacro.Name] = PrecisionMacro,
        [MetricInfo.RecallMacro.Name] = RecallMacro,
        [MetricInfo.F1Macro.Name] = F1Macro,
        [MetricInfo.PrecisionWeighted.Name] = PrecisionWeighted,
        [MetricInfo.RecallWeighted.Name] = RecallWeighted,
        [MetricInfo.F1Weighted.Name] = F1Weighted,
    };

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static double Weighted(ClassScores[] perClass, Func<ClassScores, double> value, long total) =>
        total == 0 ? 0 : perClass.Sum(s => value(s) * s.Support) / total;
}
