using System.Globalization;
using System.Text;
using System.Text.Json;
using Assay.Metrics;
using Assay.Metrics.Classification;
using Assay.Tests;

namespace Assay.Core.Tests.Metrics.Classification;

/// <summary>scikit-learn's reference values (tools/reference/sklearn_label_metrics.py) and Assay's, both as flat key → value maps.</summary>
/// <remarks>
/// Keys are the generator's: <c>accuracy</c>, <c>f0.5_macro_zd1</c>, ...; list items and matrix cells get <c>/i</c> and
/// <c>/r/c</c> suffixes. A null value is a metric that is undefined (NaN in scikit-learn, an exception in Assay).
/// Comparing whole maps makes a value the generator writes and Assay forgets (or the reverse) a failure too.
/// </remarks>
internal static class LabelReference
{
    public const double Tolerance = 1e-12;

    public static readonly (string Name, double Beta)[] Betas =
        [("f1", 1), ("f0", 0), ("f0.5", 0.5), ("f2", 2), ("finf", double.PositiveInfinity)];

    private static readonly Lazy<JsonElement> Document = new(() => TestAssets.Json("sklearn", "label_metrics_reference.json"));

    private static readonly HashSet<string> Inputs = ["name", "num_classes", "num_labels", "y_true", "y_pred"];

    public static TheoryData<string> Names(string group)
    {
        var data = new TheoryData<string>();
        foreach (var c in Document.Value.GetProperty(group).EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    public static JsonElement Case(string group, string name) =>
        Document.Value.GetProperty(group).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static IEnumerable<JsonElement> All(string group) => Document.Value.GetProperty(group).EnumerateArray();

    /// <summary>y_true or y_pred as a flat int array (indicator matrices row-major).</summary>
    public static int[] Ints(JsonElement c, string field) =>
        [.. c.GetProperty(field).EnumerateArray().SelectMany(v => v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToArray() : [v]).Select(v => v.GetInt32())];

    public static Dictionary<string, double?> Expected(JsonElement c)
    {
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var property in c.EnumerateObject())
            if (!Inputs.Contains(property.Name)) Flatten(values, property.Name, property.Value);
        return values;
    }

    public static Dictionary<string, double?> Actual(ConfusionMatrix m)
    {
        var v = new Dictionary<string, double?>(StringComparer.Ordinal);
        Put(v, "accuracy", () => LabelMetrics.Accuracy(m));
        Put(v, "balanced_accuracy", () => LabelMetrics.BalancedAccuracy(m));
        Put(v, "matthews_corrcoef", () => LabelMetrics.MatthewsCorrelation(m));
        Put(v, "cohen_kappa_none", () => LabelMetrics.CohenKappa(m));
        Put(v, "cohen_kappa_linear", () => LabelMetrics.CohenKappa(m, KappaWeighting.Linear));
        Put(v, "cohen_kappa_quadratic", () => LabelMetrics.CohenKappa(m, KappaWeighting.Quadratic));
        PutMatrix(v, "confusion_matrix", m.ToRows().Select(r => r.Select(x => (double)x).ToArray()).ToArray());
        PutMatrix(v, "confusion_matrix_true", LabelMetrics.NormalizedConfusionMatrix(m, ConfusionNormalization.TrueClass));
        PutMatrix(v, "confusion_matrix_pred", LabelMetrics.NormalizedConfusionMatrix(m, ConfusionNormalization.PredictedClass));
        PutMatrix(v, "confusion_matrix_all", LabelMetrics.NormalizedConfusionMatrix(m, ConfusionNormalization.All));
        Average[] averages = m.NumClasses == 2 ? [Average.Binary, Average.Micro, Average.Macro, Average.Weighted] : [Average.Micro, Average.Macro, Average.Weighted];
        foreach (var zd in new[] { ZeroDivision.Zero, ZeroDivision.One })
        {
            foreach (var average in averages)
            {
                var key = $"{Name(average)}_zd{(int)zd}";
                Put(v, "precision_" + key, () => LabelMetrics.Precision(m, average, zd));
                Put(v, "recall_" + key, () => LabelMetrics.Recall(m, average, zd));
                Put(v, "f1_" + key, () => LabelMetrics.F1(m, average, zd));
                foreach (var (name, beta) in Betas.Skip(1)) Put(v, $"{name}_{key}", () => LabelMetrics.FBeta(m, beta, average, zd));
                Put(v, "jaccard_" + key, () => LabelMetrics.Jaccard(m, average, zd));
            }
            var perClass = $"per_class_zd{(int)zd}";
            var rows = LabelMetrics.PerClass(m, zd);
            PutList(v, "precision_" + perClass, LabelMetrics.PrecisionPerClass(m, zd));
            PutList(v, "recall_" + perClass, LabelMetrics.RecallPerClass(m, zd));
            // The rows' F1 must be the same numbers as FBetaPerClass(1): check it by filing them under f1.
            PutList(v, "f1_" + perClass, [.. rows.Select(r => r.F1)]);
            foreach (var (name, beta) in Betas.Skip(1)) PutList(v, $"{name}_{perClass}", LabelMetrics.FBetaPerClass(m, beta, zd));
            PutList(v, "jaccard_" + perClass, LabelMetrics.JaccardPerClass(m, zd));
            Assert.Equal(LabelMetrics.FBetaPerClass(m, 1, zd), rows.Select(r => r.F1));
            Assert.Equal(LabelMetrics.PrecisionPerClass(m, zd), rows.Select(r => r.Precision));
            Assert.Equal(LabelMetrics.RecallPerClass(m, zd), rows.Select(r => r.Recall));
            Assert.Equal(m.ToRows().Select(r => r.Sum()), rows.Select(r => r.Support));
        }
        return v;
    }

    public static Dictionary<string, double?> Actual(MultilabelConfusion m)
    {
        var v = new Dictionary<string, double?>(StringComparer.Ordinal);
        Put(v, "subset_accuracy", () => MultilabelLabelMetrics.SubsetAccuracy(m));
        Put(v, "hamming_loss", () => MultilabelLabelMetrics.HammingLoss(m));
        PutMatrix(v, "multilabel_confusion_matrix", [.. m.PerLabelCounts().SelectMany(c => new[]
        {
            new double[] { m.Samples - c.Union, c.FalsePositives },
            [c.FalseNegatives, c.TruePositives],
        })], cellsPerLabel: 2);
        foreach (var zd in new[] { ZeroDivision.Zero, ZeroDivision.One })
        {
            foreach (var average in new[] { Average.Micro, Average.Macro, Average.Weighted, Average.Samples })
            {
                var key = $"{Name(average)}_zd{(int)zd}";
                Put(v, "precision_" + key, () => MultilabelLabelMetrics.Precision(m, average, zd));
                Put(v, "recall_" + key, () => MultilabelLabelMetrics.Recall(m, average, zd));
                Put(v, "f1_" + key, () => MultilabelLabelMetrics.F1(m, average, zd));
                foreach (var (name, beta) in Betas.Skip(1)) Put(v, $"{name}_{key}", () => MultilabelLabelMetrics.FBeta(m, beta, average, zd));
                Put(v, "jaccard_" + key, () => MultilabelLabelMetrics.Jaccard(m, average, zd));
            }
            var perLabel = $"per_class_zd{(int)zd}";
            var rows = MultilabelLabelMetrics.PerLabel(m, zd);
            PutList(v, "precision_" + perLabel, MultilabelLabelMetrics.PrecisionPerLabel(m, zd));
            PutList(v, "recall_" + perLabel, MultilabelLabelMetrics.RecallPerLabel(m, zd));
            PutList(v, "f1_" + perLabel, [.. rows.Select(r => r.F1)]);
            foreach (var (name, beta) in Betas.Skip(1)) PutList(v, $"{name}_{perLabel}", MultilabelLabelMetrics.FBetaPerLabel(m, beta, zd));
            PutList(v, "jaccard_" + perLabel, MultilabelLabelMetrics.JaccardPerLabel(m, zd));
            Assert.Equal(MultilabelLabelMetrics.FBetaPerLabel(m, 1, zd), rows.Select(r => r.F1));
            Assert.Equal(Enumerable.Range(0, m.NumLabels), rows.Select(r => r.Class));
        }
        return v;
    }

    /// <summary>An accumulator that tracks every β the reference uses for samples averages.</summary>
    public static MultilabelConfusion NewMultilabel(int numLabels) => new(numLabels, 0, 0.5, 2);

    /// <summary>Asserts both maps hold the same keys, the same undefined metrics and values within <paramref name="tolerance"/>.</summary>
    public static void AssertClose(IReadOnlyDictionary<string, double?> expected, IReadOnlyDictionary<string, double?> actual, double tolerance = Tolerance)
    {
        var problems = new StringBuilder();
        foreach (var key in expected.Keys.Except(actual.Keys).Order(StringComparer.Ordinal)) problems.AppendLine(CultureInfo.InvariantCulture, $"{key}: not computed");
        foreach (var key in actual.Keys.Except(expected.Keys).Order(StringComparer.Ordinal)) problems.AppendLine(CultureInfo.InvariantCulture, $"{key}: not in the reference");
        foreach (var (key, want) in expected.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(key, out var got)) continue;
            var same = want is null || got is null ? want == got : Math.Abs(want.Value - got.Value) <= tolerance;
            if (!same) problems.AppendLine(CultureInfo.InvariantCulture, $"{key}: expected {Show(want)}, got {Show(got)}");
        }
        Assert.True(problems.Length == 0, $"{expected.Count} values compared; mismatches:\n{problems}");
    }

