using Assay.Benchmarking;

namespace Assay.Core.Tests.Benchmarking;

/// <summary>A clock that advances only when the workload or a wait says so; one tick is a microsecond.</summary>
internal sealed class FakeClock : IClock
{
    public long Now { get; set; }

    public long GetTimestamp() => Now;

    public long Frequency => 1_000_000;

    public void WaitUntil(long timestamp) => Now = Math.Max(Now, timestamp);
}
