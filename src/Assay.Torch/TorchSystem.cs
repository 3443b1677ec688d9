using System.Runtime.InteropServices;
using Assay.Benchmarking;
using Assay.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>A TorchScript file or a TorchSharp module as a system under test, run on the CPU in eval mode without gradients.</summary>
/// <remarks>
/// A TorchScript file (<c>torch.jit.save</c> in PyTorch, <c>torch.jit.save</c> in TorchSharp) does not declare its
/// input shapes, so the caller gives one per <c>forward</c> argument, in argument order; the first dimension of each
/// is the batch, which the benchmark's batch size replaces. Inputs are float32. Each query's outputs, and everything
/// the forward pass allocates, are disposed when the query returns.
/// </remarks>
public sealed class TorchSystem : ISystemUnderTest
{
    private readonly nn.Module _module;
    private readonly Func<Tensor[], object> _forward;
    private readonly string _label;
    private readonly TorchSettings _settings;

    private TorchSystem(string label, string name, string format, nn.Module module, Func<Tensor[], object> forward, IReadOnlyList<TensorSpec> inputs, TorchSettings settings)
    {
        _label = label;
        _module = module;
        _forward = forward;
        _settings = settings;
        module.eval();
        Description = new SystemDescription(name, format, inputs, settings.Describe());
    }

    public SystemDescription Description { get; }

    /// <summary>Loads a TorchScript file, such as one PyTorch's <c>torch.jit.save</c> wrote.</summary>
    /// <param name="inputShapes">One shape per <c>forward</c> argument, in argument order, named as the caller likes (e.g. the <c>--shape NAME=DIMS</c> options in command-line order); the first dimension is the batch.</param>
    /// <exception cref="ModelException">No shapes (the file does not declare them).</exception>
    /// <exception cref="UsageException">More shapes than <c>forward</c> takes, a shape without dimensions, or a negative thread count.</exception>
    /// <exception cref="ModelException">Missing file, or not a TorchScript file.</exception>
    public static TorchSystem LoadScript(string path, IEnumerable<KeyValuePair<string, long[]>> inputShapes, TorchSettings settings)
    {
        if (!File.Exists(path)) throw new ModelException($"{path}: model file not found");
        var shapes = inputShapes.ToList();
        if (shapes.Count == 0)
            throw new ModelException($"{path}: a TorchScript file does not declare its input shapes; give one per forward argument with --shape NAME=DIMS (e.g. --shape input=1x3x224x224; the first dimension is the batch)");
        foreach (var (name, shape) in shapes)
        {
            if (shape.Length == 0 || shape.Any(d => d < 1))
                throw new UsageException($"--shape {name}: expected positive dimensions, the first one the batch (e.g. 1x3x224x224), got '{string.Join("x", shape)}'");
        }
        settings.Apply();
        jit.ScriptModule script;
        try
        {
            script = jit.load(path);
        }
        catch (ExternalException e)
        {
            throw new ModelException($"{path}: not a TorchScript file ({NativeErrors.Reason(e)})", e);
        }
        try
        {
            var arguments = script.GetNumberOfInputs();
            if (shapes.Count > arguments)
                throw new UsageException($"--shape: {Path.GetFileName(path)}'s forward takes {arguments} input(s), {shapes.Count} shapes were given ({string.Join(", ", shapes.Select(s => s.Key))})");
            List<TensorSpec> specs = [.. shapes.Select(s => new TensorSpec(s.Key, ElementKind.Float32, [-1, .. s.Value.Skip(1)]))];
            return new TorchSystem(path, Path.GetFileName(path), "torchscript", script, tensors => script.call([.. tensors]), specs, settings);
        }
        catch
        {
            script.Dispose();
            throw;
        }
    }

    /// <summary>A TorchSharp module with one float32 input "input" of shape [batch, ..<paramref name="exampleShape"/>]; the system owns the module and disposes it.</summary>
    /// <exception cref="UsageException">A negative thread count.</exception>
    public static TorchSystem FromModule(string name, nn.Module<Tensor, Tensor> module, IReadOnlyList<int> exampleShape, TorchSettings settings)
    {
        settings.Apply();
        TensorSpec input = new("input", ElementKind.Float32, [-1, .. exampleShape.Select(d => (long)d)]);
        return new TorchSystem(name, name, "torchsharp", module, tensors => module.call(tensors[0]), [input], settings);
    }

