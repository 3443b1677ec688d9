namespace Assay.Tracking;

/// <summary>Where every run is recorded: its settings and environment when it starts, its results when it ends.</summary>
/// <remarks>
/// Contract, for every implementation:
/// <list type="bullet">
/// <item>Thread safety: one instance may be used from one thread at a time; several processes may share one store.</item>
/// <item>A run is written in two steps: <see cref="StartRun"/> records it as <see cref="RunStatus.Running"/>;
/// <see cref="FinishRun"/> writes its final status and results atomically. A run is never visible as
/// completed with partial results.</item>
/// <item>Finished runs are immutable: <see cref="FinishRun"/>, <see cref="LogSeries"/>, <see cref="SavePredictions"/> and
/// <see cref="SaveLatencySamples"/> on them fail. They can only be
/// deleted whole (<see cref="DeleteRun"/>), with their params, metrics and series; a run still running in a live process cannot.</item>
/// <item>A run left <see cref="RunStatus.Running"/> by a process that no longer exists (killed, crashed) is marked
/// <see cref="RunStatus.Interrupted"/> the next time the store is opened.</item>
/// <item>Schema migrations are forward-only; a store written by a newer schema than the binary knows is refused.</item>
/// </list>
/// </remarks>
public interface IRunStore : IDisposable
{
    /// <summary>Records a new run as running and returns its id.</summary>
    string StartRun(RunStart start);

    /// <summary>Appends one point of a per-step series (e.g. per-epoch training loss).</summary>
    void LogSeries(string runId, string name, int step, double value);

    /// <summary>Stores the run's per-example true labels, predictions and (optionally) class scores, row-major [n, classes]; a second call replaces them.</summary>
    /// <remarks>Assay records class probabilities as the scores (the model's outputs when they form a distribution, else their softmax), as <c>--save-predictions</c> writes them.</remarks>
    /// <exception cref="ArgumentException">The arrays disagree in length.</exception>
    void SavePredictions(string runId, int[] yTrue, int[] yPred, float[]? scores, int classes);

    /// <summary>Stores the run's raw latency samples in milliseconds; a second call replaces them.</summary>
    void SaveLatencySamples(string runId, double[] samplesMs);

    /// <summary>The run's stored predictions; null when it has none.</summary>
    RunPredictions? GetPredictions(string runId);

    /// <summary>The run's stored latency samples in milliseconds; null when it has none.</summary>
    double[]? GetLatencySamples(string runId);

    /// <summary>Writes the run's final status, metrics and result document in one transaction.</summary>
    void FinishRun(string runId, RunOutcome outcome);

    /// <summary>The runs matching <paramref name="query"/>, in its order (newest first unless it sorts by a metric).</summary>
    IReadOnlyList<RunSummary> ListRuns(RunQuery query);

    /// <summary>The names of the metrics recorded by any run, sorted.</summary>
    IReadOnlyList<string> MetricNames();

    /// <summary>One run by id or unique id prefix; null when none matches.</summary>
    /// <exception cref="UsageException">The prefix matches more than one run.</exception>
    RunRecord? GetRun(string idOrPrefix);

    /// <summary>Deletes one run (full id) with its params, metrics and series.</summary>
    /// <exception cref="StoreException">No run has this id, or it is still running (in a live process, or on another host).</exception>
    void DeleteRun(string runId);
}

public enum RunStatus
{
    Running,
    Completed,
    Failed,
    Interrupted,
}

/// <summary>Everything known when a run starts.</summary>
/// <remarks>Runs started by a command rather than a spec record the command line as their spec (<see cref="ForCommand"/>).</remarks>
/// <param name="EnvironmentJson">The environment record, as JSON.</param>
public sealed record RunStart(
    string Experiment,
    string Model,
    string SpecSource,
    string SpecText,
    string SpecHash,
    int Seed,
    string EnvironmentJson,
    IReadOnlyDictionary<string, string> Params)
{
    /// <summary>A run whose settings are a command line: it is recorded as the spec text, hashed like a spec.</summary>
    public static RunStart ForCommand(string experiment, string model, string commandLine, int seed, string environmentJson, IReadOnlyDictionary<string, string> parameters) =>
        new(experiment, model, "command line", commandLine,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(commandLine))),
            seed, environmentJson, parameters);
}

/// <summary>How a run ended.</summary>
/// <param name="ResultJson">The run's full result document (as printed by <c>--json</c>), or null when it did not complete.</param>
public sealed record RunOutcome(RunStatus Status, IReadOnlyDictionary<string, double> Metrics, string? ResultJson, string? Error)
{
    public static RunOutcome Interrupted(string reason) => new(RunStatus.Interrupted, new Dictionary<string, double>(), null, reason);

    public static RunOutcome Failed(string error) => new(RunStatus.Failed, new Dictionary<string, double>(), null, error);
}

/// <summary>A run as listed.</summary>
public sealed record RunSummary(string Id, string Experiment, string Model, RunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyDictionary<string, double> Metrics);

/// <summary>A run with everything recorded for it.</summary>
public sealed record RunRecord(
    RunSummary Summary,
    string SpecSource,
    string SpecText,
    string SpecHash,
    int Seed,
    string EnvironmentJson,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>> Series,
    string? ResultJson,
    string? Error);

public sealed record SeriesPoint(int Step, double Value);

/// <summary>A run's per-example predictions: true labels, predicted labels and, when recorded, class scores row-major [n, classes].</summary>
public sealed record RunPredictions(int[] YTrue, int[] YPred, float[]? Scores, int Classes)
{
    public int Count => YTrue.Length;
}
