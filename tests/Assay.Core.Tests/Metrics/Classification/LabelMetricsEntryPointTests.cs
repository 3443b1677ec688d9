using Assay.Metrics;
using Assay.Metrics.Classification;

namespace Assay.Core.Tests.Metrics.Classification;

/// <summary>The MetricSet entry points, the catalog and the contracts for bad input.</summary>
public class LabelMetricsEntryPointTests
{
    [Fact]
    public void Binary_task_reports_the_catalog_names_in_order_with_binary_averages()
    {
        int[] t = [0, 1, 1, 0, 1, 0, 0, 1, 1];
        int[] p = [0, 1, 0, 0, 1, 1, 0, 1, 1];
        var set = new MetricSet();
        LabelMetrics.AddTo(set, t, p, 2);

        Assert.Equal(LabelMetricCatalog.Binary.Select(m => m.Name), set.Values.Select(v => v.Key));
        Assert.Empty(set.Undefined);
        // TP 4, FP 1, FN 1, TN 3.
        Assert.Equal(7.0 / 9, set["accuracy"], LabelReference.Tolerance);
        Assert.Equal(0.8, set["precision"], LabelReference.Tolerance);
        Assert.Equal(0.8, set["recall"], LabelReference.Tolerance);
        Assert.Equal(0.8, set["f1"], LabelReference.Tolerance);
        Assert.Equal(4.0 / 6, set["jaccard"], LabelReference.Tolerance);
        Assert.Equal(LabelMetrics.MatthewsCorrelation(t, p, 2), set["matthews_corrcoef"]);
        Assert.Equal(LabelMetrics.CohenKappa(t, p, 2), set["cohen_kappa"]);
        Assert.Equal(LabelMetrics.Jaccard(t, p, 2, Average.Macro), set["jaccard_macro"]);
        Assert.Equal(LabelMetrics.F1(t, p, 2, Average.Weighted), set["f1_weighted"]);
    }

    [Fact]
    public void Multiclass_task_reports_the_catalog_names_in_order()
    {
        int[] t = [0, 1, 2, 2, 1, 0, 3, 3];
        int[] p = [0, 2, 2, 2, 1, 1, 3, 0];
        var set = new MetricSet();
        LabelMetrics.AddTo(set, t, p, 5);

        Assert.Equal(LabelMetricCatalog.Multiclass.Select(m => m.Name), set.Values.Select(v => v.Key));
        Assert.Equal(5.0 / 8, set["accuracy"]);
        Assert.Equal(set["accuracy"], set["f1_micro"]);
        Assert.Equal(LabelMetrics.Jaccard(t, p, 5, Average.Weighted), set["jaccard_weighted"]);
        Assert.Equal(LabelMetrics.BalancedAccuracy(t, p, 5), set["balanced_accuracy"]);
    }

    [Fact]
    public void Multilabel_task_reports_the_catalog_names_in_order()
    {
        int[] t = [1, 0, 1, 0, 0, 0, 1, 1, 0];
        int[] p = [1, 0, 0, 0, 0, 0, 1, 1, 1];
        var set = new MetricSet();
        MultilabelLabelMetrics.AddTo(set, t, p, 3);

        Assert.Equal(LabelMetricCatalog.Multilabel.Select(m => m.Name), set.Values.Select(v => v.Key));
        Assert.Equal(1.0 / 3, set["subset_accuracy"], LabelReference.Tolerance);
        Assert.Equal(2.0 / 9, set["hamming_loss"], LabelReference.Tolerance);
        // Rows: P 1, 0/0 → 0, 2/3; R 1/2, 0/0 → 0, 1.
        Assert.Equal((1 + 0 + 2.0 / 3) / 3, set["precision_samples"], LabelReference.Tolerance);
        Assert.Equal((0.5 + 0 + 1) / 3, set["recall_samples"], LabelReference.Tolerance);
    }

