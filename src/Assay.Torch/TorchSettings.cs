using System.Globalization;
using TorchSharp;

namespace Assay.Torch;

/// <summary>libtorch settings that change speed; recorded with every benchmark.</summary>
/// <remarks>
/// libtorch's intra-op thread pool is process-wide: <c>torch.set_num_threads</c> changes it for every TorchSharp model,
/// training and benchmark in the process, not for one system. A system applies its count when it is created and again
/// before each query is prepared, so systems measured one after another each run at their own count; two measured at
/// once would not.
/// </remarks>
/// <param name="IntraOpThreads">Threads inside one operator; 0 keeps libtorch's current count (by default one per physical core).</param>
public sealed record TorchSettings(int IntraOpThreads = 0)
{
    public static readonly TorchSettings Default = new();

    /// <summary>Sets libtorch's intra-op thread count when one was asked for.</summary>
    /// <exception cref="UsageException">A negative count.</exception>
    internal void Apply()
    {
        if (IntraOpThreads < 0) throw new UsageException($"--threads: expected a count >= 0, got {IntraOpThreads}");
        if (IntraOpThreads > 0 && torch.get_num_threads() != IntraOpThreads) torch.set_num_threads(IntraOpThreads);
    }

    /// <summary>The settings in effect: thread counts as libtorch reports them (after <see cref="Apply"/>), and the count asked for (0: none).</summary>
    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["intra_op_threads"] = torch.get_num_threads().ToString(CultureInfo.InvariantCulture),
        ["intra_op_threads_requested"] = IntraOpThreads.ToString(CultureInfo.InvariantCulture),
        ["inter_op_threads"] = torch.get_num_interop_threads().ToString(CultureInfo.InvariantCulture),
        ["threads_scope"] = "process",
        ["device"] = "cpu",
        ["autograd"] = "no_grad",
    };
}
