namespace Assay.Benchmarking.Cost;

/// <summary>Counts an ONNX model's parameters, weight bytes and MACs from its graph alone, without running it.</summary>
/// <remarks>
/// Input shapes: a symbolic or unknown leading dimension takes the batch size; other symbolic dimensions take a value
/// from <c>shapes</c> keyed by the dimension's name (one value), and a whole input's dimensions may be given keyed by
/// the input's name (e.g. "input" → [1, 3, 224, 224]). A fixed leading dimension must equal the batch size, so
/// per-sample figures never divide by the wrong batch.
/// </remarks>
public static class OnnxCostCounter
{
    /// <exception cref="ModelException">The file is not an ONNX model, or its shapes contradict each other.</exception>
    /// <exception cref="UsageException">The batch size or a given shape does not fit the model's inputs.</exception>
    public static ModelCost Count(string path, int batchSize = 1, IReadOnlyDictionary<string, long[]>? shapes = null)
    {
        var model = OnnxModelReader.Read(path);
        return new CostAnalysis(model.Graph, path, batchSize, shapes).Run(new FileInfo(path).Length);
    }

    /// <summary>Counts a model held in memory; its file size is the size it would take when written.</summary>
    public static ModelCost Count(ModelProto model, int batchSize = 1, IReadOnlyDictionary<string, long[]>? shapes = null) =>
        new CostAnalysis(model.Graph, "model", batchSize, shapes).Run(OnnxModelWriter.SerializedSize(model));
}
