using Assay.Data;
using Assay.Data.Audit;

namespace Assay.Core.Tests.Data.Audit;

public class DatasetAuditTests
{
    /// <summary>A [1, 8, 8] image: a diagonal gradient shifted by <paramref name="pattern"/>, so patterns differ in hash.</summary>
    private static float[] Image(int pattern, float noise = 0, int seed = 0)
    {
        var random = new Random(seed);
        var pixels = new float[64];
        for (var i = 0; i < 64; i++)
        {
            var (y, x) = (i / 8, i % 8);
            pixels[i] = ((x * (pattern + 1) + y * (pattern + 3)) % 8) / 8f + (noise == 0 ? 0 : (float)(random.NextDouble() - 0.5) * noise);
        }
        return pixels;
    }

    private static Dataset Make(int[] labels, params float[][] images) =>
        new("hand", [.. images.SelectMany(i => i)], labels, [1, 8, 8], 3);

    [Fact]
    public void Exact_duplicates_are_grouped_and_say_whether_labels_agree()
    {
        var data = Make([0, 1, 0, 2, 1], Image(0), Image(1), Image(0), Image(2), Image(2));
        var report = DatasetAudit.Run(data);
        Assert.Equal(2, report.ExactDuplicates.Groups);
        Assert.Equal(4, report.ExactDuplicates.Examples);
        Assert.Equal([0, 2], report.ExactDuplicates.Listed[0].Ids);
        Assert.True(report.ExactDuplicates.Listed[0].LabelsAgree);
        Assert.Equal([3, 4], report.ExactDuplicates.Listed[1].Ids);
        Assert.False(report.ExactDuplicates.Listed[1].LabelsAgree);
        Assert.Equal(0, report.NearDuplicates!.Groups);
    }

    [Fact]
    public void A_copy_with_a_little_noise_is_a_near_duplicate_not_an_exact_one()
    {
        var data = Make([0, 0, 1], Image(0), Image(1), Image(0, noise: 0.02f, seed: 7));
        var report = DatasetAudit.Run(data);
        Assert.True(report.NearChecked);
        Assert.Equal(0, report.ExactDuplicates.Groups);
        var group = Assert.Single(report.NearDuplicates!.Listed);
        Assert.Equal([0, 2], group.Ids);
        Assert.False(group.LabelsAgree);
        Assert.True(DatasetAudit.AverageHash(Image(0), 1, 8, 8) != DatasetAudit.AverageHash(Image(1), 1, 8, 8));
    }

    [Fact]
    public void Leakage_lists_examples_that_occur_in_the_other_set()
    {
        var train = Make([0, 1, 2, 0], Image(0), Image(1), Image(2), Image(3, noise: 0.02f, seed: 1));
        var test = Make([1, 0, 2], Image(4), Image(0), Image(3));
        var leakage = DatasetAudit.Run(train, test).Leakage!;
        Assert.Equal(3, leakage.OtherN);
        Assert.Equal(1, leakage.Exact);
        Assert.Equal(new Leak(0, [1], 1, true), leakage.ListedExact[0] with { OtherIds = [.. leakage.ListedExact[0].OtherIds] }, LeakComparer.Instance);
        Assert.Equal(1, leakage.Near);
        Assert.Equal(3, leakage.ListedNear[0].Id);
        Assert.Equal([2], leakage.ListedNear[0].OtherIds);
        Assert.False(leakage.ListedNear[0].LabelsAgree);
    }

    [Fact]
    public void Imbalance_is_largest_over_smallest_non_empty_class()
    {
        var data = new Dataset("flat", new float[7 * 2], [0, 0, 0, 0, 0, 0, 2], [2], 3);
        var report = DatasetAudit.Run(data);
        Assert.Equal([6, 0, 1], report.Balance.Counts);
        Assert.Equal(6.0, report.Balance.ImbalanceRatio);
        Assert.Equal(1, report.Balance.EmptyClasses);
        // Not image data: exact duplicates only.
        Assert.False(report.NearChecked);
        Assert.Null(report.NearDuplicates);
        Assert.Equal(7, report.ExactDuplicates.Examples);
        Assert.False(report.ExactDuplicates.Listed[0].LabelsAgree);
    }

    [Fact]
    public void Listed_findings_and_ids_are_capped_but_totals_are_not()
    {
        var data = new Dataset("same", new float[50], Enumerable.Repeat(0, 50).ToArray(), [1], 1);
        var group = Assert.Single(DatasetAudit.Run(data, options: new AuditOptions(MaxListed: 3)).ExactDuplicates.Listed);
        Assert.Equal([0, 1, 2], group.Ids);
        Assert.Equal(50, group.Count);
    }

    private sealed class LeakComparer : IEqualityComparer<Leak>
    {
        public static LeakComparer Instance { get; } = new();

        public bool Equals(Leak? x, Leak? y) => x is not null && y is not null && x.Id == y.Id && x.OtherIds.SequenceEqual(y.OtherIds)
            && x.OtherCount == y.OtherCount && x.LabelsAgree == y.LabelsAgree;

        public int GetHashCode(Leak obj) => obj.Id;
    }
}
