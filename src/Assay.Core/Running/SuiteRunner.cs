using Assay.Benchmarking;
using Assay.Data;
using Assay.Environment;
using Assay.Evaluation;
using Assay.Metrics;
using Assay.Metrics.Classification;
using Assay.Reporting;
using Assay.Specs;
using Assay.Tracking;
using Assay.Training;

namespace Assay.Running;

/// <summary>Runs a spec: loads and splits the data, then trains, evaluates, measures and records each model.</summary>
/// <param name="checkpoints">Where trained models are kept; null keeps none.</param>
public sealed class SuiteRunner(IModelTrainer trainer, IRunStore store, IReadOnlyList<IBackendInfo> backends, ISuiteObserver? observer = null, ICheckpointWriter? checkpoints = null)
{
    private readonly ISuiteObserver _observer = observer ?? SilentObserver.Instance;

    public SuiteResult Run(ExperimentSpec spec, CancellationToken cancellation = default)
    {
        var environment = EnvironmentInfo.Capture(backends);
        var environmentJson = Json.Serialize(environment, indented: false);
        Dataset all;
        try
        {
            all = DatasetLoader.Load(spec.Data.Reference, spec.Data.Split, spec.Data.Normalization);
        }
        catch (AssayException e) when (e is DataException or UsageException)
        {
            // Say which spec pointed at the data, not only what is wrong with it.
            throw e is DataException ? new DataException($"{spec.Source}: data.source: {e.Message}", e) : new UsageException($"{spec.Source}: data: {e.Message}", e);
        }
        var (trainIndices, testIndices) = spec.Data.Holdout.Split(all.Labels);
        if (trainIndices.Length == 0 || testIndices.Length == 0)
            throw new DataException($"{all.Name}: {all.Count} examples are too few for a {spec.Data.Holdout.TestFraction:P0} holdout");
        var train = all.Subset(trainIndices, all.Name + ":train");
        var test = all.Subset(testIndices, all.Name + ":test");
        var data = new DataSummary(spec.Data.Reference, spec.Data.Split, train.Count, test.Count, all.ExampleShape, all.NumClasses, spec.Data.Holdout.TestFraction, spec.Data.Holdout.Seed,
            DatasetFingerprint.Compute(all).Ordered, DatasetFingerprint.Compute(test).Unordered);

        var results = new List<ModelRunResult>();
        foreach (var model in spec.Models)
        {
            cancellation.ThrowIfCancellationRequested();
            results.Add(RunModel(spec, model, train, test, data, environmentJson, cancellation));
        }
        return new SuiteResult(new SpecSummary(spec.Name, spec.Source, spec.Hash, spec.Seed), data, results, environment);
    }

    private ModelRunResult RunModel(ExperimentSpec spec, ModelSpec model, Dataset train, Dataset test, DataSummary data, string environmentJson, CancellationToken cancellation)
    {
        var parameters = Params(spec, model);
        parameters["data.fingerprint"] = data.Fingerprint;
        parameters["data.test_fingerprint"] = data.TestFingerprint;
        var runId = store.StartRun(new RunStart(spec.Name, model.Name, spec.Source, spec.Text, spec.Hash, spec.Seed, environmentJson, parameters));
        var finished = store.Guard(runId, () =>
        {
            _observer.ModelStarted(model.Name, model.Training.Epochs);
            var progress = new SynchronousProgress<EpochRecord>(epoch =>
            {
                store.LogSeries(runId, "train_loss", epoch.Epoch, epoch.Loss);
                store.LogSeries(runId, "train_accuracy", epoch.Epoch, epoch.Accuracy);
                _observer.EpochFinished(model.Name, epoch);
            });
            var outcome = trainer.Train(model, train, spec.Seed, progress, cancellation);
            using var trained = outcome.Model;

            _observer.StageStarted(model.Name, "evaluating");
            var evaluation = Evaluator.Evaluate(trained, test, cancellation: cancellation);
            var metrics = SelectMetrics(spec, evaluation, test);
            store.SavePredictions(runId, evaluation.Actual, evaluation.Predicted, evaluation.Probabilities(), evaluation.NumClasses);

            LatencyResult? latency = null;
            if (spec.Efficiency.Latency)
            {
                _observer.StageStarted(model.Name, "measuring latency");
                var statistics = MeasureLatency(trained, test, spec.Efficiency.LatencySettings, cancellation);
                latency = LatencyResult.From(statistics, spec.Efficiency.LatencySettings);
                store.SaveLatencySamples(runId, [.. statistics.SamplesMs]);
            }

            var checkpoint = checkpoints?.Write(spec, model, trained, runId);

            List<ScenarioSummary>? bench = null;
            if (spec.Bench is { } benchSpec)
            {
                _observer.StageStarted(model.Name, "benchmarking scenarios");
                bench = RunScenarios(trained, test, benchSpec, spec.Seed, cancellation);
            }

            var result = new ModelRunResult(
                model.Name,
                model.Type,
                runId,
                "completed",
                metrics,
                evaluation.ConfusionMatrix.ToRows(),
                new EfficiencyResult(trained.ParameterCount, SerializedSize(trained), outcome.Seconds, outcome.SamplesPerSecond, latency),
                new TrainingSummary(model.Training.Epochs, model.Training.BatchSize, model.Training.Optimizer, model.Training.LearningRate,
                    [.. outcome.History.Select(e => new EpochSummary(e.Epoch, e.Loss, e.Accuracy, e.Seconds))]),
                bench,
                checkpoint);
            store.FinishRun(runId, new RunOutcome(RunStatus.Completed, StoredMetrics(result), Json.Serialize(result), null));
            return result;
        });
        _observer.ModelFinished(finished);
        return finished;
    }

