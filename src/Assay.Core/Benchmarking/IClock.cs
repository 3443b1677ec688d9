using System.Diagnostics;

namespace Assay.Benchmarking;

/// <summary>A monotonic clock; injected so timing logic can be tested with a fake.</summary>
public interface IClock
{
    /// <summary>Current tick count.</summary>
    long GetTimestamp();

    /// <summary>Ticks per second.</summary>
    long Frequency { get; }
}

/// <summary>The high-resolution process clock.</summary>
public sealed class StopwatchClock : IClock
{
    public static readonly StopwatchClock Instance = new();

    public long GetTimestamp() => Stopwatch.GetTimestamp();

    public long Frequency => Stopwatch.Frequency;
}
