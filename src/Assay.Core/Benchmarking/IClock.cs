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

    /// <summary>Sleeps while the wait is long, then spins: a sleep can overshoot by milliseconds, which would delay arrivals.</summary>
    public void WaitUntil(long timestamp)
    {
        var sleepAbove = Frequency / 100; // 10 ms
        var sleepMargin = Frequency / 200; // wake 5 ms early
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0) return;
            if (remaining > sleepAbove) Thread.Sleep(TimeSpan.FromSeconds((remaining - sleepMargin) / (double)Frequency));
            else Thread.SpinWait(10);
        }
    }
}
