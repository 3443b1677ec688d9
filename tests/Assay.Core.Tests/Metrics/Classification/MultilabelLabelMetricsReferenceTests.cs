using Assay.Metrics;
using Assay.Metrics.Classification;

namespace Assay.Core.Tests.Metrics.Classification;

public class MultilabelLabelMetricsReferenceTests
{
    private const string Group = "multilabel";

    public static TheoryData<string> Cases() => LabelReference.Names(Group);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_value_matches_scikit_learn(string name)
    {
        var c = LabelReference.Case(Group, name);
        var confusion = LabelReference.NewMultilabel(c.GetProperty("num_labels").GetInt32());
        confusion.Update(LabelReference.Ints(c, "y_true"), LabelReference.Ints(c, "y_pred"));
        LabelReference.AssertClose(LabelReference.Expected(c), LabelReference.Actual(confusion));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Span_functions_equal_the_accumulator_functions(string name)
    {
        var c = LabelReference.Case(Group, name);
        var l = c.GetProperty("num_labels").GetInt32();
        var t = LabelReference.Ints(c, "y_true");
        var p = LabelReference.Ints(c, "y_pred");
        var m = LabelReference.NewMultilabel(l);
        m.Update(t, p);

        Assert.Equal(MultilabelLabelMetrics.SubsetAccuracy(m), MultilabelLabelMetrics.SubsetAccuracy(t, p, l));
        Assert.Equal(MultilabelLabelMetrics.HammingLoss(m), MultilabelLabelMetrics.HammingLoss(t, p, l));
        Assert.Equal(MultilabelLabelMetrics.Precision(m, Average.Samples, ZeroDivision.One), MultilabelLabelMetrics.Precision(t, p, l, Average.Samples, ZeroDivision.One));
        Assert.Equal(MultilabelLabelMetrics.Recall(m, Average.Weighted, ZeroDivision.One), MultilabelLabelMetrics.Recall(t, p, l, Average.Weighted, ZeroDivision.One));
        Assert.Equal(MultilabelLabelMetrics.F1(m, Average.Samples), MultilabelLabelMetrics.F1(t, p, l, Average.Samples));
        // The span overload tracks any β itself, including one the accumulator above was not built for.
        Assert.Equal(MultilabelLabelMetrics.FBeta(m, 2, Average.Samples), MultilabelLabelMetrics.FBeta(t, p, l, 2, Average.Samples));
        Assert.Equal(
            MultilabelLabelMetrics.FBeta(MultilabelConfusion.From(t, p, l, 3), 3, Average.Samples, ZeroDivision.One),
            MultilabelLabelMetrics.FBeta(t, p, l, 3, Average.Samples, ZeroDivision.One));
        Assert.Equal(MultilabelLabelMetrics.Jaccard(m, Average.Micro), MultilabelLabelMetrics.Jaccard(t, p, l, Average.Micro));
        Assert.Equal(MultilabelLabelMetrics.PerLabel(m), MultilabelLabelMetrics.PerLabel(t, p, l));
    }

    [Fact]
    public void The_reference_covers_the_edge_cases_it_promises()
    {
        var cases = LabelReference.All(Group).ToList();
        // All-zero rows make the samples average depend on zero_division.
        Assert.Contains(cases, c => c.GetProperty("precision_samples_zd0").GetDouble() != c.GetProperty("precision_samples_zd1").GetDouble());
        Assert.Contains(cases, c => c.GetProperty("f1_samples_zd0").GetDouble() != c.GetProperty("f1_samples_zd1").GetDouble());
        Assert.Contains(cases, c => c.GetProperty("jaccard_samples_zd0").GetDouble() != c.GetProperty("jaccard_samples_zd1").GetDouble());
        Assert.Contains(cases, c => LabelReference.Ints(c, "y_true").All(v => v == 0));
        Assert.Contains(cases, c => c.GetProperty("y_true").GetArrayLength() == 1);
    }
}
