namespace Assay.Data;

/// <summary>Resolves a data set reference (see <see cref="DatasetReference"/>): <c>digits</c>, <c>FORMAT:PATH[?options]</c>, or a path whose format is detected.</summary>
/// <remarks>
/// Formats and their options: <c>builtin</c> (digits), <c>idx</c>, <c>cifar10</c>, <c>cifar100</c> (<c>label=fine|coarse</c>),
/// <c>npy</c> (<c>labels=PATH</c>). A single file (IDX images file, <c>.npy</c>) is one set: the split is ignored.
/// </remarks>
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

    private static Dataset LoadRaw(string text, string split)
    {
        var reference = DatasetReference.Parse(text);
        var format = reference.Format;
        var path = reference.Path;

        if (format is "builtin" || format is null && path == DigitsDataset.Name)
        {
            if (format is "builtin" && path != DigitsDataset.Name) throw new UsageException($"--data: unknown built-in data set '{path}' (built in: digits)");
            reference.AllowOptions("built-in");
            var all = DigitsDataset.Load();
            return split switch
            {
                "all" => all,
                "train" => all.Subset(DigitsHoldout.Split(all.Labels).Train, "digits:train"),
                "test" => all.Subset(DigitsHoldout.Split(all.Labels).Test, "digits:test"),
                _ => throw new UsageException($"--split: expected train, test or all, got '{split}'"),
            };
        }
        if (format is not (null or "idx" or "cifar10" or "cifar100" or "npy"))
            throw new UsageException($"--data: unknown format '{format}' in '{text}' (known: {string.Join(", ", Formats)})");

        if (format is null)
        {
            if (!File.Exists(path) && !Directory.Exists(path)) throw new DataException($"{path}: no such file or folder");
            format = Detect(path)
                ?? throw new DataException($"{path}: data format not recognized (expected IDX files such as t10k-images-idx3-ubyte.gz, a CIFAR-10 or CIFAR-100 binary folder, or a .npy file; or write FORMAT:PATH)");
        }
        switch (format)
        {
            case "idx":
                reference.AllowOptions("IDX");
                return IdxDataset.Load(path, split);
            case "cifar10":
                reference.AllowOptions("CIFAR-10");
                return CifarDataset.LoadCifar10(path, split);
            case "cifar100":
                reference.AllowOptions("CIFAR-100", "label");
                var label = reference.Option("label") switch
                {
                    null or "fine" => CifarLabel.Fine,
                    "coarse" => CifarLabel.Coarse,
                    var other => throw new UsageException($"--data: option label: expected fine or coarse, got '{other}'"),
                };
                return CifarDataset.LoadCifar100(path, split, label);
            default:
                reference.AllowOptions(".npy", "labels");
                return NpyDataset.Load(path, reference.Option("labels"));
        }
    }

    /// <summary>The formats a reference can name.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["builtin", "idx", "cifar10", "cifar100", "npy"];

    /// <summary>The format of an existing path: IDX files, a CIFAR-10 or CIFAR-100 folder, or a <c>.npy</c> file; null if none.</summary>
    public static string? Detect(string path)
    {
        if (IdxDataset.Recognizes(path)) return "idx";
        if (Directory.Exists(path))
        {
            if (CifarDataset.RecognizesCifar10(path)) return "cifar10";
            if (CifarDataset.RecognizesCifar100(path)) return "cifar100";
            return null;
        }
        return File.Exists(path) && path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? "npy" : null;
    }
}
