using Assay.Data;
using Assay.Evaluation;
using Assay.Specs;
using Assay.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch.Tests;

public class TrainingTechniquesTests
{
    private static readonly Dataset Digits = DigitsDataset.Load();

    public static TheoryData<string, double[]> Schedules => new()
    {
        // lr 0.1, five epochs; values from each formula by hand.
        { "{type: step, step_size: 2, gamma: 0.5}", [0.1, 0.1, 0.05, 0.05, 0.025] },
        { "{type: multistep, milestones: [2, 4], gamma: 0.1}", [0.1, 0.1, 0.01, 0.01, 0.001] },
        { "{type: exponential, gamma: 0.5}", [0.1, 0.05, 0.025, 0.0125, 0.00625] },
        // One warm-up epoch (0.1·1/1), then 0.1·(1 + cos(π·t/4))/2 for t = 0..3.
        { "{type: cosine, warmup_epochs: 1}", [0.1, 0.1, 0.08535533905932738, 0.05, 0.014644660940672627] },
        // From 0.1/25 to 0.1 by step 0.5 (0.3·5 − 1), then cosine down to 0.1/25/1e4 at step 4.
        { "{type: one_cycle, max_lr: 0.1}", [0.004, 0.09504846320134738, 0.06112620219362893, 0.0188258346050237, 4e-07] },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Each_schedule_trains_with_the_rate_its_formula_gives(string schedule, double[] expected)
    {
        var outcome = Train($"type: mlp\nhidden: [8]\ntraining:\n  epochs: 5\n  optimizer: sgd\n  learning_rate: 0.1\n  schedule: {schedule}", Fit(), seed: 1);
        using var model = outcome.Model;
        var rates = outcome.History.Select(e => e.LearningRate!.Value).ToArray();
        Assert.Equal(expected.Length, rates.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], rates[i], 1e-12);
    }

