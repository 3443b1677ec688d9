namespace Assay.Data;

/// <summary>Per-channel (x - mean) / std applied after scaling to [0, 1].</summary>
public sealed record ChannelNormalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    /// <summary>Applies the normalization in place to channel-first examples.</summary>
    public void Apply(Dataset dataset)
    {
        var channels = dataset.ExampleShape[0];
        if (Mean.Count != channels && Mean.Count != 1 || Std.Count != Mean.Count)
            throw new UsageException($"--mean/--std: expected 1 or {channels} values each (one per channel of {dataset.Name}), got {Mean.Count} and {Std.Count}");
        foreach (var s in Std)
        {
            if (!(s > 0) || !float.IsFinite(s)) throw new UsageException($"--std: expected positive finite values, got {s}");
        }
        var plane = dataset.ExampleSize / channels;
        var features = dataset.Features;
        for (var example = 0; example < dataset.Count; example++)
        {
            for (var c = 0; c < channels; c++)
            {
                var mean = Mean[Mean.Count == 1 ? 0 : c];
                var std = Std[Std.Count == 1 ? 0 : c];
                var span = features.AsSpan(example * dataset.ExampleSize + c * plane, plane);
                for (var i = 0; i < span.Length; i++) span[i] = (span[i] - mean) / std;
            }
        }
    }
}
