using Assay.Benchmarking;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Assay.Onnx;

/// <summary>Any ONNX model as a system under test: every input's name, type and shape read from the model.</summary>
public sealed class OnnxSystem : ISystemUnderTest
{
    private readonly InferenceSession _session;
    private readonly string _path;
    private readonly string[] _outputNames;

    private OnnxSystem(string path, InferenceSession session, OnnxSessionSettings settings)
    {
        _path = path;
        _session = session;
        _outputNames = [.. session.OutputMetadata.Keys];
        var inputs = new List<TensorSpec>();
        foreach (var (name, metadata) in session.InputMetadata)
        {
            if (!metadata.IsTensor) throw new ModelException($"{path}: input '{name}' is not a tensor ({metadata.OnnxValueType}); only tensor inputs can be benchmarked");
            inputs.Add(new TensorSpec(name, Kind(path, name, metadata.ElementDataType), [.. metadata.Dimensions.Select(d => d < 0 ? -1L : d)]));
        }
        Description = new SystemDescription(Path.GetFileName(path), "onnx", inputs, settings.Describe());
    }

    public SystemDescription Description { get; }

    /// <exception cref="ModelException">Missing file, not an ONNX model.</exception>
    public static OnnxSystem Load(string path, OnnxSessionSettings settings)
    {
        if (!File.Exists(path)) throw new ModelException($"{path}: model file not found");
        using var options = settings.Create();
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelException($"{path}: not a loadable ONNX model ({e.Message.Split('\n')[0].Trim().TrimEnd('.')})", e);
        }
        try
        {
            return new OnnxSystem(path, session, settings);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public IPreparedQuery Prepare(IReadOnlyList<InputTensor> inputs)
    {
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var input in inputs) values.Add(ToOrtValue(input));
            var query = new Query(this, [.. inputs.Select(i => i.Spec.Name)], [.. values]);
            // One untimed run surfaces shape and type errors before measuring.
            query.Run();
            return query;
        }
        catch
        {
            foreach (var value in values) value.Dispose();
            throw;
        }
    }

    public void Dispose() => _session.Dispose();

    private static OrtValue ToOrtValue(InputTensor input) => input.Data switch
    {
        float[] data => OrtValue.CreateTensorValueFromMemory(data, input.Shape),
        double[] data => OrtValue.CreateTensorValueFromMemory(data, input.Shape),
        long[] data => OrtValue.CreateTensorValueFromMemory(data, input.Shape),
        int[] data => OrtValue.CreateTensorValueFromMemory(data, input.Shape),
        sbyte[] data => OrtValue.CreateTensorValueFromMemory(data, input.Shape),
        byte[] data => OrtValue.CreateTensorValueFromMemory(data, input.Shape),
        bool[] data => OrtValue.CreateTensorValueFromMemory(data, input.Shape),
        Half[] data => OrtValue.CreateTensorValueFromMemory(data.Select(h => (Float16)(ushort)BitConverter.HalfToInt16Bits(h)).ToArray(), input.Shape),
        _ => throw new UsageException($"input {input.Spec}: data of type {input.Data.GetType().Name} cannot be fed to ONNX Runtime"),
    };

    private static ElementKind Kind(string path, string name, TensorElementType type) => type switch
    {
        TensorElementType.Float => ElementKind.Float32,
        TensorElementType.Double => ElementKind.Float64,
        TensorElementType.Float16 => ElementKind.Float16,
        TensorElementType.Int64 => ElementKind.Int64,
        TensorElementType.Int32 => ElementKind.Int32,
        TensorElementType.Int8 => ElementKind.Int8,
        TensorElementType.UInt8 => ElementKind.UInt8,
        TensorElementType.Bool => ElementKind.Bool,
        _ => throw new ModelException($"{path}: input '{name}' has element type {type}, which Assay cannot generate (supported: float32, float64, float16, int64, int32, int8, uint8, bool)"),
    };

    private sealed class Query(OnnxSystem system, string[] names, OrtValue[] values) : IPreparedQuery
    {
        private readonly RunOptions _runOptions = new();

        public void Run()
        {
            try
            {
                using var outputs = system._session.Run(_runOptions, names, values, system._outputNames);
            }
            catch (OnnxRuntimeException e)
            {
                throw new ModelException($"{system._path}: inference failed ({e.Message.Split('\n')[0].Trim().TrimEnd('.')})", e);
            }
        }

        public void Dispose()
        {
            _runOptions.Dispose();
            foreach (var value in values) value.Dispose();
        }
    }
}
