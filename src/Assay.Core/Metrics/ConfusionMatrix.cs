namespace Assay.Metrics;

/// <summary>Counts of (true class, predicted class) pairs: rows are true classes, columns predictions.</summary>
/// <remarks>Also the streaming accumulator for every count-based classification metric: <see cref="Update"/> per batch, <see cref="Merge"/> shards.</remarks>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    public ConfusionMatrix(int numClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        NumClasses = numClasses;
        _counts = new long[numClasses * numClasses];
    }

    public int NumClasses { get; }

    public long this[int actual, int predicted] => _counts[actual * NumClasses + predicted];

    public long Total { get; private set; }

    /// <summary>Adds a batch of (true, predicted) labels.</summary>
    /// <exception cref="ArgumentException">Lengths differ or a label is outside 0..K-1; nothing is added then.</exception>
    public void Update(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"{actual.Length} true labels but {predicted.Length} predictions");
        // Check the whole batch first: a bad label must not leave the counts half-updated and out of step with Total.
        for (var i = 0; i < actual.Length; i++)
        {
            var a = actual[i];
            var p = predicted[i];
            if ((uint)a >= (uint)NumClasses) throw new ArgumentException($"true label {a} at position {i} is outside 0..{NumClasses - 1}");
            if ((uint)p >= (uint)NumClasses) throw new ArgumentException($"predicted label {p} at position {i} is outside 0..{NumClasses - 1}");
        }
        for (var i = 0; i < actual.Length; i++) _counts[actual[i] * NumClasses + predicted[i]]++;
        Total += actual.Length;
    }

    public void Merge(ConfusionMatrix other)
    {
        if (other.NumClasses != NumClasses) throw new ArgumentException($"cannot merge {other.NumClasses} classes into {NumClasses}");
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Total += other.Total;
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Total = 0;
    }

    /// <summary>The counts as rows (true class) of columns (predicted class).</summary>
    public long[][] ToRows()
    {
        var rows = new long[NumClasses][];
        for (var r = 0; r < NumClasses; r++) rows[r] = _counts.AsSpan(r * NumClasses, NumClasses).ToArray();
        return rows;
    }

    public static ConfusionMatrix From(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int numClasses)
    {
        var matrix = new ConfusionMatrix(numClasses);
        matrix.Update(actual, predicted);
        return matrix;
    }
}
