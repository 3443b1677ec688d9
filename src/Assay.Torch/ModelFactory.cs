using Assay.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>Builds the zoo's networks from a model spec; every hyperparameter is checked and unknown ones are rejected.</summary>
public static class ModelFactory
{
    public static readonly IReadOnlyList<string> Types = ["mlp", "cnn"];

    /// <param name="exampleShape">One input example, channel-first ([C, H, W]) or flat.</param>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec, IReadOnlyList<int> exampleShape, int numClasses)
    {
        var node = spec.Hyperparameters;
        nn.Module<Tensor, Tensor> module = spec.Type switch
        {
            "mlp" => Mlp(node, exampleShape, numClasses),
            "cnn" => Cnn(node, exampleShape, numClasses),
            _ => throw node.Error("type", $"unknown model type '{spec.Type}' (known: {string.Join(", ", Types)})"),
        };
        node.RejectUnknown();
        return module;
    }

    /// <summary>Flatten, then Linear-ReLU-Dropout per hidden size, then a Linear head.</summary>
    private static nn.Module<Tensor, Tensor> Mlp(SpecNode node, IReadOnlyList<int> exampleShape, int numClasses)
    {
        var hidden = node.IntList("hidden", minimum: 1) ?? [128];
        var dropout = Dropout(node);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", nn.Flatten()) };
        var width = exampleShape.Aggregate(1, (a, b) => a * b);
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"fc{i + 1}", nn.Linear(width, hidden[i])));
            layers.Add(($"relu{i + 1}", nn.ReLU()));
            if (dropout > 0) layers.Add(($"dropout{i + 1}", nn.Dropout(dropout)));
            width = hidden[i];
        }
        layers.Add(("head", nn.Linear(width, numClasses)));
        return nn.Sequential(layers);
    }

    /// <summary>Per channel count: 3x3 conv (same padding), ReLU, 2x2 max-pool; then a hidden Linear-ReLU-Dropout and a Linear head.</summary>
    private static nn.Module<Tensor, Tensor> Cnn(SpecNode node, IReadOnlyList<int> exampleShape, int numClasses)
    {
        if (exampleShape.Count != 3)
            throw node.Error("type", $"a cnn needs image examples [channels, height, width], the data has shape [{string.Join(", ", exampleShape)}]");
        var channels = node.IntList("channels", minimum: 1) ?? [16, 32];
        var hidden = node.Int("hidden", minimum: 1) ?? 64;
        var dropout = Dropout(node);
        int inChannels = exampleShape[0], height = exampleShape[1], width = exampleShape[2];
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < channels.Count; i++)
        {
            if (height < 2 || width < 2)
                throw node.Error("channels", $"{channels.Count} pooling blocks shrink a {exampleShape[1]}x{exampleShape[2]} image below 1x1; use fewer");
            layers.Add(($"conv{i + 1}", nn.Conv2d(inChannels, channels[i], kernel_size: 3, padding: 1)));
            layers.Add(($"relu{i + 1}", nn.ReLU()));
            layers.Add(($"pool{i + 1}", nn.MaxPool2d(kernel_size: 2)));
            inChannels = channels[i];
            height /= 2;
            width /= 2;
        }
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("fc", nn.Linear(inChannels * height * width, hidden)));
        layers.Add(("fc_relu", nn.ReLU()));
        if (dropout > 0) layers.Add(("dropout", nn.Dropout(dropout)));
        layers.Add(("head", nn.Linear(hidden, numClasses)));
        return nn.Sequential(layers);
    }

    private static double Dropout(SpecNode node)
    {
        var dropout = node.Double("dropout", 0, 1) ?? 0;
        if (dropout >= 1) throw node.Error("dropout", "expected a probability in [0, 1)");
        return dropout;
    }
}
