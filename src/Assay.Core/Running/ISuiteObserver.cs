using Assay.Training;

namespace Assay.Running;

/// <summary>Hears what a suite run is doing, for progress display; must not throw.</summary>
public interface ISuiteObserver
{
    void ModelStarted(string model, int epochs);

    void EpochFinished(string model, EpochRecord epoch);

    /// <summary>A step after training: "evaluating", "measuring latency".</summary>
    void StageStarted(string model, string stage);

    void ModelFinished(ModelRunResult result);
}

/// <summary>The observer that ignores everything (for <c>--json</c> and tests).</summary>
public sealed class SilentObserver : ISuiteObserver
{
    public static readonly SilentObserver Instance = new();

    public void ModelStarted(string model, int epochs) { }

    public void EpochFinished(string model, EpochRecord epoch) { }

    public void StageStarted(string model, string stage) { }

    public void ModelFinished(ModelRunResult result) { }
}
