using System.Globalization;
using System.Text.RegularExpressions;

namespace Assay.Data;

/// <summary>Which CIFAR label a CIFAR-100 example is given: the 100 fine classes or the 20 coarse superclasses.</summary>
public enum CifarLabel
{
    Fine,
    Coarse,
}

/// <summary>Loads CIFAR-10 and CIFAR-100 from the official binary batch files.</summary>
/// <remarks>
/// A CIFAR-10 record is 1 label byte then 3,072 pixel bytes: the red plane, the green plane, the blue plane, each 32x32
/// row-major. Train is <c>data_batch_1.bin</c> .. <c>data_batch_5.bin</c> (every <c>data_batch_K.bin</c> present, in
/// order of K), test is <c>test_batch.bin</c>; class names come from <c>batches.meta.txt</c> when present.
/// A CIFAR-100 record is 1 coarse label byte, 1 fine label byte, then the same 3,072 pixel bytes; train is
/// <c>train.bin</c>, test is <c>test.bin</c>; names come from <c>fine_label_names.txt</c> / <c>coarse_label_names.txt</c>.
/// Examples are float32 [3, 32, 32] (already channel-first, as stored), pixels scaled by 1/255 to [0, 1].
/// The split <c>all</c> is train followed by test.
/// </remarks>
public static partial class CifarDataset
{
    public const int Channels = 3;
    public const int Side = 32;
    public const int PixelBytes = Channels * Side * Side;

    /// <summary>The folder name of the official CIFAR-10 binary download.</summary>
    public const string Cifar10FolderName = "cifar-10-batches-bin";

    /// <summary>The folder name of the official CIFAR-100 binary download.</summary>
    public const string Cifar100FolderName = "cifar-100-binary";

    /// <summary>Loads one split of CIFAR-10 from a <c>cifar-10-batches-bin</c> folder (or the folder that holds it).</summary>
    public static Dataset LoadCifar10(string folder, string split)
    {
        folder = Descend(folder, Cifar10FolderName);
        var files = split switch
        {
            "train" => TrainBatches(folder),
            "test" => [Require(folder, "test_batch.bin", "CIFAR-10")],
            "all" => [.. TrainBatches(folder), Require(folder, "test_batch.bin", "CIFAR-10")],
            _ => throw new UsageException($"--split: expected train, test or all for CIFAR-10, got '{split}'"),
        };
        var names = ReadNames(Path.Combine(folder, "batches.meta.txt"), 10);
        return Read(files, labelBytes: 1, labelOffset: 0, numClasses: 10, $"{DisplayName(folder)}:{split}", names);
    }

    /// <summary>Loads one split of CIFAR-100 from a <c>cifar-100-binary</c> folder (or the folder that holds it).</summary>
    public static Dataset LoadCifar100(string folder, string split, CifarLabel label = CifarLabel.Fine)
    {
        folder = Descend(folder, Cifar100FolderName);
        if (!Directory.Exists(folder)) throw new DataException($"{folder}: no such folder");
        if (!File.Exists(Path.Combine(folder, "train.bin")) && !File.Exists(Path.Combine(folder, "test.bin")))
            throw new DataException($"{folder}: no CIFAR-100 batch files (expected train.bin and test.bin, the {Cifar100FolderName} layout)");
        var files = split switch
        {
            "train" => [Require(folder, "train.bin", "CIFAR-100")],
            "test" => [Require(folder, "test.bin", "CIFAR-100")],
            "all" => new[] { Require(folder, "train.bin", "CIFAR-100"), Require(folder, "test.bin", "CIFAR-100") },
            _ => throw new UsageException($"--split: expected train, test or all for CIFAR-100, got '{split}'"),
        };
        var (numClasses, namesFile, offset) = label == CifarLabel.Fine ? (100, "fine_label_names.txt", 1) : (20, "coarse_label_names.txt", 0);
        var names = ReadNames(Path.Combine(folder, namesFile), numClasses);
        return Read(files, labelBytes: 2, labelOffset: offset, numClasses, $"{DisplayName(folder)}:{split}", names);
    }

    /// <summary>Whether <paramref name="folder"/> (or its official sub-folder) holds CIFAR-10 batch files.</summary>
    public static bool RecognizesCifar10(string folder)
    {
        folder = Descend(folder, Cifar10FolderName);
        return File.Exists(Path.Combine(folder, "data_batch_1.bin")) || File.Exists(Path.Combine(folder, "test_batch.bin"));
    }

