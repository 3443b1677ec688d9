using System.Diagnostics;
using Assay.Data;
using Assay.Specs;
using Assay.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>Trains zoo models with TorchSharp on the CPU: seeded, mini-batch, cross-entropy.</summary>
/// <remarks>
/// The seed fixes weight initialization, dropout masks, the shuffle order and the validation split, so the same seed gives the same model.
/// Optional techniques come from <see cref="TrainingSpec"/>: a per-epoch learning-rate schedule (<see cref="LearningRateScheduler"/>),
/// gradient clipping, L1/L2 penalties, label smoothing and class weights (<see cref="TrainingObjective"/>), and early stopping on a
/// stratified validation split carved from the training data only.
/// </remarks>
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
        Dictionary<string, Tensor>? bestWeights = null;
        try
        {
            var (fit, validation) = CarveValidation(train, settings.EffectiveValidationFraction, seed);
            using var optimizer = CreateOptimizer(module, settings);
            using var classWeights = CreateClassWeights(settings.ClassWeights, fit);
            var parameters = module.parameters().ToList();
            var scheduler = new LearningRateScheduler(settings.Schedule, settings.LearningRate, settings.Epochs);
            var stopping = settings.EarlyStopping is { } early ? new EarlyStopping(early) : null;
            ITrainingCallback[] callbacks = stopping is null ? [] : [stopping];
            int? stoppedEpoch = null;
            var order = Enumerable.Range(0, fit.Count).ToArray();
            var shuffle = new Random(seed);
            var history = new List<EpochRecord>(settings.Epochs);
            long[] batchDims = [0, .. fit.ExampleShape.Select(d => (long)d)];
            var features = new float[settings.BatchSize * fit.ExampleSize];
            var labels = new long[settings.BatchSize];
            var total = Stopwatch.StartNew();

            for (var epoch = 1; epoch <= settings.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                var learningRate = scheduler.Current;
                if (settings.Schedule is not null) SetLearningRate(optimizer, learningRate);
                module.train();
                shuffle.Shuffle(order);
                double lossSum = 0;
                long correct = 0;
                for (var start = 0; start < fit.Count; start += settings.BatchSize)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var count = Math.Min(settings.BatchSize, fit.Count - start);
                    for (var i = 0; i < count; i++)
                    {
                        var index = order[start + i];
                        fit.Example(index).CopyTo(features.AsSpan(i * fit.ExampleSize, fit.ExampleSize));
                        labels[i] = fit.Labels[index];
                    }
                    batchDims[0] = count;

                    using var scope = NewDisposeScope();
                    var x = tensor(features.AsSpan(0, count * fit.ExampleSize).ToArray(), batchDims);
                    var y = tensor(labels.AsSpan(0, count).ToArray(), [count]);
                    optimizer.zero_grad();
                    var logits = module.forward(x);
                    var loss = TrainingObjective.DataLoss(logits, y, classWeights, settings.LabelSmoothing);
                    var penalty = TrainingObjective.Penalty(parameters, settings.L1, settings.L2);
                    (penalty is null ? loss : loss.add(penalty)).backward();
                    TrainingObjective.ClipGradients(parameters, settings);
                    optimizer.step();
                    lossSum += loss.item<float>() * count;
                    correct += logits.argmax(1).eq(y).sum().item<long>();
                }
                var (validationLoss, validationAccuracy) = validation is null ? ((double?)null, (double?)null) : Validate(module, validation);
                var record = new EpochRecord(epoch, settings.Epochs, lossSum / fit.Count, (double)correct / fit.Count, epochClock.Elapsed.TotalSeconds, learningRate, validationLoss, validationAccuracy);
                history.Add(record);
                progress?.Report(record);
                scheduler.EpochEnded(epoch, validationLoss);

                var stop = false;
                foreach (var callback in callbacks) stop |= callback.EpochEnded(record);
                if (stopping?.BestEpoch == epoch && settings.EarlyStopping!.RestoreBest)
                {
                    DisposeAll(bestWeights);
                    bestWeights = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
                }
                if (stop && epoch < settings.Epochs)
                {
                    stoppedEpoch = epoch;
                    break;
                }
            }
            if (bestWeights is not null) RestoreWeights(module, bestWeights);
            module.eval();
            return new TrainingOutcome(classifier, total.Elapsed.TotalSeconds, (long)fit.Count * history.Count, history, stoppedEpoch, stopping?.BestEpoch);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
        finally
        {
            DisposeAll(bestWeights);
        }
    }

    /// <summary>Splits a stratified, seeded validation set off the training data; none when the fraction is 0.</summary>
    internal static (Dataset Fit, Dataset? Validation) CarveValidation(Dataset train, double fraction, int seed)
    {
        if (fraction <= 0) return (train, null);
        var (fit, validation) = new StratifiedHoldout(fraction, seed).Split(train.Labels);
        if (validation.Length == 0 || fit.Length == 0)
            throw new UsageException($"training.validation_fraction: {fraction} of {train.Count} examples leaves no validation or no training examples");
        return (train.Subset(fit), train.Subset(validation, train.Name + " (validation)"));
    }

    /// <summary>Mean plain cross-entropy and accuracy on the validation set, in eval mode without gradients.</summary>
    private static (double? Loss, double? Accuracy) Validate(nn.Module<Tensor, Tensor> module, Dataset validation)
    {
        const int BatchSize = 256;
        module.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        long[] dims = [0, .. validation.ExampleShape.Select(d => (long)d)];
        for (var start = 0; start < validation.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, validation.Count - start);
            dims[0] = count;
            using var scope = NewDisposeScope();
            var x = tensor(validation.Features.AsSpan(start * validation.ExampleSize, count * validation.ExampleSize).ToArray(), dims);
            var y = tensor(validation.Labels.AsSpan(start, count).ToArray().Select(l => (long)l).ToArray(), [count]);
            var logits = module.forward(x);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
        }
        return (lossSum / validation.Count, (double)correct / validation.Count);
    }

    private static Tensor? CreateClassWeights(ClassWeighting? weighting, Dataset fit)
    {
        if (weighting is null) return null;
        var weights = weighting.Balanced ? ClassWeights.Balanced(fit.Labels, fit.NumClasses) : [.. weighting.Weights!];
        if (weights.Length != fit.NumClasses)
            throw new UsageException($"training.class_weights: expected {fit.NumClasses} weights (one per class), got {weights.Length}");
        return tensor(weights.Select(w => (float)w).ToArray(), [fit.NumClasses]);
    }

    private static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }

    private static void RestoreWeights(nn.Module<Tensor, Tensor> module, Dictionary<string, Tensor> saved)
    {
        using var noGrad = no_grad();
        foreach (var (name, live) in module.state_dict()) live.copy_(saved[name]);
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors.Values) t.Dispose();
        tensors.Clear();
    }

    private static optim.Optimizer CreateOptimizer(nn.Module<Tensor, Tensor> module, TrainingSpec settings) => settings.Optimizer switch
    {
        "adam" => optim.Adam(module.parameters(), lr: settings.LearningRate, weight_decay: settings.WeightDecay),
        "adamw" => optim.AdamW(module.parameters(), lr: settings.LearningRate, weight_decay: settings.WeightDecay),
        "sgd" => optim.SGD(module.parameters(), settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
        _ => throw new UsageException($"training.optimizer: unknown optimizer '{settings.Optimizer}' (known: {string.Join(", ", TrainingSpec.Optimizers)})"),
    };
}