    [Fact]
    public void Empty_input_leaves_only_what_scikit_learn_cannot_compute_undefined()
    {
        var binary = new MetricSet();
        LabelMetrics.AddTo(binary, [], [], 2);
        Assert.Equal(["accuracy", "balanced_accuracy", "cohen_kappa"], binary.Undefined.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, binary["matthews_corrcoef"]);
        Assert.Equal(0, binary["f1_weighted"]);

        var multilabel = new MetricSet();
        MultilabelLabelMetrics.AddTo(multilabel, [], [], 4);
        Assert.Equal(
            ["f1_samples", "hamming_loss", "jaccard_samples", "precision_samples", "recall_samples", "subset_accuracy"],
            multilabel.Undefined.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, multilabel["f1_macro"]);
    }

    [Fact]
    public void Kappa_of_one_shared_class_is_undefined_with_a_reason_and_mcc_is_zero()
    {
        var set = new MetricSet();
        LabelMetrics.AddTo(set, [2, 2, 2], [2, 2, 2], 3);
        Assert.Contains("same class", set.Undefined["cohen_kappa"], StringComparison.Ordinal);
        Assert.Equal(0, set["matthews_corrcoef"]);
        Assert.Equal(1, set["accuracy"]);
        Assert.Throws<UndefinedMetricException>(() => LabelMetrics.CohenKappa([2, 2, 2], [2, 2, 2], 3, KappaWeighting.Quadratic));
    }

    [Fact]
    public void Catalog_lists_every_name_once_with_its_direction_and_range()
    {
        var names = LabelMetricCatalog.All.Select(m => m.Name).ToList();
        Assert.Equal(names.Distinct(), names);
        Assert.Equal(25, names.Count);
        Assert.Equal(
            LabelMetricCatalog.Binary.Concat(LabelMetricCatalog.Multiclass).Concat(LabelMetricCatalog.Multilabel).Select(m => m.Name).ToHashSet(),
            names.ToHashSet());
        Assert.All(LabelMetricCatalog.All.Where(m => m.Name != "hamming_loss"), m => Assert.True(m.HigherIsBetter, m.Name));
        Assert.False(LabelMetricCatalog.Find("hamming_loss")!.HigherIsBetter);
        Assert.Equal(new MetricInfo("matthews_corrcoef", true, -1, 1), LabelMetricCatalog.Find("matthews_corrcoef"));
        Assert.Equal(new MetricInfo("cohen_kappa", true, -1, 1), LabelMetricCatalog.Find("cohen_kappa"));
        Assert.All(LabelMetricCatalog.All.Where(m => m.Minimum == 0), m => Assert.Equal(1, m.Maximum));
        Assert.Same(MetricInfo.F1Macro, LabelMetricCatalog.Find("f1_macro"));
        Assert.Null(LabelMetricCatalog.Find("roc_auc"));
    }

