using System.Globalization;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Assay.Benchmarking.Cost;

/// <summary>A lower bound on inference time from MACs alone: the time the cores need to issue them as fp32 FMAs.</summary>
/// <remarks>
/// floor (s) = MACs ÷ (cores × FMA lanes × clock in Hz). It assumes every core issues one full-width fp32 FMA
/// instruction per cycle at the given clock, with no memory stalls and perfect parallelism. Cores with two FMA units
/// (most Intel server cores since Skylake-SP, AMD Zen 2 and later for 256-bit FMAs) can issue two: pass
/// 2 × <see cref="DetectFmaLanes"/> for them. Hyper-threads share FMA units, so count physical cores.
/// </remarks>
public static class CpuFloor
{
    /// <summary>The floor in seconds for <paramref name="macs"/> multiply-adds.</summary>
    public static double Estimate(long macs, int cores, int fmaLanes, double clockGhz)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(macs);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fmaLanes, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockGhz);
        return macs / (cores * (double)fmaLanes * clockGhz * 1e9);
    }

    /// <summary>The floor on this machine with the detected lanes and clock; null when the clock is unknown.</summary>
    public static double? EstimateOnThisMachine(long macs, int cores) =>
        DetectClockGhz() is { } clock ? Estimate(macs, cores, DetectFmaLanes(), clock) : null;

    /// <summary>fp32 lanes of the widest multiply-add this process can use, per instruction.</summary>
    /// <remarks>
    /// AVX-512F: 16. AVX2 with FMA: 8. AVX without FMA: 8 (a separate 8-lane multiply and add issue each cycle).
    /// SSE, Arm AdvSimd (NEON): 4. Otherwise 1 (scalar). One instruction per cycle is assumed; see the class remarks.
    /// </remarks>
    public static int DetectFmaLanes()
    {
        if (Avx512F.IsSupported) return 16;
        if (Avx2.IsSupported && Fma.IsSupported) return 8;
        if (Avx.IsSupported) return 8;
        if (Sse.IsSupported || AdvSimd.IsSupported) return 4;
        return 1;
    }

    /// <summary>The clock in GHz from /proc/cpuinfo, or null where it says none (Arm, non-Linux).</summary>
    public static double? DetectClockGhz()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? ParseClockGhz(File.ReadAllText("/proc/cpuinfo")) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The highest "cpu MHz" in /proc/cpuinfo text, in GHz; null when there is none.</summary>
    /// <remarks>The current clock of the fastest core: the highest rate observed, which keeps the estimate a floor.</remarks>
    public static double? ParseClockGhz(string cpuinfo)
    {
        double? best = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || line[..colon].Trim() != "cpu MHz") continue;
            if (double.TryParse(line[(colon + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var mhz) && mhz > 0)
                best = Math.Max(best ?? 0, mhz / 1000);
        }
        return best;
    }
}
