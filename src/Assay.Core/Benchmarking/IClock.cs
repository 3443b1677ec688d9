using System.Diagnostics;

namespace Assay.Benchmarking;

/// <summary>A monotonic clock; injected so timing logic can be tested with a fake.</summary>
public interface IClock
{
    /// <summary>Current tick count.</summary>
    long GetTimestamp();

    /// <summary>Ticks per second.</summary>
    long Frequency { get; }

    /// <summary>Returns at <paramref name="timestamp"/> or just after (schedules arrivals in the server scenario).</summary>
    void WaitUntil(long timestamp);
}

/// <summary>The high-resolution process clock.</summary>
public sealed class StopwatchClock : IClock
{
    public static readonly StopwatchClock Instance = new();

    public long GetTimestamp() => Stopwatch.GetTimestamp();

    public long Frequency => Stopwatch.Frequency;

    /// <summary>Sleeps while the wait is long, then spins: sleeping alone overshoots by a scheduler tick.</summary>
    public void WaitUntil(long timestamp)
    {
        var spinThreshold = Frequency / 500; // 2 ms
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0) return;
            if (remaining > spinThreshold) Thread.Sleep(TimeSpan.FromSeconds((remaining - spinThreshold) / (double)Frequency));
            else Thread.SpinWait(20);
        }
    }
}