    /// <summary>Whether <paramref name="folder"/> (or its official sub-folder) holds CIFAR-100 <c>train.bin</c> and <c>test.bin</c>.</summary>
    public static bool RecognizesCifar100(string folder)
    {
        folder = Descend(folder, Cifar100FolderName);
        return File.Exists(Path.Combine(folder, "train.bin")) && File.Exists(Path.Combine(folder, "test.bin"));
    }

    // The archives unpack into a named sub-folder; accepting its parent saves the user one path segment.
    private static string Descend(string folder, string official)
    {
        var inner = Path.Combine(folder, official);
        return Directory.Exists(inner) ? inner : folder;
    }

    private static string DisplayName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));

    private static string[] TrainBatches(string folder)
    {
        if (!Directory.Exists(folder)) throw new DataException($"{folder}: no such folder");
        var batches = Directory.EnumerateFiles(folder)
            .Select(f => (Path: f, Match: TrainBatchName().Match(Path.GetFileName(f))))
            .Where(f => f.Match.Success)
            .OrderBy(f => int.Parse(f.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(f => f.Path)
            .ToArray();
        if (batches.Length == 0)
            throw new DataException($"{folder}: no CIFAR-10 batch files (expected data_batch_1.bin .. data_batch_5.bin and test_batch.bin, the {Cifar10FolderName} layout)");
        return batches;
    }

    private static string Require(string folder, string name, string set)
    {
        if (!Directory.Exists(folder)) throw new DataException($"{folder}: no such folder");
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            var expected = set == "CIFAR-10"
                ? $"data_batch_1.bin .. data_batch_5.bin and test_batch.bin, the {Cifar10FolderName} layout"
                : $"train.bin and test.bin, the {Cifar100FolderName} layout";
            throw new DataException($"{folder}: no {name} ({set} batch files expected: {expected})");
        }
        return path;
    }

    private static Dataset Read(IReadOnlyList<string> files, int labelBytes, int labelOffset, int numClasses, string name, IReadOnlyList<string>? classNames)
    {
        var recordSize = labelBytes + PixelBytes;
        var contents = new List<byte[]>(files.Count);
        long total = 0;
        foreach (var file in files)
        {
            var bytes = ReadAll(file);
            var remainder = bytes.Length % recordSize;
            if (remainder != 0)
                throw new DataException($"{file}: length {bytes.Length} is not a multiple of the record size {recordSize} bytes ({labelBytes} label + {PixelBytes} pixel bytes; {remainder} bytes left over)");
            if (bytes.Length == 0) throw new DataException($"{file}: holds no records");
            contents.Add(bytes);
            total += bytes.Length / recordSize;
        }
        if (total * PixelBytes > Array.MaxLength) throw new DataException($"{files[0]}: {total} examples are more than one data set can hold in memory");

        var features = new float[total * PixelBytes];
        var labels = new int[total];
        var example = 0;
        for (var f = 0; f < files.Count; f++)
        {
            var bytes = contents[f];
            var records = bytes.Length / recordSize;
            for (var r = 0; r < records; r++, example++)
            {
                var record = bytes.AsSpan(r * recordSize, recordSize);
                int label = record[labelOffset];
                if (label >= numClasses)
                    throw new DataException($"{files[f]}: record {r}: label {label} is out of range (expected 0..{numClasses - 1})");
                labels[example] = label;
                var pixels = record[labelBytes..];
                var output = features.AsSpan(example * PixelBytes, PixelBytes);
                // Stored R, G, B planes are already channel-first: copy in order.
                for (var i = 0; i < PixelBytes; i++) output[i] = pixels[i] / 255f;
            }
        }
        return new Dataset(name, features, labels, [Channels, Side, Side], numClasses, classNames);
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>One class name a line, blank lines skipped (the official meta files end with some); null when the file is absent.</summary>
    private static string[]? ReadNames(string path, int expected)
    {
        if (!File.Exists(path)) return null;
        string[] names;
        try
        {
            names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read ({e.Message.TrimEnd('.')})", e);
        }
        if (names.Length != expected)
            throw new DataException($"{path}: expected {expected} class names (one a line), got {names.Length}");
        return names;
    }

    [GeneratedRegex(@"^data_batch_(\d+)\.bin$", RegexOptions.CultureInvariant)]
    private static partial Regex TrainBatchName();
}
