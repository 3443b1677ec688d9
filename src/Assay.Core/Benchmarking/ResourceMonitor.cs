using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Assay.Benchmarking;

/// <summary>What a measured window cost the machine.</summary>
/// <param name="CpuUtilization">Process CPU time over wall time, as a share of the whole machine (1 = every core busy).</param>
/// <param name="CpuCoresBusy">Process CPU time over wall time, in cores (2.0 = two cores busy).</param>
/// <param name="PeakWorkingSetBytes">Largest working set sampled during the window.</param>
/// <param name="ManagedHeapBytes">Managed heap size at the end of the window.</param>
/// <param name="GcCollections">Collections during the window, per generation (0, 1, 2).</param>
/// <param name="Threads">Most threads the process had during the window.</param>
/// <param name="EnergyJoules">Package energy from Linux RAPL; null when not readable.</param>
/// <param name="Gpu">GPU use from NVML; null when no GPU (or NVML) is present.</param>
public sealed record ResourceUsage(
    double WallSeconds,
    double CpuUtilization,
    double CpuCoresBusy,
    long PeakWorkingSetBytes,
    long ManagedHeapBytes,
    IReadOnlyList<int> GcCollections,
    int Threads,
    double? EnergyJoules,
    GpuUsage? Gpu);

/// <param name="UtilizationPercent">Peak GPU utilization sampled during the window.</param>
/// <param name="MemoryUsedBytes">Peak device memory in use.</param>
public sealed record GpuUsage(string Name, double UtilizationPercent, long MemoryUsedBytes, long MemoryTotalBytes);

/// <summary>Samples the process (and RAPL, NVML where present) from <see cref="Start"/> until disposed or <see cref="Stop"/>.</summary>
/// <remarks>Working set, threads and GPU are sampled every <c>interval</c> on a background thread; CPU time, GC counts and
/// energy are differences between start and stop.</remarks>
public sealed class ResourceMonitor : IDisposable
{
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart;
    private readonly int[] _gcStart;
    private readonly double? _energyStart;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private readonly Nvml? _nvml;
    private long _peakWorkingSet;
    private int _peakThreads;
    private double _peakGpuUtilization;
    private long _peakGpuMemory;
    private ResourceUsage? _result;

    private ResourceMonitor(TimeSpan interval)
    {
        _process.Refresh();
        _cpuStart = _process.TotalProcessorTime;
        _gcStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _energyStart = Rapl.ReadJoules();
        _nvml = Nvml.TryOpen();
        Sample();
        _timer = new Timer(_ => Sample(), null, interval, interval);
    }

    public static ResourceMonitor Start(TimeSpan? interval = null) => new(interval ?? TimeSpan.FromMilliseconds(50));

    public ResourceUsage Stop()
    {
        lock (_gate)
        {
            if (_result is not null) return _result;
        }
        _timer.Dispose();
        Sample();
        _process.Refresh();
        var wall = _wall.Elapsed.TotalSeconds;
        var cpu = (_process.TotalProcessorTime - _cpuStart).TotalSeconds;
        var energyEnd = Rapl.ReadJoules();
        double? energy = _energyStart is { } start && energyEnd is { } end ? Rapl.Difference(start, end) : null;
        lock (_gate)
        {
            _result = new ResourceUsage(
                wall,
                wall > 0 ? cpu / wall / System.Environment.ProcessorCount : 0,
                wall > 0 ? cpu / wall : 0,
                _peakWorkingSet,
                GC.GetTotalMemory(false),
                [GC.CollectionCount(0) - _gcStart[0], GC.CollectionCount(1) - _gcStart[1], GC.CollectionCount(2) - _gcStart[2]],
                _peakThreads,
                energy,
                _nvml is null ? null : new GpuUsage(_nvml.DeviceName, _peakGpuUtilization, _peakGpuMemory, _nvml.MemoryTotal));
            return _result;
        }
    }

    public void Dispose()
    {
        Stop();
        _nvml?.Dispose();
        _process.Dispose();
    }

    private void Sample()
    {
        lock (_gate)
        {
            if (_result is not null) return;
            _process.Refresh();
            _peakWorkingSet = Math.Max(_peakWorkingSet, _process.WorkingSet64);
            _peakThreads = Math.Max(_peakThreads, _process.Threads.Count);
            if (_nvml?.Read() is { } gpu)
            {
                _peakGpuUtilization = Math.Max(_peakGpuUtilization, gpu.Utilization);
                _peakGpuMemory = Math.Max(_peakGpuMemory, gpu.MemoryUsed);
            }
        }
    }

