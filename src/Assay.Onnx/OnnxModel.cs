using Assay.Evaluation;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Assay.Onnx;

/// <summary>An ONNX model run by ONNX Runtime on the CPU: one float32 input with a batch dimension, one output of scores.</summary>
public sealed class OnnxModel : IModel
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly long[] _exampleDims;
    private readonly string _label;

    private OnnxModel(string path, InferenceSession session)
    {
        _session = session;
        _label = path;
        var inputs = session.InputMetadata;
        if (inputs.Count != 1)
            throw new ModelException($"{path}: expected a model with one input, it has {inputs.Count} ({string.Join(", ", inputs.Keys)})");
        var (inputName, input) = inputs.First();
        if (input.ElementDataType != TensorElementType.Float)
            throw new ModelException($"{path}: input '{inputName}' has element type {input.ElementDataType}, expected float32");
        if (input.Dimensions.Length < 2)
            throw new ModelException($"{path}: input '{inputName}' has rank {input.Dimensions.Length}, expected a batch dimension and at least one more");
        var exampleShape = input.Dimensions.Skip(1).ToArray();
        if (exampleShape.Any(d => d <= 0))
            throw new ModelException($"{path}: input '{inputName}' has an open dimension beyond the batch ([{string.Join(", ", input.Dimensions)}]); only the batch may be dynamic");

        var (outputName, output) = session.OutputMetadata.First();
        if (output.ElementDataType != TensorElementType.Float)
            throw new ModelException($"{path}: output '{outputName}' has element type {output.ElementDataType}, expected float32 scores");
        if (output.Dimensions.Length != 2 || output.Dimensions[1] <= 0)
            throw new ModelException($"{path}: output '{outputName}' has shape [{string.Join(", ", output.Dimensions)}], expected [batch, classes]");

        _inputName = inputName;
        _outputName = outputName;
        _exampleDims = [.. exampleShape.Select(d => (long)d)];
        Description = new ModelDescription(Path.GetFileName(path), "onnxruntime", inputName, exampleShape, output.Dimensions[1]);
    }

    public ModelDescription Description { get; }

    /// <summary>Loads a model file.</summary>
    /// <exception cref="ModelException">The file is missing, not an ONNX model, or not a classifier Assay can feed.</exception>
    public static OnnxModel Load(string path, int intraOpThreads = 0)
    {
        if (!File.Exists(path)) throw new ModelException($"{path}: model file not found");
        using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelException($"{path}: not a loadable ONNX model ({FirstLine(e.Message)})", e);
        }
        try
        {
            return new OnnxModel(path, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Predict(ReadOnlySpan<float> inputs, int batchSize, Span<float> outputs)
    {
        long[] shape = [batchSize, .. _exampleDims];
        var buffer = inputs.ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(buffer, shape);
        using var runOptions = new RunOptions();
        try
        {
            using var results = _session.Run(runOptions, [_inputName], [input], [_outputName]);
            var scores = results[0].GetTensorDataAsSpan<float>();
            if (scores.Length != outputs.Length)
                throw new ModelException($"{_label}: output '{_outputName}' gave {scores.Length} values for a batch of {batchSize}, expected {outputs.Length}");
            scores.CopyTo(outputs);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelException($"{_label}: inference failed ({FirstLine(e.Message)})", e);
        }
    }

    public void Dispose() => _session.Dispose();

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');
}
