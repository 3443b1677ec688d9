namespace Assay.Metrics.Detection;

/// <summary>What a detection counts as at one IoU threshold and area range.</summary>
internal enum MatchOutcome : byte
{
    FalsePositive,
    TruePositive,

    /// <summary>Neither: matched a crowd or out-of-range ground truth, or unmatched and itself outside the area range.</summary>
    Ignored,
}

/// <summary>The per-image matching results of one category: each kept detection's score, rank in its image and outcomes, and the counted ground truths per area range.</summary>
internal sealed class CategoryMatches(int areaCount, int thresholdCount)
{
    private readonly int[] _groundTruths = new int[areaCount];
    private double[] _scores = new double[256];
    private int[] _ranks = new int[256];
    private MatchOutcome[] _outcomes = new MatchOutcome[256 * areaCount * thresholdCount];

    /// <summary>Outcomes per detection: area-major, then threshold.</summary>
    public int Stride { get; } = areaCount * thresholdCount;

    public int Count { get; private set; }

    public ReadOnlySpan<double> Scores => _scores.AsSpan(0, Count);

    public ReadOnlySpan<int> Ranks => _ranks.AsSpan(0, Count);

    public ReadOnlySpan<MatchOutcome> Outcomes => _outcomes.AsSpan(0, Count * Stride);

    /// <summary>Non-ignored ground truths (pycocotools' <c>npig</c>) of an area range over all images.</summary>
    public int GroundTruths(int area) => _groundTruths[area];

    public void AddGroundTruths(int area, int count) => _groundTruths[area] += count;

    /// <summary>Appends a detection (in image order, then score order) and returns its index.</summary>
    public int Add(double score, int rank)
    {
        if (Count == _scores.Length)
        {
            Array.Resize(ref _scores, Count * 2);
            Array.Resize(ref _ranks, Count * 2);
            Array.Resize(ref _outcomes, Count * 2 * Stride);
        }
        _scores[Count] = score;
        _ranks[Count] = rank;
        return Count++;
    }

    public void Set(int detection, int area, int threshold, MatchOutcome outcome) => _outcomes[detection * Stride + area * thresholdCount + threshold] = outcome;

    public void Clear()
    {
        Count = 0;
        Array.Clear(_groundTruths);
    }
}
