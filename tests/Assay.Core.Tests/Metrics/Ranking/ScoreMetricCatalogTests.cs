using Assay.Metrics;
using Assay.Metrics.Ranking;

namespace Assay.Core.Tests.Metrics.Ranking;

public class ScoreMetricCatalogTests
{
    [Fact]
    public void Every_reported_name_is_catalogued_once()
    {
        var binary = new MetricSet();
        ScoreMetrics.AddBinary(binary, [0, 1, 1, 0], [0.1f, 0.8f, 0.6f, 0.3f]);
        var multiclass = new MetricSet();
        ScoreMetrics.AddMulticlass(multiclass, Enumerable.Range(0, 12).Select(i => i % 6).ToArray(), Enumerable.Repeat(1 / 6f, 72).ToArray(), 6);
        var multilabel = new MetricSet();
        ScoreMetrics.AddMultilabel(multilabel, [0, 1, 1, 0], [0.1f, 0.8f, 0.6f, 0.3f], 2);

        var reported = new[] { binary, multiclass, multilabel }.SelectMany(s => s.Values.Select(v => v.Key).Concat(s.Undefined.Keys)).Distinct().Order();
        Assert.Equal(reported, ScoreMetricCatalog.All.Select(m => m.Name).Order());
        Assert.Equal(ScoreMetricCatalog.All.Count, ScoreMetricCatalog.All.Select(m => m.Name).Distinct().Count());
    }

    [Fact]
    public void Losses_and_calibration_error_are_lower_is_better()
    {
        foreach (var info in ScoreMetricCatalog.All)
        {
            var lowerIsBetter = info.Name is "log_loss" or "brier" or "expected_calibration_error";
            Assert.Equal(!lowerIsBetter, info.HigherIsBetter);
        }
        Assert.Equal(ScoreMetricCatalog.RocAucOneVsOneMacro, ScoreMetricCatalog.Find("roc_auc_ovo_macro"));
        Assert.Null(ScoreMetricCatalog.Find("accuracy"));
    }
}
