using System.Diagnostics;

namespace Assay.Tracking;

/// <summary>Which process owns a running run, so a store can tell a live run from one whose process was killed.</summary>
public static class RunOwner
{
    /// <summary>Whether process <paramref name="pid"/> on this host still runs and is the one that started the run.</summary>
    /// <remarks>A reused pid belongs to a process that started after the run did (one second of clock slack).</remarks>
    public static bool IsAlive(int pid, DateTimeOffset runStarted)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.StartTime.ToUniversalTime() <= runStarted.UtcDateTime.AddSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }
}
