using Assay.Running;
using Assay.Training;
using Spectre.Console;

namespace Assay.Cli.Rendering;

/// <summary>Progress bars for a suite run: one per model, advancing per epoch, then naming the post-training stage.</summary>
internal sealed class TrainingProgress(ProgressContext progress) : ISuiteObserver
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

    public static SuiteResult Show(IAnsiConsole console, Func<ISuiteObserver, SuiteResult> run) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context => run(new TrainingProgress(context)));

    public void ModelStarted(string model, int epochs) =>
        _tasks[model] = progress.AddTask(Markup.Escape($"{model}: training"), maxValue: epochs);

    public void EpochFinished(string model, EpochRecord epoch)
    {
        var task = _tasks[model];
        task.Description = Markup.Escape($"{model}: epoch {epoch.Epoch}/{epoch.Epochs} loss {epoch.Loss:F4} acc {epoch.Accuracy:F3}");
        task.Increment(1);
    }

    public void StageStarted(string model, string stage) => _tasks[model].Description = Markup.Escape($"{model}: {stage}");

    public void ModelFinished(ModelRunResult result)
    {
        var task = _tasks[result.Model];
        task.Description = Markup.Escape($"{result.Model}: done ({result.RunId})");
        task.Value = task.MaxValue;
        task.StopTask();
    }
}
