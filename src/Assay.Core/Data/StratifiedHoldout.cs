namespace Assay.Data;

/// <summary>A seeded, stratified train/test split: each class keeps its proportion in both parts.</summary>
/// <remarks>
/// As scikit-learn's <c>train_test_split(stratify=y)</c>: the test part has ceil(n x fraction) examples, shared among the
/// classes in proportion to their counts (largest remainders get the leftover places, ties to the smaller class label);
/// which examples go is decided by a seeded shuffle, so the same seed always gives the same split.
/// </remarks>
public sealed record StratifiedHoldout(double TestFraction, int Seed)
{
    public (int[] Train, int[] Test) Split(IReadOnlyList<int> labels)
    {
        if (TestFraction is <= 0 or >= 1)
            throw new UsageException($"split.test_fraction: expected a value strictly between 0 and 1, got {TestFraction}");
        var groups = labels.Select((label, index) => (label, index))
            .GroupBy(p => p.label)
            .OrderBy(g => g.Key)
            .Select(g => g.Select(p => p.index).ToArray())
            .ToList();
        var testTotal = (int)Math.Ceiling(labels.Count * TestFraction);
        var quotas = Allocate(groups.Select(g => g.Length).ToArray(), testTotal, labels.Count);

        var random = new Random(Seed);
        var train = new List<int>();
        var test = new List<int>();
        for (var c = 0; c < groups.Count; c++)
        {
            var members = groups[c];
            random.Shuffle(members);
            test.AddRange(members.Take(quotas[c]));
            train.AddRange(members.Skip(quotas[c]));
        }
        train.Sort();
        test.Sort();
        return ([.. train], [.. test]);
    }

    /// <summary>Shares <paramref name="total"/> places among classes in proportion to their counts (largest remainder).</summary>
    private static int[] Allocate(int[] counts, int total, int n)
    {
        var exact = counts.Select(c => (double)c * total / n).ToArray();
        var quotas = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = total - quotas.Sum();
        foreach (var c in Enumerable.Range(0, counts.Length).OrderByDescending(c => exact[c] - quotas[c]).ThenBy(c => c))
        {
            if (left == 0) break;
            if (quotas[c] < counts[c])
            {
                quotas[c]++;
                left--;
            }
        }
        return quotas;
    }
}
