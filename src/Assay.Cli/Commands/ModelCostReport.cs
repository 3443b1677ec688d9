using Assay.Benchmarking.Cost;

namespace Assay.Cli.Commands;

/// <summary>What <c>assay info --json</c> prints, and the model section of <c>assay bench --json</c> (see docs/json.md).</summary>
internal sealed record ModelCostReport(
    string Path,
    string Format,
    long Params,
    long WeightBytes,
    long SizeBytes,
    double MacsPerSample,
    double FlopsPerSample,
    double OtherOpsPerSample,
    bool Complete,
    IReadOnlyList<UncountedOpReport> UncountedOps,
    IReadOnlyList<string> UnresolvedDims,
    CpuFloorReport? CpuFloor,
    string Conventions)
{
    public const string ConventionText = "1 MAC = one multiply-add; FLOPs = 2 x MACs; other ops (bias, activations, pooling, softmax) counted apart; see docs/model-cost.md";

    public static ModelCostReport From(string path, string format, ModelCost cost, int cores) => new(
        path.StartsWith(BenchTargets.ZooPrefix, StringComparison.Ordinal) ? path : System.IO.Path.GetFullPath(path), format, cost.Params, cost.WeightBytes, cost.FileBytes, cost.MacsPerSample, cost.FlopsPerSample, cost.OtherOpsPerSample,
        cost.IsComplete, [.. cost.UncountedOps.Select(u => new UncountedOpReport(u.OpType, u.Count, u.Reason.ToString()))], cost.UnresolvedDims,
        CpuFloorReport.For((long)Math.Round(cost.MacsPerSample), cores), ConventionText);
}

internal sealed record UncountedOpReport(string Op, int Count, string Reason);

/// <summary>The time the cores need just to issue the MACs as fp32 FMAs: MACs ÷ (cores × FMA lanes × clock).</summary>
internal sealed record CpuFloorReport(long Macs, int Cores, int FmaLanes, double ClockGhz, double Ms)
{
    public static CpuFloorReport? For(long macs, int cores)
    {
        if (CpuFloor.DetectClockGhz() is not { } clock) return null;
        var lanes = CpuFloor.DetectFmaLanes();
        return new CpuFloorReport(macs, cores, lanes, clock, CpuFloor.Estimate(macs, cores, lanes, clock) * 1000);
    }
}

internal sealed record LayerReport(string Name, string Op, long[]? OutputShape, long Params, long? Macs, long? OtherOps);