    [Fact]
    public void Averages_that_do_not_apply_are_rejected()
    {
        var binaryOnThree = Assert.Throws<ArgumentException>(() => LabelMetrics.Precision([0, 1, 2], [0, 1, 2], 3, Average.Binary));
        Assert.Contains("exactly 2 classes", binaryOnThree.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LabelMetrics.F1([0, 1], [0, 1], 2, Average.Samples));
        Assert.Throws<ArgumentException>(() => MultilabelLabelMetrics.Recall([0, 1], [0, 1], 2, Average.Binary));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelMetrics.FBeta([0, 1], [0, 1], 2, -1, Average.Macro));
        Assert.Throws<ArgumentOutOfRangeException>(() => MultilabelLabelMetrics.FBeta([0, 1], [0, 1], 2, double.NaN, Average.Macro));
    }

    [Fact]
    public void Samples_f_beta_needs_its_beta_tracked_and_merge_needs_the_same_shape()
    {
        var confusion = MultilabelConfusion.From([1, 0, 1, 1], [1, 1, 1, 0], 2);
        var error = Assert.Throws<ArgumentException>(() => MultilabelLabelMetrics.FBeta(confusion, 2, Average.Samples));
        Assert.Contains("not tracked", error.Message, StringComparison.Ordinal);
        // β = 2 per label needs no tracking, and β = +∞ is recall.
        Assert.Equal(MultilabelLabelMetrics.FBeta([1, 0, 1, 1], [1, 1, 1, 0], 2, 2, Average.Macro), MultilabelLabelMetrics.FBeta(confusion, 2, Average.Macro));
        Assert.Equal(MultilabelLabelMetrics.Recall(confusion, Average.Samples), MultilabelLabelMetrics.FBeta(confusion, double.PositiveInfinity, Average.Samples));
        Assert.Equal([1.0], confusion.SamplesFBetas);

        Assert.Throws<ArgumentException>(() => confusion.Merge(new MultilabelConfusion(3)));
        Assert.Throws<ArgumentException>(() => confusion.Merge(new MultilabelConfusion(2, 2)));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(2).Merge(new ConfusionMatrix(3)));
    }

    [Fact]
    public void Bad_multilabel_input_is_rejected_with_its_position()
    {
        var value = Assert.Throws<ArgumentException>(() => MultilabelConfusion.From([0, 1, 1, 0, 0, 2], [0, 1, 1, 0, 0, 1], 3));
        Assert.Contains("true value 2 at position 5 (example 1, label 2)", value.Message, StringComparison.Ordinal);
        var negative = Assert.Throws<ArgumentException>(() => MultilabelConfusion.From([0, 1], [0, -1], 2));
        Assert.Contains("predicted value -1 at position 1 (example 0, label 1)", negative.Message, StringComparison.Ordinal);
        var lengths = Assert.Throws<ArgumentException>(() => MultilabelConfusion.From([0, 1], [0, 1, 0, 1], 2));
        Assert.Contains("2 true values but 4 predicted values", lengths.Message, StringComparison.Ordinal);
        var rows = Assert.Throws<ArgumentException>(() => MultilabelConfusion.From([0, 1, 1], [0, 1, 1], 2));
        Assert.Contains("not whole rows of 2 labels", rows.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultilabelConfusion(0));

        var label = Assert.Throws<ArgumentException>(() => LabelMetrics.Accuracy([0, 1], [0, 2], 2));
        Assert.Contains("predicted label 2 at position 1", label.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalized_confusion_matrices_leave_empty_rows_and_columns_at_zero()
    {
        // Class 2 is never true (row 2 empty) and never predicted (column 2 empty).
        int[] t = [0, 0, 1, 1, 1];
        int[] p = [0, 1, 1, 1, 0];
        Assert.Equal([[0.5, 0.5, 0], [1.0 / 3, 2.0 / 3, 0], [0, 0, 0]], LabelMetrics.NormalizedConfusionMatrix(t, p, 3, ConfusionNormalization.TrueClass));
        Assert.Equal([[0.5, 1.0 / 3, 0], [0.5, 2.0 / 3, 0], [0, 0, 0]], LabelMetrics.NormalizedConfusionMatrix(t, p, 3, ConfusionNormalization.PredictedClass));
        Assert.Equal([[0.2, 0.2, 0], [0.2, 0.4, 0], [0, 0, 0]], LabelMetrics.NormalizedConfusionMatrix(t, p, 3, ConfusionNormalization.All));
        Assert.All(LabelMetrics.NormalizedConfusionMatrix(new ConfusionMatrix(2), ConfusionNormalization.All).SelectMany(r => r), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Per_class_rows_carry_class_support_and_scores()
    {
        var rows = LabelMetrics.PerClass([0, 1, 1, 2], [0, 1, 2, 2], 4, ZeroDivision.One);
        Assert.Equal([0, 1, 2, 3], rows.Select(r => r.Class));
        Assert.Equal([1L, 2L, 1L, 0L], rows.Select(r => r.Support));
        Assert.Equal((1.0, 0.5), (rows[1].Precision, rows[1].Recall));
        Assert.Equal(2.0 / 3, rows[1].F1, LabelReference.Tolerance);
        // Class 3 is in neither truth nor predictions: every ratio is 0/0, so zero_division=1 gives 1 everywhere.
        Assert.Equal(new ClassScores(3, 1, 1, 1, 0), rows[3]);
    }
}
