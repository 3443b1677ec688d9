using Assay.Specs;

namespace Assay.Training;

/// <summary>The learning rate of each epoch under a <see cref="LearningRateSchedule"/>; with none, the base rate throughout.</summary>
/// <remarks>
/// Epochs e are 1-based, lr₀ is the base rate, T the number of epochs.
/// step: lr₀·γ^⌊(e−1)/step_size⌋. multistep: lr₀·γ^(number of milestones &lt; e). exponential: lr₀·γ^(e−1).
/// cosine with W warm-up epochs: lr₀·e/W for e ≤ W, then min_lr + (lr₀ − min_lr)·(1 + cos(π·(e−W−1)/(T−W)))/2.
/// one_cycle (PyTorch's OneCycleLR with cosine annealing, one step per epoch, pct_start 0.3): from max_lr/25 up to max_lr
/// by epoch 0.3·T, then down to max_lr/25/10⁴ at epoch T; momentum is not cycled.
/// plateau: the rate is multiplied by factor (not below min_lr) when the validation loss has not decreased for more than
/// patience epochs, after which the count restarts (PyTorch's ReduceLROnPlateau with threshold 0 and no cooldown).
/// </remarks>
public sealed class LearningRateScheduler
{
    private readonly LearningRateSchedule? _schedule;
    private readonly double _baseRate;
    private readonly int _epochs;
    private double _bestLoss = double.PositiveInfinity;
    private int _badEpochs;

    public LearningRateScheduler(LearningRateSchedule? schedule, double baseRate, int epochs)
    {
        _schedule = schedule;
        _baseRate = baseRate;
        _epochs = epochs;
        Current = RateAt(1);
    }

    /// <summary>The rate for the next epoch to train.</summary>
    public double Current { get; private set; }

    /// <summary>Whether the schedule needs each epoch's validation loss.</summary>
    public bool NeedsValidationLoss => _schedule?.Type == LearningRateSchedule.Plateau;

    /// <summary>Advances past a finished epoch.</summary>
    public void EpochEnded(int epoch, double? validationLoss)
    {
        if (!NeedsValidationLoss)
        {
            Current = RateAt(epoch + 1);
            return;
        }
        var loss = validationLoss ?? throw new InvalidOperationException("the plateau schedule needs the validation loss of every epoch");
        if (loss < _bestLoss)
        {
            _bestLoss = loss;
            _badEpochs = 0;
        }
        else if (++_badEpochs > _schedule!.Patience)
        {
            Current = Math.Max(Current * _schedule.Factor, _schedule.MinLearningRate);
            _badEpochs = 0;
        }
    }

    /// <summary>The rate of a 1-based epoch under the schedules that depend on the epoch alone.</summary>
    private double RateAt(int epoch)
    {
        if (_schedule is not { } s) return _baseRate;
        var e0 = epoch - 1;
        switch (s.Type)
        {
            case LearningRateSchedule.Step:
                return _baseRate * Math.Pow(s.Gamma, e0 / s.StepSize);
            case LearningRateSchedule.MultiStep:
                return _baseRate * Math.Pow(s.Gamma, (s.Milestones ?? []).Count(m => m < epoch));
            case LearningRateSchedule.Exponential:
                return _baseRate * Math.Pow(s.Gamma, e0);
            case LearningRateSchedule.Cosine:
                if (epoch <= s.WarmupEpochs) return _baseRate * epoch / s.WarmupEpochs;
                var span = _epochs - s.WarmupEpochs;
                if (span <= 0) return _baseRate;
                return s.MinLearningRate + ((_baseRate - s.MinLearningRate) * (1 + Math.Cos(Math.PI * (epoch - s.WarmupEpochs - 1) / span)) / 2);
            case LearningRateSchedule.OneCycle:
                var max = s.MaxLearningRate ?? _baseRate;
                var initial = max / 25;
                var final = initial / 1e4;
                var peak = (0.3 * _epochs) - 1;
                var last = _epochs - 1.0;
                return e0 <= peak
                    ? Anneal(initial, max, peak > 0 ? e0 / peak : 1)
                    : Anneal(max, final, last > peak ? (e0 - peak) / (last - peak) : 1);
            case LearningRateSchedule.Plateau:
                return _baseRate;
            default:
                throw new UsageException($"training.schedule.type: unknown schedule '{s.Type}' (known: {string.Join(", ", LearningRateSchedule.Types)})");
        }
    }

    private static double Anneal(double start, double end, double fraction) => end + ((start - end) / 2 * (Math.Cos(Math.PI * fraction) + 1));
}
