namespace Assay.Benchmarking;

/// <summary>Summary of measured call latencies, in milliseconds, with how they were measured.</summary>
/// <remarks>Percentiles interpolate linearly between order statistics (NumPy's default, "type 7"). StdDev is the sample standard deviation (n - 1).</remarks>
public sealed record LatencyStatistics(
    int Warmup,
    int N,
    int BatchSize,
    double Mean,
    double StdDev,
    double Min,
    double P50,
    double P90,
    double P99,
    double Max,
    double TotalSeconds)
{
    /// <summary>Examples per second over the measured stage.</summary>
    public double Throughput => TotalSeconds > 0 ? N * BatchSize / TotalSeconds : 0;

    public static LatencyStatistics From(ReadOnlySpan<double> samplesMs, int warmup, int batchSize)
    {
        if (samplesMs.IsEmpty) throw new ArgumentException("no latency samples");
        var sorted = samplesMs.ToArray();
        Array.Sort(sorted);
        var mean = 0.0;
        foreach (var s in sorted) mean += s;
        mean /= sorted.Length;
        var squares = 0.0;
        foreach (var s in sorted) squares += (s - mean) * (s - mean);
        var stdDev = sorted.Length > 1 ? Math.Sqrt(squares / (sorted.Length - 1)) : 0;
        return new LatencyStatistics(
            warmup, sorted.Length, batchSize, mean, stdDev, sorted[0],
            Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted[^1],
            sorted.Sum() / 1000.0);
    }

    /// <summary>The <paramref name="percent"/>-th percentile of ascending <paramref name="sorted"/> values, interpolated linearly.</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.IsEmpty) throw new ArgumentException("no values");
        var position = percent / 100.0 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
