namespace Assay.Tracking;

public static class RunStoreExtensions
{
    /// <summary>The newest <paramref name="limit"/> runs.</summary>
    public static IReadOnlyList<RunSummary> ListRuns(this IRunStore store, int limit = 100) => store.ListRuns(RunQuery.All with { Limit = limit });

    /// <summary>Runs the work of a started run; if it throws, the run is finished as interrupted (cancellation) or failed, then the error goes on.</summary>
    public static T Guard<T>(this IRunStore store, string runId, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (OperationCanceledException)
        {
            store.FinishRun(runId, RunOutcome.Interrupted("cancelled by the user"));
            throw;
        }
        catch (Exception e)
        {
            store.FinishRun(runId, RunOutcome.Failed(e.Message));
            throw;
        }
    }
}
