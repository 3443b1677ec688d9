using System.Numerics;
using System.Runtime.InteropServices;

namespace Assay.Metrics.Ranking;

/// <summary>The (label, score) pairs a streaming accumulator keeps: float32 scores and compact labels, in arrival order.</summary>
/// <remarks>Merging concatenates, so a merged accumulator holds exactly what one fed every batch would, and rank metrics
/// (which need the whole ranking) come out identical.</remarks>
internal sealed class ScoreBuffer<TLabel>
    where TLabel : unmanaged, IBinaryInteger<TLabel>
{
    private readonly List<TLabel> _labels = [];
    private readonly List<float> _scores = [];

    public ReadOnlySpan<TLabel> Labels => CollectionsMarshal.AsSpan(_labels);

    public ReadOnlySpan<float> Scores => CollectionsMarshal.AsSpan(_scores);

    /// <summary>Appends labels already validated to fit <typeparamref name="TLabel"/>, and their scores.</summary>
    public void Append(ReadOnlySpan<int> labels, ReadOnlySpan<float> scores)
    {
        var start = _labels.Count;
        CollectionsMarshal.SetCount(_labels, start + labels.Length);
        var target = CollectionsMarshal.AsSpan(_labels)[start..];
        for (var i = 0; i < labels.Length; i++) target[i] = TLabel.CreateTruncating(labels[i]);
        _scores.AddRange(scores);
    }

    public void Append(ScoreBuffer<TLabel> other)
    {
        _labels.AddRange(other.Labels);
        _scores.AddRange(other.Scores);
    }

    public void Clear()
    {
        _labels.Clear();
        _scores.Clear();
    }
}
