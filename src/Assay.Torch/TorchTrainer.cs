using System.Diagnostics;
using Assay.Data;
using Assay.Specs;
using Assay.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>Trains zoo models with TorchSharp on the CPU: seeded, mini-batch, cross-entropy.</summary>
/// <remarks>The seed fixes weight initialization, dropout masks and the shuffle order, so the same seed gives the same model.</remarks>
public sealed class TorchTrainer : IModelTrainer
{
    /// <summary>libtorch's random generator is process-wide: two trainings at once would interleave draws and lose determinism.</summary>
    private static readonly Lock GlobalGeneratorLock = new();

    public TrainingOutcome Train(ModelSpec spec, Dataset train, int seed, IProgress<EpochRecord>? progress, CancellationToken cancellation)
    {
        lock (GlobalGeneratorLock)
        {
            return TrainSeeded(spec, train, seed, progress, cancellation);
        }
    }

    private static TrainingOutcome TrainSeeded(ModelSpec spec, Dataset train, int seed, IProgress<EpochRecord>? progress, CancellationToken cancellation)
    {
        var settings = spec.Training;
        torch.manual_seed(seed);
        var module = ModelFactory.Create(spec, train.ExampleShape, train.NumClasses);
        var classifier = new TorchClassifier(spec.Name, module, train.ExampleShape, train.NumClasses);
        try
        {
            using var optimizer = CreateOptimizer(module, settings);
            var order = Enumerable.Range(0, train.Count).ToArray();
            var shuffle = new Random(seed);
            var history = new List<EpochRecord>(settings.Epochs);
            long[] batchDims = [0, .. train.ExampleShape.Select(d => (long)d)];
            var features = new float[settings.BatchSize * train.ExampleSize];
            var labels = new long[settings.BatchSize];
            var total = Stopwatch.StartNew();

            for (var epoch = 1; epoch <= settings.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                module.train();
                shuffle.Shuffle(order);
                double lossSum = 0;
                long correct = 0;
                for (var start = 0; start < train.Count; start += settings.BatchSize)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var count = Math.Min(settings.BatchSize, train.Count - start);
                    for (var i = 0; i < count; i++)
                    {
                        var index = order[start + i];
                        train.Example(index).CopyTo(features.AsSpan(i * train.ExampleSize, train.ExampleSize));
                        labels[i] = train.Labels[index];
                    }
                    batchDims[0] = count;

                    using var scope = NewDisposeScope();
                    var x = tensor(features.AsSpan(0, count * train.ExampleSize).ToArray(), batchDims);
                    var y = tensor(labels.AsSpan(0, count).ToArray(), [count]);
                    optimizer.zero_grad();
                    var logits = module.forward(x);
                    var loss = nn.functional.cross_entropy(logits, y);
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * count;
                    correct += logits.argmax(1).eq(y).sum().item<long>();
                }
                var record = new EpochRecord(epoch, settings.Epochs, lossSum / train.Count, (double)correct / train.Count, epochClock.Elapsed.TotalSeconds);
                history.Add(record);
                progress?.Report(record);
            }
            module.eval();
            return new TrainingOutcome(classifier, total.Elapsed.TotalSeconds, (long)train.Count * settings.Epochs, history);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    private static optim.Optimizer CreateOptimizer(nn.Module<Tensor, Tensor> module, TrainingSpec settings) => settings.Optimizer switch
    {
        "adam" => optim.Adam(module.parameters(), lr: settings.LearningRate, weight_decay: settings.WeightDecay),
        "adamw" => optim.AdamW(module.parameters(), lr: settings.LearningRate, weight_decay: settings.WeightDecay),
        "sgd" => optim.SGD(module.parameters(), settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
        _ => throw new UsageException($"training.optimizer: unknown optimizer '{settings.Optimizer}' (known: {string.Join(", ", TrainingSpec.Optimizers)})"),
    };
}
