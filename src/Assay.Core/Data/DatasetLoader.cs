using System.Collections.Concurrent;

namespace Assay.Data;

/// <summary>Resolves a data set reference (see <see cref="DatasetReference"/>): <c>digits</c>, <c>FORMAT:PATH[?options]</c>, or a path whose format is detected.</summary>
/// <remarks>
/// Formats and their options: <c>builtin</c> (digits), <c>idx</c>, <c>cifar10</c>, <c>cifar100</c> (<c>label=fine|coarse</c>),
/// <c>npy</c> (<c>labels=PATH</c>). A single file (IDX images file, <c>.npy</c>) is one set: the split is ignored.
/// Further formats (e.g. <c>imagefolder</c> from Assay.Imaging) are plugged in with <see cref="Register"/>.
/// </remarks>
public static class DatasetLoader
{
    /// <summary>The split the built-in digits set uses for <c>train</c>/<c>test</c>: the default spec's holdout.</summary>
    public static readonly StratifiedHoldout DigitsHoldout = new(0.2, 42);

    private static readonly string[] BuiltInFormats = ["builtin", "idx", "cifar10", "cifar100", "npy"];
    private static readonly ConcurrentDictionary<string, IDatasetFormat> Registered = new(StringComparer.Ordinal);

    /// <summary>Adds a format; registering the same name again replaces it. Thread-safe.</summary>
    /// <exception cref="ArgumentException">The name is a built-in format's or not lower-case letters and digits.</exception>
    public static void Register(IDatasetFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var name = format.Name;
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetterLower(name[0]) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            throw new ArgumentException($"format name '{name}' is not lower-case letters and digits", nameof(format));
        if (BuiltInFormats.Contains(name, StringComparer.Ordinal)) throw new ArgumentException($"format '{name}' is built in", nameof(format));
        Registered[name] = format;
    }

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
        IDatasetFormat? plugin = null;
        if (format is not (null or "idx" or "cifar10" or "cifar100" or "npy") && !Registered.TryGetValue(format, out plugin))
            throw new UsageException($"--data: unknown format '{format}' in '{text}' (known: {string.Join(", ", Formats)})");

        if (format is null)
        {
            if (!File.Exists(path) && !Directory.Exists(path)) throw new DataException($"{path}: no such file or folder");
            format = Detect(path)
                ?? throw new DataException($"{path}: data format not recognized (expected IDX files such as t10k-images-idx3-ubyte.gz, a CIFAR-10 or CIFAR-100 binary folder, a .npy file{(Registered.IsEmpty ? "" : $" or {string.Join(", ", Registered.Keys.Order(StringComparer.Ordinal))} data")}; or write FORMAT:PATH)");
            Registered.TryGetValue(format, out plugin);
        }
        if (plugin is not null) return plugin.Load(reference, split);
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
    public static IReadOnlyList<string> Formats => [.. BuiltInFormats, .. Registered.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The format of an existing path: IDX files, a CIFAR-10 or CIFAR-100 folder, a <c>.npy</c> file, or a registered format's; null if none.</summary>
    public static string? Detect(string path)
    {
        if (IdxDataset.Recognizes(path)) return "idx";
        if (Directory.Exists(path))
        {
            if (CifarDataset.RecognizesCifar10(path)) return "cifar10";
            if (CifarDataset.RecognizesCifar100(path)) return "cifar100";
        }
        else if (File.Exists(path) && path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) return "npy";
        foreach (var name in Registered.Keys.Order(StringComparer.Ordinal))
        {
            if (Registered.TryGetValue(name, out var plugin) && plugin.Recognizes(path)) return name;
        }
        return null;
    }
}
