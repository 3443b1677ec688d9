namespace Assay.Evaluation;

/// <summary>A model under test: takes a batch of examples, gives one row of output scores per example.</summary>
/// <remarks>Implementations are backends (TorchSharp, ONNX Runtime). Not thread-safe unless a backend says so.</remarks>
public interface IModel : IDisposable
{
    ModelDescription Description { get; }

    /// <summary>Runs the model on <paramref name="batchSize"/> examples laid out contiguously in <paramref name="inputs"/>.</summary>
    /// <param name="outputs">Receives batchSize x <see cref="ModelDescription.OutputSize"/> scores.</param>
    void Predict(ReadOnlySpan<float> inputs, int batchSize, Span<float> outputs);
}

/// <summary>The shape contract of a model: one example in, one row of scores out.</summary>
/// <param name="ExampleShape">Shape of one input example without the batch dimension; null where the model leaves it open.</param>
public sealed record ModelDescription(string Name, string Backend, string InputName, IReadOnlyList<int>? ExampleShape, int OutputSize)
{
    /// <summary>Fails with one clear message when a data set's examples do not fit this model.</summary>
    public void CheckFits(Data.Dataset data, string modelLabel)
    {
        if (ExampleShape is not null)
        {
            var expected = ExampleShape.Aggregate(1L, (a, b) => a * b);
            if (!ExampleShape.SequenceEqual(data.ExampleShape) && expected != data.ExampleSize)
                throw new ModelException($"{modelLabel}: input '{InputName}' expects examples of shape [{string.Join(", ", ExampleShape)}], data set {data.Name} has [{string.Join(", ", data.ExampleShape)}]");
        }
        if (data.NumClasses > OutputSize)
            throw new ModelException($"{modelLabel}: model has {OutputSize} outputs but data set {data.Name} has labels up to {data.NumClasses - 1}");
    }
}
