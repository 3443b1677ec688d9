namespace Assay.Metrics.Detection;

/// <summary>An object-size range over the ground truth's <c>area</c> field, inclusive at both ends (as pycocotools' <c>areaRng</c>).</summary>
public sealed record AreaRange(double Minimum, double Maximum)
{
    public bool Contains(double area) => area >= Minimum && area <= Maximum;

    public override string ToString() => $"[{Minimum}, {Maximum}]";
}

/// <summary>What a COCO box evaluation sweeps: IoU thresholds, recall points, detections kept per image and area ranges.</summary>
/// <remarks>
/// <see cref="Default"/> is pycocotools' <c>Params(iouType='bbox')</c>: IoU thresholds 0.50:0.05:0.95 and recall points
/// 0:0.01:1 built like <c>np.linspace</c> (so the 9th threshold is 0.8999999999999999, bit for bit), maxDets [1, 10, 100],
/// and areas all [0, 1e5²], small [0, 32²], medium [32², 96²], large [96², 1e5²]. The summary uses
/// <see cref="MaxDetections"/>[0], [1] and [2] for ar1, ar10 and ar100, and [2] for every other number.
/// </remarks>
public sealed record CocoEvaluationSettings
{
    public static CocoEvaluationSettings Default { get; } = new();

    /// <summary>IoU thresholds, ascending in (0, 1]; a detection matches at threshold t when IoU ≥ min(t, 1 − 1e-10).</summary>
    public IReadOnlyList<double> IouThresholds { get; init; } = Linspace(0.5, 0.95, 10);

    /// <summary>Recall points where precision is sampled (101 by default), ascending in [0, 1].</summary>
    public IReadOnlyList<double> RecallThresholds { get; init; } = Linspace(0, 1, 101);

    /// <summary>Exactly three ascending per-image, per-category detection limits (the top-scoring detections are kept).</summary>
    public IReadOnlyList<int> MaxDetections { get; init; } = [1, 10, 100];

    public AreaRange All { get; init; } = new(0, 1e5 * 1e5);

    public AreaRange Small { get; init; } = new(0, 32 * 32);

    public AreaRange Medium { get; init; } = new(32 * 32, 96 * 96);

    public AreaRange Large { get; init; } = new(96 * 96, 1e5 * 1e5);

    public CocoEvaluationSettings WithIouThresholds(params double[] thresholds) => this with { IouThresholds = [.. thresholds] };

    public CocoEvaluationSettings WithMaxDetections(int few, int some, int most) => this with { MaxDetections = [few, some, most] };

    public CocoEvaluationSettings WithAreaRanges(AreaRange small, AreaRange medium, AreaRange large) => this with { Small = small, Medium = medium, Large = large };

    /// <summary>The area ranges in pycocotools' order: all, small, medium, large.</summary>
    internal AreaRange[] AreaRanges => [All, Small, Medium, Large];

    /// <exception cref="ArgumentException">A threshold list is empty, unsorted or out of range, there are not three ascending positive limits, or a range is reversed.</exception>
    internal void Validate()
    {
        CheckAscending(IouThresholds, nameof(IouThresholds), low: 0, lowInclusive: false);
        CheckAscending(RecallThresholds, nameof(RecallThresholds), low: 0, lowInclusive: true);
        if (MaxDetections is not { Count: 3 } || MaxDetections[0] < 1 || MaxDetections[1] <= MaxDetections[0] || MaxDetections[2] <= MaxDetections[1])
            throw new ArgumentException($"{nameof(MaxDetections)}: expected three ascending positive limits such as [1, 10, 100], got [{string.Join(", ", MaxDetections ?? [])}]");
        foreach (var (name, range) in new[] { (nameof(All), All), (nameof(Small), Small), (nameof(Medium), Medium), (nameof(Large), Large) })
        {
            if (range is null || double.IsNaN(range.Minimum) || double.IsNaN(range.Maximum) || range.Minimum > range.Maximum)
                throw new ArgumentException($"{name}: expected an area range with minimum <= maximum, got {range}");
        }
    }

    /// <summary>Evenly spaced values computed as numpy's <c>linspace</c> does (start + i·step, the last one exactly stop).</summary>
    internal static double[] Linspace(double start, double stop, int count)
    {
        var values = new double[count];
        var step = (stop - start) / (count - 1);
        for (var i = 0; i < count; i++) values[i] = i * step + start;
        values[^1] = stop;
        return values;
    }

    private static void CheckAscending(IReadOnlyList<double> values, string name, double low, bool lowInclusive)
    {
        if (values is null || values.Count == 0) throw new ArgumentException($"{name}: expected at least one threshold");
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var aboveLow = lowInclusive ? value >= low : value > low;
            if (!aboveLow || !(value <= 1))
                throw new ArgumentException($"{name}[{i}]: {value} is outside {(lowInclusive ? "[" : "(")}{low}, 1]");
            if (i > 0 && value <= values[i - 1])
                throw new ArgumentException($"{name}[{i}]: {value} does not exceed the previous threshold {values[i - 1]}");
        }
    }
}
