namespace Assay.Tracking;

public static class RunStoreExtensions
{
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
