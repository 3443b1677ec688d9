using Assay.Metrics;
using Assay.Metrics.Classification;

namespace Assay.Core.Tests.Metrics.Classification;

public class LabelMetricsReferenceTests
{
    private const string Group = "single_label";

    public static TheoryData<string> Cases() => LabelReference.Names(Group);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_value_matches_scikit_learn(string name)
    {
        var c = LabelReference.Case(Group, name);
        var matrix = ConfusionMatrix.From(LabelReference.Ints(c, "y_true"), LabelReference.Ints(c, "y_pred"), c.GetProperty("num_classes").GetInt32());
        LabelReference.AssertClose(LabelReference.Expected(c), LabelReference.Actual(matrix));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Span_functions_equal_the_accumulator_functions(string name)
    {
        var c = LabelReference.Case(Group, name);
        var k = c.GetProperty("num_classes").GetInt32();
        var t = LabelReference.Ints(c, "y_true");
        var p = LabelReference.Ints(c, "y_pred");
        var m = ConfusionMatrix.From(t, p, k);
        var average = k == 2 ? Average.Binary : Average.Macro;

        Assert.Equal(LabelMetrics.Accuracy(m), LabelMetrics.Accuracy(t, p, k));
        Assert.Equal(LabelMetrics.BalancedAccuracy(m), LabelMetrics.BalancedAccuracy(t, p, k));
        Assert.Equal(LabelMetrics.Precision(m, average, ZeroDivision.One), LabelMetrics.Precision(t, p, k, average, ZeroDivision.One));
        Assert.Equal(LabelMetrics.Recall(m, average, ZeroDivision.One), LabelMetrics.Recall(t, p, k, average, ZeroDivision.One));
        Assert.Equal(LabelMetrics.F1(m, Average.Weighted), LabelMetrics.F1(t, p, k, Average.Weighted));
        Assert.Equal(LabelMetrics.FBeta(m, 2, Average.Micro), LabelMetrics.FBeta(t, p, k, 2, Average.Micro));
        Assert.Equal(LabelMetrics.Jaccard(m, Average.Weighted), LabelMetrics.Jaccard(t, p, k, Average.Weighted));
        Assert.Equal(LabelMetrics.MatthewsCorrelation(m), LabelMetrics.MatthewsCorrelation(t, p, k));
        Assert.Equal(LabelMetrics.PerClass(m, ZeroDivision.One), LabelMetrics.PerClass(t, p, k, ZeroDivision.One));
        Assert.Equal(
            LabelMetrics.NormalizedConfusionMatrix(m, ConfusionNormalization.PredictedClass),
            LabelMetrics.NormalizedConfusionMatrix(t, p, k, ConfusionNormalization.PredictedClass));
        if (c.GetProperty("cohen_kappa_quadratic").ValueKind == System.Text.Json.JsonValueKind.Number)
            Assert.Equal(LabelMetrics.CohenKappa(m, KappaWeighting.Quadratic), LabelMetrics.CohenKappa(t, p, k, KappaWeighting.Quadratic));
        else
            Assert.Throws<UndefinedMetricException>(() => LabelMetrics.CohenKappa(t, p, k, KappaWeighting.Quadratic));
    }

    [Fact]
    public void The_reference_covers_the_edge_cases_it_promises()
    {
        var cases = LabelReference.All(Group).ToList();
        Assert.Contains(cases, c => LabelReference.Ints(c, "y_true").Length == 1);
        Assert.Contains(cases, c => c.GetProperty("cohen_kappa_none").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Contains(cases, c => c.GetProperty("matthews_corrcoef").GetDouble() == -1);
        Assert.Contains(cases, c => c.GetProperty("accuracy").GetDouble() == 1 && c.GetProperty("num_classes").GetInt32() == 2);
        // zero_division must matter somewhere, or the One branch is untested.
        Assert.Contains(cases, c => c.GetProperty("precision_macro_zd0").GetDouble() != c.GetProperty("precision_macro_zd1").GetDouble());
        Assert.Contains(cases, c => c.GetProperty("cohen_kappa_linear").ValueKind == System.Text.Json.JsonValueKind.Number
            && c.GetProperty("cohen_kappa_linear").GetDouble() != c.GetProperty("cohen_kappa_none").GetDouble());
    }
}
