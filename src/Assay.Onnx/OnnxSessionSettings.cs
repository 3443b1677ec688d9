using Microsoft.ML.OnnxRuntime;

namespace Assay.Onnx;

/// <summary>ONNX Runtime session settings that change speed; recorded with every benchmark.</summary>
/// <param name="IntraOpThreads">Threads inside one operator; 0 lets ONNX Runtime choose.</param>
/// <param name="InterOpThreads">Threads across independent operators; 0 lets ONNX Runtime choose.</param>
/// <param name="OptimizationLevel">disabled, basic, extended or all.</param>
/// <param name="ExecutionProvider">cpu, or another provider this ONNX Runtime build has (e.g. cuda).</param>
public sealed record OnnxSessionSettings(int IntraOpThreads = 0, int InterOpThreads = 0, string OptimizationLevel = "all", string ExecutionProvider = "cpu")
{
    public static readonly OnnxSessionSettings Default = new();

    public static IReadOnlyList<string> AvailableProviders() =>
        [.. OrtEnv.Instance().GetAvailableProviders().Select(p => p.Replace("ExecutionProvider", "", StringComparison.Ordinal).ToLowerInvariant())];

    internal SessionOptions Create()
    {
        if (IntraOpThreads < 0) throw new UsageException($"--threads: expected counts >= 0, got {IntraOpThreads}");
        if (InterOpThreads < 0) throw new UsageException($"--inter-op-threads: expected a count >= 0, got {InterOpThreads}");
        var provider = ExecutionProvider.ToLowerInvariant();
        if (provider != "cpu" && !AvailableProviders().Contains(provider))
            throw new UsageException($"--provider {ExecutionProvider}: not available in this ONNX Runtime build (available: {string.Join(", ", AvailableProviders())})");
        var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = InterOpThreads,
            GraphOptimizationLevel = OptimizationLevel.ToLowerInvariant() switch
            {
                "disabled" or "none" => GraphOptimizationLevel.ORT_DISABLE_ALL,
                "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                "all" => GraphOptimizationLevel.ORT_ENABLE_ALL,
                _ => throw new UsageException($"--optimization: expected disabled, basic, extended or all, got '{OptimizationLevel}'"),
            },
        };
        try
        {
            switch (ExecutionProvider.ToLowerInvariant())
            {
                case "cpu":
                    break;
                case "cuda":
                    options.AppendExecutionProvider_CUDA();
                    break;
                default:
                    throw new UsageException($"--provider: unknown execution provider '{ExecutionProvider}' (this build has: {string.Join(", ", AvailableProviders())})");
            }
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException)
        {
            options.Dispose();
            throw new UsageException($"--provider {ExecutionProvider}: not available in this ONNX Runtime build ({e.Message.Split('\n')[0].TrimEnd('.')}); available: {string.Join(", ", AvailableProviders())}", e);
        }
        return options;
    }

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["intra_op_threads"] = IntraOpThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["inter_op_threads"] = InterOpThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["optimization"] = OptimizationLevel,
        ["provider"] = ExecutionProvider,
    };
}
