using Assay.Running;
using Assay.Specs;
using Assay.Sqlite;
using Assay.Tests;
using Assay.Torch;
using Assay.Tracking;
using Assay.Training;

namespace Assay.Cli.Tests;

[Collection(LibtorchCollection.Name)]
public class InterruptionTests
{
    /// <summary>Cancels the run (as Ctrl+C does) once a given epoch has finished.</summary>
    private sealed class CancelAfterEpoch(CancellationTokenSource source, int epoch) : ISuiteObserver
    {
        public void ModelStarted(string model, int epochs) { }

        public void EpochFinished(string model, EpochRecord record)
        {
            if (record.Epoch == epoch) source.Cancel();
        }

        public void StageStarted(string model, string stage) { }

        public void ModelFinished(ModelRunResult result) { }
    }

    [Fact]
    public void A_cancelled_run_is_recorded_as_interrupted_with_what_it_had_logged()
    {
        using var temp = new TempFolder();
        using var store = SqliteRunStore.Open(temp.Path("a.db"));
        using var cancel = new CancellationTokenSource();
        var spec = SpecLoader.LoadFile(TestAssets.Path("specs", "quick.yaml"));
        var runner = new SuiteRunner(new TorchTrainer(), store, [TorchBackendInfo.Instance], new CancelAfterEpoch(cancel, 2));

        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(spec, cancel.Token));

        var run = store.GetRun(Assert.Single(store.ListRuns()).Id)!;
        Assert.Equal(RunStatus.Interrupted, run.Summary.Status);
        Assert.Equal(2, run.Series["train_loss"].Count);
        Assert.Empty(run.Summary.Metrics);
        Assert.Null(run.ResultJson);
    }
}