    [Fact]
    public void Plateau_cuts_the_rate_after_patience_epochs_without_a_lower_validation_loss()
    {
        var scheduler = new LearningRateScheduler(new LearningRateSchedule(LearningRateSchedule.Plateau, Patience: 1, Factor: 0.5, MinLearningRate: 0.02), 0.1, 9);
        double[] losses = [1.0, 0.9, 0.95, 0.95, 0.8, 0.85, 0.85, 0.9, 0.9];
        var rates = new List<double>();
        for (var epoch = 1; epoch <= losses.Length; epoch++)
        {
            scheduler.EpochEnded(epoch, losses[epoch - 1]);
            rates.Add(scheduler.Current);
        }
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02], rates);
    }

    [Fact]
    public void Clipping_bounds_the_gradient_norm_and_each_value()
    {
        torch.manual_seed(0);
        using var layer = nn.Linear(3, 2);
        var parameters = layer.parameters().ToList();

        Backward(layer);
        TrainingObjective.ClipGradients(parameters, TrainingSpec.Default with { ClipGradNorm = 1.0 });
        var norm = Math.Sqrt(parameters.Sum(p => p.grad!.data<float>().ToArray().Sum(g => (double)g * g)));
        Assert.InRange(norm, 0.99, 1.0 + 1e-4);

        Backward(layer);
        TrainingObjective.ClipGradients(parameters, TrainingSpec.Default with { ClipGradValue = 0.01 });
        var values = parameters.SelectMany(p => p.grad!.data<float>().ToArray()).ToArray();
        Assert.All(values, g => Assert.InRange(g, -0.01f, 0.01f));
        Assert.Contains(values, g => Math.Abs(g) == 0.01f);
    }

    [Fact]
    public void L1_and_l2_add_their_penalty_to_the_loss()
    {
        torch.manual_seed(0);
        using var layer = nn.Linear(4, 3);
        var weights = layer.parameters().SelectMany(p => p.data<float>().ToArray()).Select(w => (double)w).ToArray();
        using var scope = NewDisposeScope();
        var logits = layer.forward(randn(5, 4));
        var labels = tensor(new long[] { 0, 1, 2, 1, 0 });
        var loss = TrainingObjective.DataLoss(logits, labels, null, 0).item<float>();

        var penalty = TrainingObjective.Penalty(layer.parameters(), l1: 0.01, l2: 0.1)!;
        var total = TrainingObjective.DataLoss(logits, labels, null, 0).add(penalty).item<float>();

        var expected = (0.01 * weights.Sum(Math.Abs)) + (0.1 * weights.Sum(w => w * w));
        Assert.Equal(expected, total - loss, 1e-5);
        Assert.Null(TrainingObjective.Penalty(layer.parameters(), 0, 0));
    }

    [Fact]
    public void Balanced_class_weights_follow_scikit_learn()
    {
        // compute_class_weight("balanced", classes=[0, 1, 2], y=[0, 0, 0, 1, 2, 2]) == [6/9, 6/3, 6/6]
        Assert.Equal([6.0 / 9, 2.0, 1.0], ClassWeights.Balanced([0, 0, 0, 1, 2, 2], 3));
        Assert.Equal([6.0 / 9, 2.0, 1.0, 0.0], ClassWeights.Balanced([0, 0, 0, 1, 2, 2], 4));
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_and_restores_the_best_weights()
    {
        var fit = Fit();
        // min_delta so large that nothing after the first epoch counts as an improvement.
        var outcome = Train("type: mlp\nhidden: [16]\ntraining:\n  epochs: 20\n  early_stopping: {monitor: val_accuracy, patience: 2, min_delta: 0.5}", fit, seed: 3);
        using var model = outcome.Model;

        Assert.Equal((1, 3), (outcome.BestEpoch, outcome.StoppedEpoch));
        Assert.Equal(3, outcome.History.Count);
        Assert.All(outcome.History, e => Assert.NotNull(e.ValidationLoss));
        var (_, validation) = TorchTrainer.CarveValidation(fit, 0.1, 3);
        Assert.Equal(outcome.History[0].ValidationAccuracy, Evaluator.Evaluate(model, validation!).Metrics.Accuracy);
        Assert.Equal(3L * (fit.Count - validation!.Count), outcome.SamplesSeen);
    }

    [Fact]
    public void Early_stopping_on_the_loss_stops_once_it_stops_falling()
    {
        var outcome = Train("type: mlp\nhidden: [16]\ntraining:\n  epochs: 60\n  learning_rate: 0.02\n  early_stopping: {patience: 3}", Fit(), seed: 2);
        using var model = outcome.Model;
        var best = outcome.BestEpoch!.Value;
        var losses = outcome.History.Select(e => e.ValidationLoss!.Value).ToArray();
        Assert.Equal(losses.Min(), losses[best - 1]);
        if (outcome.StoppedEpoch is { } stopped) Assert.Equal(best + 3, stopped);
        else Assert.Equal(60, outcome.History.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_history_with_every_technique_on()
    {
        const string Spec = """
            type: mlp
            hidden: [16]
            dropout: 0.1
            training:
              epochs: 6
              optimizer: adamw
              weight_decay: 0.01
              schedule: {type: cosine, warmup_epochs: 2, min_lr: 0.0001}
              clip_grad_norm: 1.0
              clip_grad_value: 0.5
              l1: 0.00001
              l2: 0.0001
              label_smoothing: 0.1
              class_weights: balanced
              early_stopping: {patience: 2}
            """;
        var first = Train(Spec, Fit(), seed: 9);
        var second = Train(Spec, Fit(), seed: 9);
        using var a = first.Model;
        using var b = second.Model;
        Assert.Equal(first.History.Select(e => e with { Seconds = 0 }), second.History.Select(e => e with { Seconds = 0 }));
        Assert.Equal((first.BestEpoch, first.StoppedEpoch), (second.BestEpoch, second.StoppedEpoch));
    }

    private static void Backward(nn.Module<Tensor, Tensor> layer)
    {
        layer.zero_grad();
        using var scope = NewDisposeScope();
        var loss = layer.forward(ones(4, 3)).mul(1e6f).square().sum();
        loss.backward();
    }

    private static TrainingOutcome Train(string model, Dataset train, int seed) =>
        new TorchTrainer().Train(Model(model), train, seed, progress: null, CancellationToken.None);

    private static Dataset Fit()
    {
        var (train, _) = new StratifiedHoldout(0.2, 0).Split(Digits.Labels);
        return Digits.Subset(train);
    }

    private static ModelSpec Model(string yaml)
    {
        var indented = string.Join("\n", yaml.Split('\n').Select((line, i) => (i == 0 ? "  - name: m\n    " : "    ") + line));
        return SpecLoader.Parse($"data:\n  source: digits\nmodels:\n{indented}\n", "spec.yaml").Models[0];
    }
}