    private static string Show(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "undefined";

    private static string Name(Average average) => average.ToString().ToLowerInvariant();

    private static void Put(Dictionary<string, double?> values, string key, Func<double> compute)
    {
        try
        {
            values.Add(key, compute());
        }
        catch (UndefinedMetricException)
        {
            values.Add(key, null);
        }
    }

    private static void PutList(Dictionary<string, double?> values, string key, double[] list)
    {
        for (var i = 0; i < list.Length; i++) values.Add($"{key}/{i}", list[i]);
    }

    private static void PutMatrix(Dictionary<string, double?> values, string key, double[][] rows, int cellsPerLabel = 0)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            // Per-label 2×2 matrices arrive as consecutive row pairs; their keys are label/row/column like the JSON's.
            var prefix = cellsPerLabel > 0 ? $"{key}/{r / cellsPerLabel}/{r % cellsPerLabel}" : $"{key}/{r}";
            for (var c = 0; c < rows[r].Length; c++) values.Add($"{prefix}/{c}", rows[r][c]);
        }
    }

    private static void Flatten(Dictionary<string, double?> values, string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray()) Flatten(values, $"{key}/{i++}", item);
                break;
            case JsonValueKind.Null:
                values.Add(key, null);
                break;
            default:
                values.Add(key, value.GetDouble());
                break;
        }
    }
}
