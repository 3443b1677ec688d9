using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>A residual block: <c>input + body(input)</c>; the body must keep its input's shape.</summary>
/// <remarks>The cost counter and the ONNX exporter know this type: its body's layers, then one element-wise Add.</remarks>
public sealed class Residual : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _body;

    /// <param name="body">Registered as the submodule "body" (state-dict keys "body.…"); disposed with the block.</param>
    public Residual(nn.Module<Tensor, Tensor> body) : base(nameof(Residual))
    {
        _body = body;
        register_module("body", body);
    }

    public nn.Module<Tensor, Tensor> Body => _body;

    public override Tensor forward(Tensor input) => input.add(_body.call(input));
}