    /// <summary>A zoo model built from <paramref name="spec"/> with libtorch's current random weights (untrained: enough for timing).</summary>
    /// <exception cref="UsageException">A bad hyperparameter or a negative thread count.</exception>
    public static TorchSystem Create(ModelSpec spec, IReadOnlyList<int> exampleShape, int numClasses, TorchSettings settings)
    {
        var module = ModelFactory.Create(spec, exampleShape, numClasses);
        try
        {
            return FromModule(spec.Name, module, exampleShape, settings);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    public IPreparedQuery Prepare(IReadOnlyList<InputTensor> inputs)
    {
        _settings.Apply();
        var tensors = ToTensors(inputs);
        var query = new Query(this, tensors);
        try
        {
            // One untimed run surfaces shape and type errors before measuring.
            query.Run();
            return query;
        }
        catch
        {
            query.Dispose();
            throw;
        }
    }

    /// <summary>Runs one query and returns its first output as float32 values with its shape: for checking results, not for timing.</summary>
    /// <exception cref="ModelException">The forward pass failed, or its first output is not a tensor.</exception>
    public (long[] Shape, float[] Values) Infer(IReadOnlyList<InputTensor> inputs)
    {
        var tensors = ToTensors(inputs);
        try
        {
            using var scope = NewDisposeScope();
            var output = First(Forward(tensors));
            return (output.shape, output.to_type(ScalarType.Float32).contiguous().data<float>().ToArray());
        }
        finally
        {
            foreach (var tensor in tensors) tensor.Dispose();
        }
    }

    public void Dispose() => _module.Dispose();

    /// <summary>forward under no_grad; call inside a dispose scope, which then owns the outputs.</summary>
    private object Forward(Tensor[] inputs)
    {
        using var noGrad = no_grad();
        try
        {
            return _forward(inputs);
        }
        catch (ExternalException e)
        {
            throw new ModelException($"{_label}: inference failed ({NativeErrors.Reason(e)})", e);
        }
    }

    private Tensor First(object output) => output switch
    {
        Tensor tensor => tensor,
        IEnumerable<Tensor> tensors when tensors.FirstOrDefault() is { } first => first,
        object[] items when items.OfType<Tensor>().FirstOrDefault() is { } first => first,
        _ => throw new ModelException($"{_label}: forward returned {output.GetType().Name}, expected a tensor or a tuple of tensors"),
    };

    /// <summary>Copies inputs into tensors that belong to no dispose scope: the query owns them.</summary>
    private static Tensor[] ToTensors(IReadOnlyList<InputTensor> inputs)
    {
        var tensors = new List<Tensor>(inputs.Count);
        try
        {
            foreach (var input in inputs) tensors.Add(ToTensor(input).DetachFromDisposeScope());
            return [.. tensors];
        }
        catch
        {
            foreach (var tensor in tensors) tensor.Dispose();
            throw;
        }
    }

    private static Tensor ToTensor(InputTensor input) => input.Data switch
    {
        float[] data => tensor(data, input.Shape),
        double[] data => tensor(data, input.Shape),
        long[] data => tensor(data, input.Shape),
        int[] data => tensor(data, input.Shape),
        sbyte[] data => tensor(data, input.Shape),
        byte[] data => tensor(data, input.Shape),
        bool[] data => tensor(data, input.Shape),
        Half[] data => tensor(data.Select(h => (float)h).ToArray(), input.Shape).to_type(ScalarType.Float16),
        _ => throw new UsageException($"input {input.Spec}: data of type {input.Data.GetType().Name} cannot be fed to libtorch"),
    };

    private sealed class Query(TorchSystem system, Tensor[] inputs) : IPreparedQuery
    {
        public void Run()
        {
            // The scope disposes the outputs and every intermediate tensor of the forward pass.
            using var scope = NewDisposeScope();
            system.Forward(inputs);
        }

        public void Dispose()
        {
            foreach (var input in inputs) input.Dispose();
        }
    }
}
