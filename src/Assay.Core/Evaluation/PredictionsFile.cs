using System.Globalization;

namespace Assay.Evaluation;

/// <summary>What a predictions file holds, and so which metrics apply.</summary>
public enum PredictionTask
{
    Binary,
    Multiclass,
    Multilabel,
    Regression,
}

/// <summary>Per-example predictions read from a CSV file, validated for their task.</summary>
/// <param name="Classes">Classes (binary: 2, multiclass: K) or labels (multilabel: L); 0 for regression.</param>
/// <param name="Actual">Class labels (binary, multiclass), or n x L indicators row by row (multilabel); null for regression.</param>
/// <param name="Predicted">Predicted labels in the same layout as <paramref name="Actual"/>; null for regression.</param>
/// <param name="Scores">Binary: one probability of class 1 per example; multiclass: n x K; multilabel: n x L; null when absent.</param>
/// <param name="ActualValues">Regression targets; null otherwise.</param>
/// <param name="PredictedValues">Regression predictions; null otherwise.</param>
public sealed record Predictions(
    string Source,
    PredictionTask Task,
    bool TaskInferred,
    int Count,
    int Classes,
    int[]? Actual,
    int[]? Predicted,
    float[]? Scores,
    double[]? ActualValues,
    double[]? PredictedValues);

/// <summary>Reads the predictions CSV that <c>assay eval --save-predictions</c> writes and <c>assay metrics</c> scores.</summary>
/// <remarks>
/// A header row, then one row per example. Columns by task: binary <c>y_true, score[, y_pred]</c>; multiclass
/// <c>y_true, score_0..score_{K-1}[, y_pred]</c>; multilabel <c>y_true_0.., score_0..[, y_pred_0..]</c>; regression
/// <c>y_true, y_pred</c>. Without <c>--task</c>: <c>y_true_0</c> means multilabel; <c>score_0..</c> multiclass (two score
/// columns: binary on <c>score_1</c>); <c>score</c> binary; <c>y_true, y_pred</c> alone are class labels when every value
/// is an integer, else regression. A missing <c>y_pred</c> is the argmax (ties to the lowest index), or
/// <c>score &gt;= threshold</c>. Every error names the file, row and column.
/// </remarks>
public static class PredictionsFile
{
    /// <summary>Tolerance on probability rows summing to 1: scikit-learn's <c>np.allclose</c> defaults (rtol 1e-5, atol 1e-8).</summary>
    public const double RowSumTolerance = 1e-5 + 1e-8;

