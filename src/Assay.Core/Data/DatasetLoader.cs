namespace Assay.Data;

/// <summary>Resolves a data set reference: <c>digits</c> (built in), <c>idx:PATH</c>, or a path whose format is recognized.</summary>
public static class DatasetLoader
{
    /// <summary>The split the built-in digits set uses for <c>train</c>/<c>test</c>: the default spec's holdout.</summary>
    public static readonly StratifiedHoldout DigitsHoldout = new(0.2, 42);

    /// <param name="reference">The data reference as the user wrote it.</param>
    /// <param name="split"><c>train</c>, <c>test</c> or <c>all</c> (<c>all</c> only for sets without fixed splits).</param>
    public static Dataset Load(string reference, string split, ChannelNormalization? normalization = null)
    {
        var dataset = LoadRaw(reference, split);
        normalization?.Apply(dataset);
        return dataset;
    }

    private static Dataset LoadRaw(string reference, string split)
    {
        if (string.IsNullOrWhiteSpace(reference)) throw new UsageException("--data: expected a data set reference (digits, idx:PATH or a path)");
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        var format = colon > 1 ? reference[..colon].ToLowerInvariant() : null;
        var path = format is null ? reference : reference[(colon + 1)..];

        if (format is "builtin" || format is null && reference == DigitsDataset.Name)
        {
            if (format is "builtin" && path != DigitsDataset.Name) throw new UsageException($"--data: unknown built-in data set '{path}' (built in: digits)");
            var all = DigitsDataset.Load();
            return split switch
            {
                "all" => all,
                "train" => all.Subset(DigitsHoldout.Split(all.Labels).Train, "digits:train"),
                "test" => all.Subset(DigitsHoldout.Split(all.Labels).Test, "digits:test"),
                _ => throw new UsageException($"--split: expected train, test or all, got '{split}'"),
            };
        }
        if (format is "idx") return IdxDataset.Load(path, split);
        if (format is not null) throw new UsageException($"--data: unknown format '{format}' in '{reference}' (known: builtin, idx)");

        if (!File.Exists(path) && !Directory.Exists(path)) throw new DataException($"{path}: no such file or folder");
        if (IdxDataset.Recognizes(path)) return IdxDataset.Load(path, split);
        throw new DataException($"{path}: data format not recognized (expected IDX files such as t10k-images-idx3-ubyte.gz; or write idx:PATH)");
    }
}
