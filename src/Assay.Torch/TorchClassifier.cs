using Assay.Evaluation;
using Assay.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>A TorchSharp network behind the backend-neutral model interface; runs in eval mode without gradients.</summary>
public sealed class TorchClassifier : ITrainedModel
{
    private readonly nn.Module<Tensor, Tensor> _module;
    private readonly long[] _exampleDims;
    private bool _detached;

    public TorchClassifier(string name, nn.Module<Tensor, Tensor> module, IReadOnlyList<int> exampleShape, int numClasses)
    {
        _module = module;
        _exampleDims = [.. exampleShape.Select(d => (long)d)];
        Description = new ModelDescription(name, "torchsharp", "input", exampleShape, numClasses);
        ParameterCount = module.parameters().Sum(p => p.numel());
    }

    public ModelDescription Description { get; }

    public long ParameterCount { get; }

    /// <summary>The network itself (owned by this classifier).</summary>
    public nn.Module<Tensor, Tensor> Module => _module;

    /// <summary>Hands the network to a new owner; this classifier must not be used or disposed afterwards.</summary>
    public nn.Module<Tensor, Tensor> DetachModule()
    {
        _detached = true;
        return _module;
    }

    public void Predict(ReadOnlySpan<float> inputs, int batchSize, Span<float> outputs)
    {
        _module.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(inputs.ToArray(), [batchSize, .. _exampleDims]);
        var logits = _module.forward(input);
        logits.data<float>().CopyTo(outputs, 0, 0);
    }

    /// <summary>Writes TorchSharp's state-dict format; leaves <paramref name="destination"/> open (TorchSharp's Stream overload closes it).</summary>
    public void Save(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        _module.save(writer);
        writer.Flush();
    }

    public void Dispose()
    {
        if (!_detached) _module.Dispose();
    }
}