    public static Predictions Read(string path, PredictionTask? task = null, double threshold = 0.5)
    {
        if (Directory.Exists(path)) throw new DataException($"{path}: is a folder, expected a predictions CSV file");
        if (!File.Exists(path)) throw new DataException($"{path}: file not found");
        CsvTable table;
        try
        {
            table = CsvTable.Parse(path, File.ReadLines(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read ({e.Message.TrimEnd('.')})", e);
        }
        var (resolved, inferred) = task is { } given ? (given, false) : (Infer(table), true);
        if (threshold is < 0 or > 1 || double.IsNaN(threshold)) throw new UsageException($"--threshold: expected a probability in [0, 1], got {threshold}");
        return resolved switch
        {
            PredictionTask.Binary => ReadBinary(table, inferred, threshold),
            PredictionTask.Multiclass => ReadMulticlass(table, inferred),
            PredictionTask.Multilabel => ReadMultilabel(table, inferred, threshold),
            _ => ReadRegression(table, inferred),
        };
    }

    private static PredictionTask Infer(CsvTable table)
    {
        if (table.Has("y_true_0")) return PredictionTask.Multilabel;
        var scoreColumns = table.Numbered("score_").Count;
        if (scoreColumns == 2) return PredictionTask.Binary;
        if (scoreColumns > 0) return PredictionTask.Multiclass;
        if (table.Has("score")) return PredictionTask.Binary;
        if (table.Has("y_true") && table.Has("y_pred"))
            return table.AllIntegers("y_true") && table.AllIntegers("y_pred") ? PredictionTask.Multiclass : PredictionTask.Regression;
        throw new DataException($"{table.Path}: cannot tell the task from the columns ({string.Join(", ", table.Header)}); expected y_true with score, score_0.., y_pred, or y_true_0..");
    }

    private static Predictions ReadBinary(CsvTable table, bool inferred, double threshold)
    {
        table.Require("y_true");
        var twoColumns = !table.Has("score") && table.Numbered("score_").Count == 2;
        var scoreColumn = twoColumns ? "score_1" : "score";
        table.Require(scoreColumn);
        var actual = table.Labels("y_true", 2);
        var scores = table.Probabilities(scoreColumn);
        if (twoColumns) table.CheckRowsSumToOne(table.Numbered("score_"));
        var predicted = table.Has("y_pred") ? table.Labels("y_pred", 2) : [.. scores.Select(s => s >= threshold ? 1 : 0)];
        return new Predictions(table.Path, PredictionTask.Binary, inferred, table.Rows, 2, actual, predicted, scores, null, null);
    }

    private static Predictions ReadMulticlass(CsvTable table, bool inferred)
    {
        table.Require("y_true");
        var columns = table.Numbered("score_");
        if (columns.Count == 0)
        {
            // Labels only: the classes are those seen.
            table.Require("y_pred");
            var maxLabel = Math.Max(table.MaxInteger("y_true"), table.MaxInteger("y_pred"));
            var k = Math.Max(2, maxLabel + 1);
            return new Predictions(table.Path, PredictionTask.Multiclass, inferred, table.Rows, k, table.Labels("y_true", k), table.Labels("y_pred", k), null, null, null);
        }
        var classes = columns.Count;
        if (classes < 2) throw new DataException($"{table.Path}: multiclass needs score_0..score_{{K-1}} with K >= 2, found only {string.Join(", ", columns)}");
        var actualLabels = table.Labels("y_true", classes);
        var scores = table.ProbabilityMatrix(columns);
        table.CheckRowsSumToOne(columns);
        var predicted = table.Has("y_pred") ? table.Labels("y_pred", classes) : ArgMax(scores, classes);
        return new Predictions(table.Path, PredictionTask.Multiclass, inferred, table.Rows, classes, actualLabels, predicted, scores, null, null);
    }

    private static Predictions ReadMultilabel(CsvTable table, bool inferred, double threshold)
    {
        var truthColumns = table.Numbered("y_true_");
        if (truthColumns.Count == 0) throw new DataException($"{table.Path}: multilabel needs columns y_true_0..y_true_{{L-1}}");
        var labels = truthColumns.Count;
        var actual = table.LabelMatrix(truthColumns);
        var scoreColumns = table.Numbered("score_");
        if (scoreColumns.Count != 0 && scoreColumns.Count != labels)
            throw new DataException($"{table.Path}: {labels} y_true_ columns but {scoreColumns.Count} score_ columns; expected one score per label");
        var scores = scoreColumns.Count == 0 ? null : table.ProbabilityMatrix(scoreColumns);
        var predColumns = table.Numbered("y_pred_");
        if (predColumns.Count != 0 && predColumns.Count != labels)
            throw new DataException($"{table.Path}: {labels} y_true_ columns but {predColumns.Count} y_pred_ columns");
        int[] predicted;
        if (predColumns.Count > 0) predicted = table.LabelMatrix(predColumns);
        else if (scores is not null) predicted = [.. scores.Select(s => s >= threshold ? 1 : 0)];
        else throw new DataException($"{table.Path}: multilabel needs y_pred_0.. or score_0.. columns besides y_true_0..");
        return new Predictions(table.Path, PredictionTask.Multilabel, inferred, table.Rows, labels, actual, predicted, scores, null, null);
    }

    private static Predictions ReadRegression(CsvTable table, bool inferred)
    {
        table.Require("y_true");
        table.Require("y_pred");
        return new Predictions(table.Path, PredictionTask.Regression, inferred, table.Rows, 0, null, null, null, table.Reals("y_true"), table.Reals("y_pred"));
    }

    private static int[] ArgMax(float[] scores, int classes)
    {
        var result = new int[scores.Length / classes];
        for (var i = 0; i < result.Length; i++)
        {
            var row = scores.AsSpan(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best]) best = c;
            }
            result[i] = best;
        }
        return result;
    }

    /// <summary>A parsed CSV held by column as doubles; every accessor validates and names row (1-based, header is row 1) and column.</summary>
    /// <remarks>Parsed in one streaming pass without a string per cell, so tens of millions of rows fit in memory.</remarks>
    private sealed class CsvTable
    {
        private readonly double[][] _columns;
        private readonly int[] _lineOfRow;
        private readonly Dictionary<string, int> _index;

        private CsvTable(string path, string[] header, double[][] columns, int[] lineOfRow, int rows)
        {
            Path = path;
            Header = header;
            _columns = columns;
            _lineOfRow = lineOfRow;
            Rows = rows;
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                if (!_index.TryAdd(header[i], i)) throw new DataException($"{path}: row 1: column '{header[i]}' appears twice");
            }
        }

        public string Path { get; }

        public string[] Header { get; }

        public int Rows { get; }

