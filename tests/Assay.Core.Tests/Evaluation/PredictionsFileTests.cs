using Assay.Evaluation;
using Assay.Tests;

namespace Assay.Core.Tests.Evaluation;

public class PredictionsFileTests
{
    [Theory]
    [InlineData("y_true,score\n1,0.9\n0,0.2\n", PredictionTask.Binary)]
    [InlineData("y_true,score_0,score_1\n1,0.1,0.9\n0,0.8,0.2\n", PredictionTask.Binary)]
    [InlineData("y_true,y_pred,score_0,score_1,score_2\n2,2,0.1,0.2,0.7\n0,1,0.4,0.5,0.1\n", PredictionTask.Multiclass)]
    [InlineData("y_true_0,y_true_1,score_0,score_1\n1,0,0.9,0.2\n0,1,0.3,0.6\n", PredictionTask.Multilabel)]
    [InlineData("y_true,y_pred\n1.5,1.25\n2,2.5\n", PredictionTask.Regression)]
    [InlineData("y_true,y_pred\n1,2\n0,0\n", PredictionTask.Multiclass)]
    public void Infers_the_task_from_the_columns(string csv, PredictionTask expected)
    {
        using var temp = new TempFolder();
        var predictions = PredictionsFile.Read(Write(temp, csv));
        Assert.Equal(expected, predictions.Task);
        Assert.True(predictions.TaskInferred);
        Assert.Equal(2, predictions.Count);
    }

    [Fact]
    public void Binary_predictions_default_to_the_threshold()
    {
        using var temp = new TempFolder();
        var path = Write(temp, "y_true,score\n1,0.5\n0,0.49\n1,0.7\n");
        Assert.Equal([1, 0, 1], PredictionsFile.Read(path).Predicted!);
        Assert.Equal([0, 0, 1], PredictionsFile.Read(path, threshold: 0.6).Predicted!);
        // Two score columns: binary on score_1.
        Assert.Equal([0.5f, 0.4f, 1f], PredictionsFile.Read(Write(temp, "y_true,score_0,score_1\n1,0.5,0.5\n0,0.6,0.4\n1,0,1\n")).Scores!);
    }

    [Fact]
    public void Multiclass_predictions_default_to_the_argmax_with_ties_to_the_lowest_class()
    {
        using var temp = new TempFolder();
        var predictions = PredictionsFile.Read(Write(temp, "y_true,score_0,score_1,score_2\n0,0.4,0.4,0.2\n2,0.1,0.3,0.6\n"));
        Assert.Equal([0, 2], predictions.Predicted!);
        Assert.Equal(3, predictions.Classes);
    }

    [Fact]
    public void An_explicit_task_overrides_inference()
    {
        using var temp = new TempFolder();
        var predictions = PredictionsFile.Read(Write(temp, "y_true,y_pred\n1,2\n0,0\n"), PredictionTask.Regression);
        Assert.Equal([1.0, 0.0], predictions.ActualValues!);
        Assert.False(predictions.TaskInferred);
    }

    [Theory]
    [InlineData("", "empty file")]
    [InlineData("y_true,score\n", "has a header but no rows")]
    [InlineData("y_true,score\n1,0.5\n0\n", "row 3: 1 cells, the header has 2")]
    [InlineData("y_true,score\n1,abc\n", "row 2, column score: 'abc' is not a number")]
    [InlineData("y_true,score\n1,NaN\n", "row 2, column score: NaN is not a finite number")]
    [InlineData("y_true,score\n1,1.5\n", "row 2, column score: 1.5 is not a probability in [0, 1]")]
    [InlineData("y_true,score\n2,0.5\n", "row 2, column y_true: label 2 is outside 0..1")]
    [InlineData("y_true,score_0,score_1,score_2\n0,0.5,0.4,0.2\n", "row 2, columns score_0..score_2: probabilities sum to 1.1")]
    [InlineData("y_true,score_0,score_2\n0,0.5,0.5\n", "missing 'score_1'")]
    [InlineData("y_true,y_pred,y_pred\n0,1,1\n", "column 'y_pred' appears twice")]
    [InlineData("label,prediction\n0,1\n", "cannot tell the task from the columns (label, prediction)")]
    [InlineData("y_true_0,y_true_1,score_0\n1,0,0.5\n", "2 y_true_ columns but 1 score_ columns")]
    [InlineData("y_true,y_pred\n0.5,1\n", "missing column 'score'")]
    public void Bad_files_get_one_error_naming_row_and_column(string csv, string expected)
    {
        using var temp = new TempFolder();
        var path = Write(temp, csv);
        var task = expected.Contains("'score'", StringComparison.Ordinal) ? PredictionTask.Binary : (PredictionTask?)null;
        var error = Assert.Throws<DataException>(() => PredictionsFile.Read(path, task));
        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_back_what_eval_writes()
    {
        using var temp = new TempFolder();
        var evaluation = new ClassificationEvaluation([0, 1], [1, 1], [2f, 3f, 0.1f, 0.9f], 2,
            Assay.Metrics.ConfusionMatrix.From([0, 1], [1, 1], 2), Assay.Metrics.ClassificationScores.From(Assay.Metrics.ConfusionMatrix.From([0, 1], [1, 1], 2)));
        var path = temp.Path("p.csv");
        PredictionsCsv.Write(path, evaluation);
        var predictions = PredictionsFile.Read(path);
        Assert.Equal(PredictionTask.Binary, predictions.Task);
        // Logits [2, 3] become their softmax; a row that already is a distribution stays as it is.
        Assert.Equal(1 / (1 + Math.Exp(-1)), predictions.Scores![0], 6);
        Assert.Equal(0.9f, predictions.Scores[1]);
        Assert.Equal([1, 1], predictions.Predicted!);
    }

    private static string Write(TempFolder temp, string csv)
    {
        var path = temp.Path("predictions.csv");
        File.WriteAllText(path, csv);
        return path;
    }
}
