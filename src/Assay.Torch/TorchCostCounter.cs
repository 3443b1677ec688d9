using System.Runtime.InteropServices;
using Assay.Benchmarking.Cost;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>Counts a TorchSharp module's parameters, weight bytes and MACs per layer, by watching one forward pass with a batch of 1.</summary>
/// <remarks>
/// Every module gets a forward hook; each layer that runs adds one row, in execution order, named by its path in the
/// module tree ("conv1", "block.body.0"; a shared layer's second use "a#2") and typed by the ONNX operator
/// <see cref="TorchOnnxExporter"/> writes for it, with the conventions of <see cref="ModelCost"/> and the rules of
/// <see cref="OnnxCostCounter"/>. For layers the exporter writes as one node, rows and totals equal what the ONNX
/// counter reports for the exported model. Three layers export to several nodes: GELU counts here as one "Gelu" op per
/// element, as ONNX's own Gelu operator would, where its opset-13 decomposition (Div, Erf, Add, Mul, Mul) counts five;
/// a Linear beyond rank 2 is one "MatMul" row here and MatMul + Add there, with the same totals; a Flatten other
/// than [N, rest] is one "Reshape" row here, plus a zero-cost Constant there. Sequential containers add no row; a
/// <see cref="Residual"/> adds an "Add" row after its body's.
/// <para>What the counter cannot see is listed in <see cref="ModelCost.UncountedOps"/>: a layer type it has no rule
/// for (reason UnsupportedOp, the type's name as the operator), including any custom module with children, whose own
/// arithmetic between its children is invisible; and a layer that never ran under a hook (reason UnknownShape): unused,
/// or called through <c>forward</c> by a custom parent rather than through <c>call</c>.</para>
/// <para>Params: each parameter once, at the first layer that owns it. WeightBytes: every parameter and buffer of the
/// module, except BatchNorm's <c>num_batches_tracked</c> counter, which inference never reads. FileBytes: the size of
/// TorchSharp's state-dict file (<c>module.save</c>), the file Assay writes for a TorchSharp model.</para>
/// </remarks>
public static class TorchCostCounter
{
    /// <param name="exampleShape">One input example without the batch dimension, e.g. [1, 8, 8].</param>
    /// <exception cref="ModelException">The forward pass fails on an example of this shape.</exception>
    public static ModelCost Count(nn.Module<Tensor, Tensor> module, IReadOnlyList<int> exampleShape)
    {
        var names = new ModuleNames(module);
        var pass = new Pass(names);
        var wasTraining = module.training;
        module.eval();
        var hooks = new List<Action>();
        try
        {
            foreach (var (_, m) in names.All)
            {
                if (m is nn.Module<Tensor, Tensor> hookable)
                {
                    var remover = hookable.register_forward_hook(pass.Observe);
                    hooks.Add(remover.remove);
                }
            }
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var input = zeros([1, .. exampleShape.Select(d => (long)d)]);
            try
            {
                module.call(input);
            }
            catch (ExternalException e)
            {
                throw new ModelException($"{names.Path(module)}: forward failed on an example of shape [1, {string.Join(", ", exampleShape)}] ({NativeErrors.Reason(e)})", e);
            }
        }
        finally
        {
            foreach (var remove in hooks) remove();
            if (wasTraining) module.train();
        }
        return pass.Finish(WeightBytes(module), StateDictBytes(module));
    }

    private static long WeightBytes(nn.Module module)
    {
        var seen = new HashSet<IntPtr>();
        long bytes = 0;
        foreach (var (_, parameter) in module.named_parameters())
            if (seen.Add(parameter.Handle)) bytes += parameter.numel() * parameter.ElementSize;
        foreach (var (name, buffer) in module.named_buffers())
        {
            if (name == "num_batches_tracked" || name.EndsWith(".num_batches_tracked", StringComparison.Ordinal)) continue;
            if (seen.Add(buffer.Handle)) bytes += buffer.numel() * buffer.ElementSize;
        }
        return bytes;
    }

    private static long StateDictBytes(nn.Module module)
    {
        using var counter = new ByteCountingStream();
        using var writer = new BinaryWriter(counter, System.Text.Encoding.UTF8, leaveOpen: true);
        module.save(writer);
        writer.Flush();
        return counter.Length;
    }

    /// <summary>The rows of one forward pass, gathered by the hooks.</summary>
    private sealed class Pass(ModuleNames names)
    {
        private readonly List<LayerCost> _rows = [];
        private readonly List<(string OpType, UncountedReason Reason)> _uncounted = [];
        private readonly HashSet<nn.Module> _ran = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<IntPtr> _counted = [];

        public Tensor Observe(nn.Module<Tensor, Tensor> module, Tensor input, Tensor output)
        {
            _ran.Add(module);
            if (LayerRules.IsChain(module)) return output;
            // Hooks fire after forward, so a parent's children have reported first: each row claims only its module's own parameters.
            var parameters = NewParameters(module);
            var name = names.NextUse(module);
            if (LayerRules.Of(module, input.shape, output.shape) is { } rule)
            {
                _rows.Add(new LayerCost(name, rule.OpType, output.shape, parameters, rule.Macs, rule.OtherOps));
            }
            else
            {
                var type = ModuleNames.TypeName(module);
                _rows.Add(new LayerCost(name, type, output.shape, parameters, null, null));
                _uncounted.Add((type, UncountedReason.UnsupportedOp));
            }
            return output;
        }

        public ModelCost Finish(long weightBytes, long fileBytes)
        {
            // Modules that never ran under a hook: their cost is missing, their parameters are still the model's.
            foreach (var (path, module) in names.All)
            {
                if (_ran.Contains(module) || LayerRules.IsChain(module) || IsListOrDict(module)) continue;
                var type = ModuleNames.TypeName(module);
                _rows.Add(new LayerCost(path, type, null, NewParameters(module), null, null));
                // A module of another signature could not be hooked at all; a Tensor → Tensor one did not run under its hook.
                _uncounted.Add((type, module is nn.Module<Tensor, Tensor> ? UncountedReason.UnknownShape : UncountedReason.UnsupportedOp));
            }
            var uncounted = _uncounted.GroupBy(u => u)
                .Select(g => new UncountedOp(g.Key.OpType, g.Count(), g.Key.Reason))
                .OrderBy(u => u.Reason).ThenByDescending(u => u.Count).ThenBy(u => u.OpType, StringComparer.Ordinal)
                .ToList();
            return new ModelCost(
                BatchSize: 1,
                Params: _rows.Sum(r => r.Params),
                WeightBytes: weightBytes,
                FileBytes: fileBytes,
                TotalMacs: _rows.Sum(r => r.Macs ?? 0),
                TotalOtherOps: _rows.Sum(r => r.OtherOps ?? 0),
                Layers: _rows,
                UncountedOps: uncounted,
                UnresolvedDims: []);
        }

        /// <summary>ModuleList and ModuleDict only hold modules; each member is judged on its own.</summary>
        private static bool IsListOrDict(nn.Module module) =>
            module.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(TorchSharp.Modules.ModuleList<>) || definition == typeof(TorchSharp.Modules.ModuleDict<>));

        /// <summary>Elements of the module's own parameters (not its children's) not yet counted, marking them counted.</summary>
        private long NewParameters(nn.Module module)
        {
            long count = 0;
            foreach (var parameter in module.parameters(recurse: false))
                if (_counted.Add(parameter.Handle)) count += parameter.numel();
            return count;
        }
    }
}
