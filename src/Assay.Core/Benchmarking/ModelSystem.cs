using Assay.Evaluation;

namespace Assay.Benchmarking;

/// <summary>Any backend-neutral <see cref="IModel"/> (a trained TorchSharp network, an ONNX classifier) as a system under test.</summary>
/// <remarks>Timing covers <see cref="IModel.Predict"/> as evaluation calls it: input copy, forward pass and output copy.</remarks>
public sealed class ModelSystem(IModel model, string format) : ISystemUnderTest
{
    public SystemDescription Description { get; } = new(
        model.Description.Name,
        format,
        [new TensorSpec(model.Description.InputName, ElementKind.Float32, [-1, .. (model.Description.ExampleShape ?? []).Select(d => (long)d)])],
        new Dictionary<string, string>());

    public IPreparedQuery Prepare(IReadOnlyList<InputTensor> inputs)
    {
        if (inputs.Count != 1 || inputs[0].Data is not float[] data)
            throw new UsageException($"{model.Description.Name}: expected one float32 input, got {string.Join(", ", inputs.Select(i => i.Spec))}");
        var batch = (int)inputs[0].Shape[0];
        return new Query(model, data, batch, new float[batch * model.Description.OutputSize]);
    }

    /// <summary>The model is owned by whoever created it.</summary>
    public void Dispose() { }

    private sealed class Query(IModel model, float[] inputs, int batch, float[] outputs) : IPreparedQuery
    {
        public void Run() => model.Predict(inputs, batch, outputs);

        public void Dispose() { }
    }
}