    /// <summary>Linux RAPL package energy (<c>/sys/class/powercap/intel-rapl:N/energy_uj</c>), summed over packages.</summary>
    private static class Rapl
    {
        private const string Root = "/sys/class/powercap";

        public static double? ReadJoules()
        {
            try
            {
                if (!Directory.Exists(Root)) return null;
                var packages = Directory.GetDirectories(Root, "intel-rapl:*").Where(d => Path.GetFileName(d).Count(c => c == ':') == 1).ToList();
                if (packages.Count == 0) return null;
                return packages.Sum(p => double.Parse(File.ReadAllText(Path.Combine(p, "energy_uj")).Trim(), System.Globalization.CultureInfo.InvariantCulture)) / 1e6;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return null;
            }
        }

        /// <summary>end - start; the counter wraps at max_energy_range_uj, and a negative difference means it did.</summary>
        public static double? Difference(double start, double end)
        {
            if (end >= start) return end - start;
            try
            {
                var range = Directory.GetDirectories(Root, "intel-rapl:*").Where(d => Path.GetFileName(d).Count(c => c == ':') == 1)
                    .Sum(p => double.Parse(File.ReadAllText(Path.Combine(p, "max_energy_range_uj")).Trim(), System.Globalization.CultureInfo.InvariantCulture)) / 1e6;
                return end + range - start;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return null;
            }
        }
    }

    /// <summary>NVIDIA's management library, loaded only if the driver installed it; device 0.</summary>
    private sealed class Nvml : IDisposable
    {
        private const int Success = 0;
        private readonly nint _library;
        private readonly nint _device;
        private readonly GetUtilization _getUtilization;
        private readonly GetMemory _getMemory;
        private readonly Shutdown _shutdown;

        private Nvml(nint library, nint device, GetUtilization utilization, GetMemory memory, Shutdown shutdown, string name, long memoryTotal)
        {
            _library = library;
            _device = device;
            _getUtilization = utilization;
            _getMemory = memory;
            _shutdown = shutdown;
            DeviceName = name;
            MemoryTotal = memoryTotal;
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int Init();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int Shutdown();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int GetHandle(uint index, out nint device);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int GetUtilization(nint device, out Utilization utilization);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int GetMemory(nint device, out Memory memory);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int GetName(nint device, byte[] name, uint length);

        public string DeviceName { get; }

        public long MemoryTotal { get; }

        public static Nvml? TryOpen()
        {
            if (!NativeLibrary.TryLoad("libnvidia-ml.so.1", out var library)) return null;
            try
            {
                var init = Function<Init>(library, "nvmlInit_v2");
                if (init() != Success) return null;
                var shutdown = Function<Shutdown>(library, "nvmlShutdown");
                if (Function<GetHandle>(library, "nvmlDeviceGetHandleByIndex_v2")(0, out var device) != Success)
                {
                    shutdown();
                    return null;
                }
                var buffer = new byte[96];
                var name = Function<GetName>(library, "nvmlDeviceGetName")(device, buffer, (uint)buffer.Length) == Success
                    ? System.Text.Encoding.ASCII.GetString(buffer).TrimEnd('\0')
                    : "gpu 0";
                var getMemory = Function<GetMemory>(library, "nvmlDeviceGetMemoryInfo");
                var total = getMemory(device, out var memory) == Success ? (long)memory.Total : 0;
                return new Nvml(library, device, Function<GetUtilization>(library, "nvmlDeviceGetUtilizationRates"), getMemory, shutdown, name, total);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(library);
                return null;
            }
        }

        public (double Utilization, long MemoryUsed)? Read() =>
            _getUtilization(_device, out var utilization) == Success && _getMemory(_device, out var memory) == Success
                ? (utilization.Gpu, (long)memory.Used)
                : null;

        public void Dispose()
        {
            _shutdown();
            NativeLibrary.Free(_library);
        }

        private static T Function<T>(nint library, string name) where T : Delegate =>
            Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));

        [StructLayout(LayoutKind.Sequential)]
        private struct Utilization
        {
            public uint Gpu;
            public uint Memory;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct Memory
        {
            public ulong Total;
            public ulong Free;
            public ulong Used;
        }
    }
}
