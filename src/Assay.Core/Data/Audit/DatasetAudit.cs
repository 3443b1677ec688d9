using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Assay.Data.Audit;

/// <summary>Settings of <see cref="DatasetAudit"/>.</summary>
/// <param name="NearDistance">Largest Hamming distance (of 64 bits) between perceptual hashes that counts as a near duplicate.</param>
/// <param name="MaxListed">How many findings, and ids per finding, are listed; totals count them all.</param>
public sealed record AuditOptions(int NearDistance = 5, int MaxListed = 20)
{
    public static AuditOptions Default { get; } = new();
}

/// <summary>Checks a data set for class imbalance, exact and near duplicates, and (against another set) leakage.</summary>
/// <remarks>
/// Exact duplicates: examples whose values are identical (SHA-256 of the float32 values, -0 as 0 and one NaN), labels aside.
/// Near duplicates (image-like examples only: shape [C, H, W] with H, W &gt;= 8): the average hash, i.e. the example
/// averaged over channels (luma weights 0.299, 0.587, 0.114 for 3 channels, the plain mean otherwise), box-averaged to
/// 8x8, each cell a bit set when above the mean of the 64 cells; two examples are near duplicates when their hashes
/// differ in at most <see cref="AuditOptions.NearDistance"/> bits and their values are not identical. Near-duplicate
/// groups are the connected components of that relation. Flat images (one colour) all hash to zero, so they are near
/// duplicates of each other whatever the colour. Comparison is all distinct hash pairs: quadratic in distinct hashes.
/// </remarks>
public static class DatasetAudit
{
    private const int HashSide = 8;

    public static AuditReport Run(Dataset data, Dataset? against = null, AuditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= AuditOptions.Default;
        if (options.NearDistance is < 0 or > 64) throw new ArgumentOutOfRangeException(nameof(options), "near distance must be 0 .. 64");
        if (options.MaxListed < 0) throw new ArgumentOutOfRangeException(nameof(options), "max listed must be >= 0");

        var digests = Digests(data);
        var hashes = PerceptualHashes(data);
        var exact = ExactGroups(data, digests);
        var near = hashes is null ? null : NearGroups(data, digests, hashes, options.NearDistance);
        LeakageReport? leakage = null;
        if (against is not null)
        {
            var otherDigests = Digests(against);
            var otherHashes = hashes is null ? null : PerceptualHashes(against);
            leakage = Leakage(data, digests, hashes, against, otherDigests, otherHashes, options);
        }
        return new AuditReport(data.Count, Balance(data), options.NearDistance, near is not null,
            Summarize(exact, data, options.MaxListed), near is null ? null : Summarize(near, data, options.MaxListed), leakage);
    }

