using System.Globalization;
using System.Text;

namespace Assay.Evaluation;

/// <summary>Writes per-example predictions as CSV: <c>y_true,y_pred,score_0..score_{K-1}</c>, the format <c>assay metrics</c> reads.</summary>
/// <remarks>Scores are class probabilities: the model's outputs when they already form a distribution, else their softmax.</remarks>
public static class PredictionsCsv
{
    public static void Write(string path, ClassificationEvaluation evaluation)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory)) throw new UsageException($"--save-predictions: folder {directory} does not exist");
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
        {
            writer.NewLine = "\n";
            var header = new StringBuilder("y_true,y_pred");
            for (var c = 0; c < evaluation.NumClasses; c++) header.Append(",score_").Append(c);
            writer.WriteLine(header);
            var line = new StringBuilder();
            var probabilities = evaluation.Probabilities();
            for (var i = 0; i < evaluation.Count; i++)
            {
                line.Clear().Append(evaluation.Actual[i]).Append(',').Append(evaluation.Predicted[i]);
                foreach (var probability in probabilities.AsSpan(i * evaluation.NumClasses, evaluation.NumClasses)) line.Append(',').Append(probability.ToString("R", CultureInfo.InvariantCulture));
                writer.WriteLine(line);
            }
        }
        // Rename into place so a reader never sees a half-written file.
        File.Move(temp, path, overwrite: true);
    }
}
