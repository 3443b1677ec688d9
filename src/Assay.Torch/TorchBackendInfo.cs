using System.Reflection;
using Assay.Environment;
using TorchSharp;

namespace Assay.Torch;

/// <summary>TorchSharp and libtorch versions and libtorch's thread settings, for the environment record.</summary>
public sealed class TorchBackendInfo : IBackendInfo
{
    public static readonly TorchBackendInfo Instance = new();

    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    public IEnumerable<(string Name, string Version)> Versions()
    {
        yield return ("torchsharp", TorchSharpVersion);
        yield return ("libtorch", torch.__version__);
    }

    public IEnumerable<(string Name, int Count)> Threads()
    {
        yield return ("torch_intra_op", torch.get_num_threads());
        yield return ("torch_inter_op", torch.get_num_interop_threads());
    }
}
