using Assay.Benchmarking.Cost;

namespace Assay.Core.Tests.Benchmarking.Cost;

public class CpuFloorTests
{
    [Fact]
    public void The_floor_is_macs_over_cores_times_lanes_times_clock()
    {
        // ResNet-18's 1.8166 GMACs on 4 cores x 8 fp32 lanes at 2.5 GHz: 1,816,557,056 / 80e9 s.
        Assert.Equal(0.0227069632, CpuFloor.Estimate(1_816_557_056, cores: 4, fmaLanes: 8, clockGhz: 2.5), 12);
        Assert.Equal(1.0, CpuFloor.Estimate(16_000_000_000, cores: 1, fmaLanes: 16, clockGhz: 1.0), 12);
        Assert.Equal(0, CpuFloor.Estimate(0, 1, 1, 1));
    }

    [Fact]
    public void Impossible_machines_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuFloor.Estimate(1, 0, 8, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuFloor.Estimate(1, 1, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuFloor.Estimate(1, 1, 8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuFloor.Estimate(-1, 1, 8, 2));
    }

    [Fact]
    public void The_clock_is_the_highest_cpu_mhz_in_cpuinfo()
    {
        const string cpuinfo = "processor\t: 0\nmodel name\t: Example CPU\ncpu MHz\t\t: 2100.000\n\nprocessor\t: 1\ncpu MHz\t\t: 3493.518\ncache size\t: 512 KB\n";

        Assert.Equal(3.493518, CpuFloor.ParseClockGhz(cpuinfo)!.Value, 9);
        Assert.Null(CpuFloor.ParseClockGhz("processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\n"));
        Assert.Null(CpuFloor.ParseClockGhz(""));
    }

    [Fact]
    public void Detected_lanes_are_a_simd_width_in_fp32_lanes()
    {
        Assert.Contains(CpuFloor.DetectFmaLanes(), new[] { 1, 4, 8, 16 });
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)
            Assert.True(CpuFloor.DetectFmaLanes() >= 8);
        if (File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains("cpu MHz", StringComparison.Ordinal))
            Assert.InRange(CpuFloor.DetectClockGhz()!.Value, 0.1, 10);
    }
}
