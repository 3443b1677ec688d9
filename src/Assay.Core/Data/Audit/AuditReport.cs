namespace Assay.Data.Audit;

/// <summary>What <see cref="DatasetAudit.Run"/> found; ids are example indices in load order.</summary>
/// <param name="NearChecked">Whether near duplicates were looked for (image-like examples only).</param>
/// <param name="NearDuplicates">Null when near duplicates were not looked for.</param>
/// <param name="Leakage">Null without a second data set.</param>
public sealed record AuditReport(
    int N,
    ClassBalance Balance,
    int NearDistance,
    bool NearChecked,
    DuplicateSummary ExactDuplicates,
    DuplicateSummary? NearDuplicates,
    LeakageReport? Leakage);

/// <summary>Examples per class.</summary>
/// <param name="ImbalanceRatio">Largest class count over smallest non-zero one; 1 is balanced; null with no examples.</param>
/// <param name="EmptyClasses">Classes with no examples, left out of the ratio.</param>
public sealed record ClassBalance(IReadOnlyList<int> Counts, IReadOnlyList<string>? Names, double? ImbalanceRatio, int EmptyClasses);

/// <summary>Duplicate groups of one kind.</summary>
/// <param name="Groups">How many groups there are.</param>
/// <param name="Examples">How many examples are in some group.</param>
/// <param name="Listed">The first groups by smallest id, capped.</param>
public sealed record DuplicateSummary(int Groups, int Examples, IReadOnlyList<DuplicateGroup> Listed);

/// <summary>Examples that duplicate one another.</summary>
/// <param name="Ids">The smallest ids, capped; <paramref name="Count"/> has them all.</param>
/// <param name="LabelsAgree">Whether every member has the same label.</param>
public sealed record DuplicateGroup(IReadOnlyList<int> Ids, int Count, bool LabelsAgree);

/// <summary>Examples of the audited set that also occur in the other set (train/test leakage).</summary>
/// <param name="OtherN">The other set's size.</param>
/// <param name="Exact">How many audited examples have an identical example in the other set.</param>
/// <param name="Near">How many audited examples, not exact, have a near duplicate in the other set.</param>
public sealed record LeakageReport(int OtherN, int Exact, int Near, IReadOnlyList<Leak> ListedExact, IReadOnlyList<Leak> ListedNear);

/// <summary>One audited example and the other set's examples it matches.</summary>
/// <param name="LabelsAgree">Whether every match has the audited example's label.</param>
public sealed record Leak(int Id, IReadOnlyList<int> OtherIds, int OtherCount, bool LabelsAgree);