    /// <summary>The spec's metrics, in the spec's order, from the label metrics of the holdout.</summary>
    private static Dictionary<string, double> SelectMetrics(ExperimentSpec spec, ClassificationEvaluation evaluation, Dataset test)
    {
        var all = evaluation.AllMetrics();
        var selected = new Dictionary<string, double>();
        foreach (var name in spec.Metrics)
        {
            if (all.TryGetValue(name, out var value)) selected[name] = value;
            else if (all.Undefined.TryGetValue(name, out var reason)) throw new DataException($"{test.Name}: metric {name} is undefined here: {reason}");
            else throw new UsageException($"{spec.Source}: metrics: '{name}' does not apply to {evaluation.NumClasses}-class data (it has: {string.Join(", ", all.Values.Select(v => v.Key))})");
        }
        return selected;
    }

    private static List<ScenarioSummary> RunScenarios(ITrainedModel model, Dataset test, BenchSpec bench, int seed, CancellationToken cancellation)
    {
        using var system = new ModelSystem(model, model.Description.Backend);
        var source = new DatasetSampleSource(test);
        var runner = new ScenarioRunner();
        var results = new List<ScenarioSummary>();
        foreach (var scenario in bench.Scenarios)
        {
            foreach (var batch in scenario == Scenario.MultiStream ? [bench.SamplesPerQuery] : bench.BatchSizes)
            {
                var settings = new ScenarioSettings(scenario, batch, bench.SamplesPerQuery, bench.TargetQps, bench.LatencyBoundMs, seed);
                results.Add(ScenarioSummary.From(runner.Run(system, source, settings, bench.Latency, cancellation: cancellation)));
            }
        }
        return results;
    }

    private static LatencyStatistics MeasureLatency(ITrainedModel model, Dataset test, LatencySettings settings, CancellationToken cancellation)
    {
        var batch = Math.Min(settings.BatchSize, test.Count);
        var inputs = test.Features.AsMemory(0, batch * test.ExampleSize);
        var outputs = new float[batch * model.Description.OutputSize];
        return new LatencyBenchmark(settings with { BatchSize = batch }).Run(() => model.Predict(inputs.Span, batch, outputs), cancellation);
    }

    private static long SerializedSize(ITrainedModel model)
    {
        using var counter = new ByteCountingStream();
        model.Save(counter);
        return counter.Length;
    }

    private static Dictionary<string, string> Params(ExperimentSpec spec, ModelSpec model)
    {
        var result = model.Hyperparameters.ToFlatDictionary().Where(p => p.Key is not ("training" or "name")).ToDictionary(p => $"model.{p.Key}", p => p.Value);
        result["data.source"] = spec.Data.Reference;
        result["data.source_split"] = spec.Data.Split;
        result["data.test_fraction"] = spec.Data.Holdout.TestFraction.ToString("R");
        result["data.split_seed"] = spec.Data.Holdout.Seed.ToString();
        result["training.epochs"] = model.Training.Epochs.ToString();
        result["training.batch_size"] = model.Training.BatchSize.ToString();
        result["training.optimizer"] = model.Training.Optimizer;
        result["training.learning_rate"] = model.Training.LearningRate.ToString("R");
        result["training.weight_decay"] = model.Training.WeightDecay.ToString("R");
        if (model.Training.Optimizer == "sgd") result["training.momentum"] = model.Training.Momentum.ToString("R");
        return result;
    }

    /// <summary>The scalars a run is listed and compared by.</summary>
    private static Dictionary<string, double> StoredMetrics(ModelRunResult result)
    {
        var metrics = new Dictionary<string, double>(result.Metrics)
        {
            [EfficiencyMetricCatalog.Params.Name] = result.Efficiency.Params,
            [EfficiencyMetricCatalog.SizeBytes.Name] = result.Efficiency.SizeBytes,
            [EfficiencyMetricCatalog.TrainSeconds.Name] = result.Efficiency.TrainSeconds,
            [EfficiencyMetricCatalog.TrainSamplesPerSecond.Name] = result.Efficiency.TrainSamplesPerS,
        };
        if (result.Efficiency.LatencyMs is { } latency)
        {
            metrics[EfficiencyMetricCatalog.LatencyP50.Name] = latency.P50;
            metrics[EfficiencyMetricCatalog.LatencyP90.Name] = latency.P90;
            metrics[EfficiencyMetricCatalog.LatencyP99.Name] = latency.P99;
        }
        return metrics;
    }

    /// <summary>Progress that reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
