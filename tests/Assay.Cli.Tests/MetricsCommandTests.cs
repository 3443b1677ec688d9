using System.Text.Json;
using Assay.Tests;

namespace Assay.Cli.Tests;

public class MetricsCommandTests
{
    [Fact]
    public void Scores_what_eval_saved_with_intervals_and_the_documented_shape()
    {
        using var temp = new TempFolder();
        var csv = temp.Path("p.csv");
        CliRunner.RunJson("eval", "--model", TestAssets.Path("fashion-mnist-mlp.onnx"), "--data", TestAssets.Path("fashion-mnist-slice"),
            "--save-predictions", csv, "--json", "--store", temp.Path("a.db"));
        var expected = TestAssets.Json("fashion-mnist-slice.expected.json");

        var report = CliRunner.RunJson("metrics", "--predictions", csv, "--json", "--bootstrap", "200");
        Assert.Equal("multiclass", report.GetProperty("task").GetString());
        Assert.Equal(256, report.GetProperty("n").GetInt32());
        var metrics = report.GetProperty("metrics");
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), metrics.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(expected.GetProperty("f1_macro").GetDouble(), metrics.GetProperty("f1_macro").GetDouble(), 12);
        var interval = report.GetProperty("intervals").GetProperty("accuracy").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(interval[0] < metrics.GetProperty("accuracy").GetDouble() && metrics.GetProperty("accuracy").GetDouble() < interval[1]);
        Assert.Equal(10, report.GetProperty("per_class").GetArrayLength());
        Assert.Equal(256, report.GetProperty("confusion_matrix").EnumerateArray().Sum(r => r.EnumerateArray().Sum(v => v.GetInt64())));
        Assert.Equal(JsonValueKind.Object, report.GetProperty("undefined").ValueKind);
    }

    [Fact]
    public void Regression_files_get_regression_metrics_and_undefined_ones_are_explained()
    {
        using var temp = new TempFolder();
        var csv = temp.Path("r.csv");
        File.WriteAllText(csv, "y_true,y_pred\n1.5,1.0\n");
        var report = CliRunner.RunJson("metrics", "--predictions", csv, "--json", "--bootstrap", "0");
        Assert.Equal("regression", report.GetProperty("task").GetString());
        Assert.Equal(0.5, report.GetProperty("metrics").GetProperty("mean_absolute_error").GetDouble(), 12);
        Assert.False(report.GetProperty("metrics").TryGetProperty("r2", out _));
        Assert.False(string.IsNullOrEmpty(report.GetProperty("undefined").GetProperty("r2").GetString()));
    }

    [Fact]
    public void Bad_predictions_name_the_row_and_column()
    {
        using var temp = new TempFolder();
        var csv = temp.Path("bad.csv");
        File.WriteAllText(csv, "y_true,score\n1,0.5\n0,high\n");
        var (code, _, error) = CliRunner.Run("metrics", "--predictions", csv);
        Assert.Equal(1, code);
        Assert.Equal($"error: {csv}: row 3, column score: 'high' is not a number", error.Trim());

        (code, _, error) = CliRunner.Run("metrics", "--predictions", csv, "--task", "ranking");
        Assert.Equal(2, code);
        Assert.Contains("--task: expected binary, multiclass, multilabel, regression or detection", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Detection_scores_coco_results_like_the_reference()
    {
        var report = CliRunner.RunJson("metrics", "--task", "detection", "--ground-truth", TestAssets.Path("coco", "labelme_annotations.json"),
            "--detections", TestAssets.Path("coco", "labelme_detections.json"), "--json");
        var expected = TestAssets.Json("coco", "coco_reference.json").GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == "labelme");
        var stats = expected.GetProperty("stats").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        string[] names = ["ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large", "ar1", "ar10", "ar100", "ar_small", "ar_medium", "ar_large"];
        for (var i = 0; i < names.Length; i++) Assert.Equal(stats[i], report.GetProperty("metrics").GetProperty(names[i]).GetDouble(), 12);
        Assert.Equal(12, report.GetProperty("ground_truths").GetInt32());

        var (code, _, error) = CliRunner.Run("metrics", "--task", "detection", "--ground-truth", TestAssets.Path("coco", "labelme_annotations.json"));
        Assert.Equal(2, code);
        Assert.Equal("error: --detections: required with --task detection", error.Trim());
    }

    /// <summary>The human table is part of the product: a change to it must be deliberate (regenerate the snapshot and review the diff).</summary>
    [Fact]
    public void The_human_report_matches_its_snapshot()
    {
        var csv = TestAssets.Path("snapshots", "binary-predictions.csv");
        var (code, output, _) = CliRunner.Run("metrics", "--predictions", csv, "--bootstrap", "200", "--seed", "1");
        Assert.Equal(0, code);
        var expected = File.ReadAllText(TestAssets.Path("snapshots", "metrics-binary.txt"))
            .Replace("tests/assets/snapshots/binary-predictions.csv", csv, StringComparison.Ordinal);
        Assert.Equal(expected.ReplaceLineEndings("\n"), output.ReplaceLineEndings("\n"));
    }
}
