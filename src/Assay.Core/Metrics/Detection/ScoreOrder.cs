namespace Assay.Metrics.Detection;

/// <summary>A score and a tie-breaking index: sorting by descending score then ascending index is numpy's stable argsort of −score.</summary>
internal readonly record struct ScoreOrder(double Score, int Index);

/// <summary>Orders by descending score, then ascending index.</summary>
internal sealed class ScoreOrderComparer : IComparer<ScoreOrder>
{
    public int Compare(ScoreOrder x, ScoreOrder y)
    {
        var byScore = y.Score.CompareTo(x.Score);
        return byScore != 0 ? byScore : x.Index.CompareTo(y.Index);
    }
}
