using Assay.Specs;
using TorchSharp;
using static TorchSharp.torch;

// libtorch's random generator and intra-op thread count are process-wide: tests that seed, build or time modules
// would disturb each other (and the trainer's same-seed checks) if run in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Assay.Torch.Tests;

/// <summary>Zoo specs, seeded modules and inputs shared by the TorchSharp tests.</summary>
internal static class TorchTestSupport
{
    public static ModelSpec Model(string yaml)
    {
        var indented = string.Join("\n", yaml.Split('\n').Select((line, i) => (i == 0 ? "  - name: m\n    " : "    ") + line));
        return SpecLoader.Parse($"data:\n  source: digits\nmodels:\n{indented}\n", "spec.yaml").Models[0];
    }

    /// <summary>A zoo model with weights from a fixed seed.</summary>
    public static nn.Module<Tensor, Tensor> Zoo(string yaml, IReadOnlyList<int> exampleShape, int numClasses = 10, int seed = 1)
    {
        torch.manual_seed(seed);
        var module = ModelFactory.Create(Model(yaml), exampleShape, numClasses);
        module.eval();
        return module;
    }

    /// <summary>Seeded values uniform in [-1, 1): both signs, so activations are exercised on each side.</summary>
    public static float[] Inputs(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = random.NextSingle() * 2 - 1;
        return values;
    }

    /// <summary>The module's eval-mode output for a batch, under no_grad.</summary>
    public static float[] Forward(nn.Module<Tensor, Tensor> module, float[] inputs, long[] shape)
    {
        module.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return module.call(tensor(inputs, shape)).contiguous().data<float>().ToArray();
    }

    public static double MaxAbsDifference(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        Assert.Equal(a.Count, b.Count);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }

    /// <summary>Sets BatchNorm running statistics and affine parameters to seeded values away from the defaults (mean 0, var 1, scale 1, shift 0).</summary>
    public static void Randomize(TorchSharp.Modules.BatchNorm norm, int seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        var n = norm.num_features;
        norm.running_mean!.copy_(rand(n, generator: generator) - 0.5);
        norm.running_var!.copy_(rand(n, generator: generator) + 0.5);
        norm.weight!.copy_(rand(n, generator: generator) + 0.5);
        norm.bias!.copy_(rand(n, generator: generator) - 0.5);
    }
}
