using System.Runtime.InteropServices;

namespace Assay.Environment;

/// <summary>Where a number was measured: hardware, OS, runtime, and the versions and thread settings of the backends.</summary>
public sealed record EnvironmentInfo(
    string CpuModel,
    int LogicalCores,
    string Os,
    string Architecture,
    string Dotnet,
    string AssayVersion,
    string Hostname,
    IReadOnlyDictionary<string, string> Components,
    IReadOnlyDictionary<string, int> Threads)
{
    /// <summary>Reads this machine; <paramref name="backends"/> add their component versions and thread counts.</summary>
    public static EnvironmentInfo Capture(IEnumerable<IBackendInfo> backends)
    {
        var components = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var threads = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            foreach (var (name, version) in backend.Versions()) components[name] = version;
            foreach (var (name, count) in backend.Threads()) threads[name] = count;
        }
        return new EnvironmentInfo(
            ReadCpuModel(),
            System.Environment.ProcessorCount,
            ReadOsName(),
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            RuntimeInformation.FrameworkDescription,
            typeof(EnvironmentInfo).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            System.Environment.MachineName,
            components,
            threads);
    }

    private static string ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            foreach (var line in File.ReadLines(cpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                    return line[(colon + 1)..].Trim();
            }
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string ReadOsName()
    {
        const string osRelease = "/etc/os-release";
        if (File.Exists(osRelease))
        {
            foreach (var line in File.ReadLines(osRelease))
            {
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                    {
                    var kernel = File.Exists("/proc/sys/kernel/osrelease") ? $" (Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()})" : "";
                    return line["PRETTY_NAME=".Length..].Trim('"') + kernel;
                }
            }
        }
        return RuntimeInformation.OSDescription;
    }
}

/// <summary>What a backend contributes to the environment record.</summary>
public interface IBackendInfo
{
    /// <summary>Component versions, e.g. ("torchsharp", "0.107.0").</summary>
    IEnumerable<(string Name, string Version)> Versions();

    /// <summary>Thread settings, e.g. ("torch_intra_op", 2).</summary>
    IEnumerable<(string Name, int Count)> Threads();
}