    /// <summary>The 64-bit average hash of one example of shape [C, H, W] (H, W &gt;= 8), see the remarks of <see cref="DatasetAudit"/>.</summary>
    public static ulong AverageHash(ReadOnlySpan<float> example, int channels, int height, int width)
    {
        Span<double> cells = stackalloc double[HashSide * HashSide];
        Span<int> counts = stackalloc int[HashSide * HashSide];
        cells.Clear();
        counts.Clear();
        ReadOnlySpan<double> luma = [0.299, 0.587, 0.114];
        var plane = height * width;
        for (var y = 0; y < height; y++)
        {
            var cy = y * HashSide / height;
            for (var x = 0; x < width; x++)
            {
                double grey = 0;
                for (var c = 0; c < channels; c++)
                    grey += example[c * plane + y * width + x] * (channels == 3 ? luma[c] : 1.0 / channels);
                var cell = cy * HashSide + x * HashSide / width;
                cells[cell] += grey;
                counts[cell]++;
            }
        }
        double mean = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] /= counts[i];
            mean += cells[i];
        }
        mean /= cells.Length;
        ulong hash = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] > mean) hash |= 1UL << i;
        }
        return hash;
    }

    private static ClassBalance Balance(Dataset data)
    {
        var counts = data.ClassCounts();
        var present = counts.Where(c => c > 0).ToArray();
        double? ratio = present.Length == 0 ? null : present.Max() / (double)present.Min();
        return new ClassBalance(counts, data.ClassNames, ratio, counts.Count(c => c == 0));
    }

    private static byte[][] Digests(Dataset data)
    {
        var digests = new byte[data.Count][];
        var shape = new byte[4 * data.ExampleShape.Length];
        for (var d = 0; d < data.ExampleShape.Length; d++) BinaryPrimitives.WriteInt32LittleEndian(shape.AsSpan(4 * d), data.ExampleShape[d]);
        Parallel.For(0, data.Count, () => new byte[shape.Length + data.ExampleSize * 4], (i, _, buffer) =>
        {
            shape.CopyTo(buffer, 0);
            var example = data.Example(i);
            for (var j = 0; j < example.Length; j++)
            {
                var value = example[j];
                var bits = float.IsNaN(value) ? 0x7FC00000 : value == 0 ? 0 : BitConverter.SingleToInt32Bits(value);
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(shape.Length + j * 4), bits);
            }
            digests[i] = SHA256.HashData(buffer);
            return buffer;
        }, _ => { });
        return digests;
    }

    private static ulong[]? PerceptualHashes(Dataset data)
    {
        if (data.ExampleShape is not [var channels, var height, var width] || height < HashSide || width < HashSide) return null;
        var hashes = new ulong[data.Count];
        Parallel.For(0, data.Count, i => hashes[i] = AverageHash(data.Example(i), channels, height, width));
        return hashes;
    }

    private static List<List<int>> ExactGroups(Dataset data, byte[][] digests)
    {
        var byDigest = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < data.Count; i++)
        {
            var key = Convert.ToHexString(digests[i]);
            if (!byDigest.TryGetValue(key, out var ids)) byDigest[key] = ids = [];
            ids.Add(i);
        }
        return [.. byDigest.Values.Where(g => g.Count > 1).OrderBy(g => g[0])];
    }

    private static List<List<int>> NearGroups(Dataset data, byte[][] digests, ulong[] hashes, int distance)
    {
        var parent = Enumerable.Range(0, data.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        void Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }

        var byHash = Enumerable.Range(0, data.Count).GroupBy(i => hashes[i]).Select(g => g.ToArray()).ToArray();
        foreach (var group in byHash)
        {
            for (var k = 1; k < group.Length; k++) Union(group[0], group[k]);
        }
        for (var a = 0; a < byHash.Length; a++)
        {
            for (var b = a + 1; b < byHash.Length; b++)
            {
                if (BitOperations.PopCount(hashes[byHash[a][0]] ^ hashes[byHash[b][0]]) <= distance) Union(byHash[a][0], byHash[b][0]);
            }
        }
        // A component whose members are all identical is an exact duplicate, not a near one.
        return [.. Enumerable.Range(0, data.Count).GroupBy(Find).Select(g => g.ToList())
            .Where(g => g.Count > 1 && g.Select(i => Convert.ToHexString(digests[i])).Distinct(StringComparer.Ordinal).Count() > 1)
            .OrderBy(g => g[0])];
    }

    private static DuplicateSummary Summarize(List<List<int>> groups, Dataset data, int maxListed) => new(
        groups.Count,
        groups.Sum(g => g.Count),
        [.. groups.Take(maxListed).Select(g => new DuplicateGroup([.. g.Take(maxListed)], g.Count, g.All(i => data.Labels[i] == data.Labels[g[0]])))]);

    private static LeakageReport Leakage(Dataset data, byte[][] digests, ulong[]? hashes, Dataset other, byte[][] otherDigests, ulong[]? otherHashes, AuditOptions options)
    {
        var otherByDigest = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var j = 0; j < other.Count; j++)
        {
            var key = Convert.ToHexString(otherDigests[j]);
            if (!otherByDigest.TryGetValue(key, out var ids)) otherByDigest[key] = ids = [];
            ids.Add(j);
        }
        var otherByHash = otherHashes is null ? null : Enumerable.Range(0, other.Count).GroupBy(j => otherHashes[j]).ToDictionary(g => g.Key, g => g.ToList());

        var exact = new List<Leak>();
        var near = new List<Leak>();
        for (var i = 0; i < data.Count; i++)
        {
            if (otherByDigest.TryGetValue(Convert.ToHexString(digests[i]), out var same))
            {
                exact.Add(Found(i, same));
                continue;
            }
            if (hashes is null || otherByHash is null) continue;
            var matches = otherByHash.Where(p => BitOperations.PopCount(p.Key ^ hashes[i]) <= options.NearDistance).SelectMany(p => p.Value).Order().ToList();
            if (matches.Count > 0) near.Add(Found(i, matches));
        }
        return new LeakageReport(other.Count, exact.Count, near.Count, [.. exact.Take(options.MaxListed)], [.. near.Take(options.MaxListed)]);

        Leak Found(int i, List<int> matches) =>
            new(i, [.. matches.Take(options.MaxListed)], matches.Count, matches.All(j => other.Labels[j] == data.Labels[i]));
    }
}