        public static CsvTable Parse(string path, IEnumerable<string> lines)
        {
            string[]? header = null;
            List<double>[] columns = [];
            var lineOfRow = new List<int>();
            var lineNumber = 0;
            foreach (var raw in lines)
            {
                lineNumber++;
                var line = raw.AsSpan().TrimEnd('\r');
                if (line.IsEmpty) continue;
                if (header is null)
                {
                    header = line.ToString().Split(',').Select(h => h.Trim().Trim('"')).ToArray();
                    var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
                    if (duplicate is not null) throw new DataException($"{path}: row {lineNumber}: column '{duplicate.Key}' appears twice");
                    columns = [.. header.Select(_ => new List<double>())];
                    continue;
                }
                var column = 0;
                foreach (var range in line.Split(','))
                {
                    if (column >= header.Length) break;
                    var cell = line[range].Trim();
                    if (!double.TryParse(cell, System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                        throw new DataException($"{path}: row {lineNumber}, column {header[column]}: '{cell.ToString()}' is not a number");
                    if (!double.IsFinite(value)) throw new DataException($"{path}: row {lineNumber}, column {header[column]}: {cell.ToString()} is not a finite number");
                    columns[column++].Add(value);
                }
                var cells = line.Count(',') + 1;
                if (cells != header.Length)
                    throw new DataException($"{path}: row {lineNumber}: {cells} cells, the header has {header.Length}");
                lineOfRow.Add(lineNumber);
            }
            if (header is null) throw new DataException($"{path}: empty file (expected a header row such as y_true,score)");
            if (lineOfRow.Count == 0) throw new DataException($"{path}: has a header but no rows");
            return new CsvTable(path, header, [.. columns.Select(c => c.ToArray())], [.. lineOfRow], lineOfRow.Count);
        }

        public bool Has(string column) => _index.ContainsKey(column);

        public void Require(string column)
        {
            if (!Has(column)) throw new DataException($"{Path}: missing column '{column}' (columns: {string.Join(", ", Header)})");
        }

        /// <summary>Columns <c>prefix0, prefix1, ...</c>, which must be contiguous from 0.</summary>
        public List<string> Numbered(string prefix)
        {
            var numbers = Header.Where(h => h.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(h.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(h => int.Parse(h.AsSpan(prefix.Length), CultureInfo.InvariantCulture)).Order().ToList();
            for (var i = 0; i < numbers.Count; i++)
            {
                if (numbers[i] != i) throw new DataException($"{Path}: columns {prefix}0..{prefix}{numbers.Count - 1} expected, missing '{prefix}{i}'");
            }
            return [.. numbers.Select(n => prefix + n)];
        }

        public bool AllIntegers(string column) => _columns[_index[column]].All(v => v == Math.Floor(v));

        public int MaxInteger(string column)
        {
            var max = 0;
            for (var r = 0; r < Rows; r++) max = Math.Max(max, Integer(r, column));
            return max;
        }

        public int[] Labels(string column, int classes)
        {
            var values = new int[Rows];
            for (var r = 0; r < Rows; r++)
            {
                var label = Integer(r, column);
                if (label < 0 || label >= classes)
                    throw new DataException($"{Path}: row {_lineOfRow[r]}, column {column}: label {label} is outside 0..{classes - 1}");
                values[r] = label;
            }
            return values;
        }

        public int[] LabelMatrix(IReadOnlyList<string> columns)
        {
            var values = new int[Rows * columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                for (var r = 0; r < Rows; r++)
                {
                    var value = Integer(r, columns[c]);
                    if (value is not (0 or 1)) throw new DataException($"{Path}: row {_lineOfRow[r]}, column {columns[c]}: expected 0 or 1, got {value}");
                    values[r * columns.Count + c] = value;
                }
            }
            return values;
        }

        public float[] Probabilities(string column)
        {
            var values = new float[Rows];
            for (var r = 0; r < Rows; r++) values[r] = Probability(r, column);
            return values;
        }

        public float[] ProbabilityMatrix(IReadOnlyList<string> columns)
        {
            var values = new float[Rows * columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                for (var r = 0; r < Rows; r++) values[r * columns.Count + c] = Probability(r, columns[c]);
            }
            return values;
        }

        public void CheckRowsSumToOne(IReadOnlyList<string> columns)
        {
            var indices = columns.Select(c => _index[c]).ToArray();
            for (var r = 0; r < Rows; r++)
            {
                var sum = 0.0;
                foreach (var index in indices) sum += _columns[index][r];
                if (Math.Abs(sum - 1) > RowSumTolerance)
                    throw new DataException($"{Path}: row {_lineOfRow[r]}, columns {columns[0]}..{columns[^1]}: probabilities sum to {sum.ToString("R", CultureInfo.InvariantCulture)}, expected 1 (one-vs-rest ROC-AUC and log loss need a distribution)");
            }
        }

        public double[] Reals(string column) => _columns[_index[column]];

        private int Integer(int row, string column)
        {
            var value = _columns[_index[column]][row];
            if (value != Math.Floor(value) || value is < int.MinValue or > int.MaxValue)
                throw new DataException($"{Path}: row {_lineOfRow[row]}, column {column}: expected an integer label, got {value.ToString("R", CultureInfo.InvariantCulture)}");
            return (int)value;
        }

        private float Probability(int row, string column)
        {
            var value = _columns[_index[column]][row];
            if (value is < 0 or > 1) throw new DataException($"{Path}: row {_lineOfRow[row]}, column {column}: {value.ToString("R", CultureInfo.InvariantCulture)} is not a probability in [0, 1]");
            return (float)value;
        }
    }
}
