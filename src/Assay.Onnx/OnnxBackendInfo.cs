using Assay.Environment;
using Microsoft.ML.OnnxRuntime;

namespace Assay.Onnx;

/// <summary>The ONNX Runtime version, for the environment record.</summary>
public sealed class OnnxBackendInfo : IBackendInfo
{
    public static readonly OnnxBackendInfo Instance = new();

    public IEnumerable<(string Name, string Version)> Versions()
    {
        yield return ("onnxruntime", OrtEnv.Instance().GetVersionString());
    }

    public IEnumerable<(string Name, int Count)> Threads() => [];
}
