using Assay.Metrics;
using Assay.Metrics.Ranking;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks;

/// <summary>Binary ROC-AUC and average precision over 10,000,000 seeded samples: the arrays bench/sklearn_reference.py times scikit-learn on.</summary>
/// <remarks>
/// Sample i comes from SplitMix64's output for state seed + (i+1)·0x9E3779B97F4A7C15 (a counter-based hash, so NumPy rebuilds
/// the same arrays without a loop): label = (z &gt;&gt; 40) &lt; 5,033,165 (30% positives); score = float32((z &amp; 0xFFFFFF +
/// label·2²²) / (2²⁴ + 2²²)), a 24-bit grid in [0, 1) where positives score higher on average (ROC-AUC ≈ 0.68) and about
/// one sample in five ties another. GlobalSetup prints a checksum and both values so the two runs can be matched.
/// </remarks>
[MemoryDiagnoser]
public class RankingBenchmarks
{
    private const ulong Seed = 20_240_601;
    private int[] _labels = [];
    private float[] _scores = [];

    [Params(10_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _labels = new int[N];
        _scores = new float[N];
        long positives = 0, scoreChecksum = 0;
        for (var i = 0; i < N; i++)
        {
            var z = Seed + (ulong)(i + 1) * 0x9E37_79B9_7F4A_7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            z ^= z >> 31;
            var label = (z >> 40) < 5_033_165 ? 1 : 0;
            var grid = (long)(z & 0xFF_FFFF) + label * 4_194_304L;
            _labels[i] = label;
            _scores[i] = (float)(grid / 20_971_520.0);
            positives += label;
            scoreChecksum += grid;
        }
        Console.WriteLine($"// RankingBenchmarks data: n={N} positives={positives} score_checksum={scoreChecksum} "
            + $"roc_auc={BinaryScoreMetrics.RocAuc(_labels, _scores):R} average_precision={BinaryScoreMetrics.AveragePrecision(_labels, _scores):R}");
    }

    [Benchmark]
    public double RocAuc() => BinaryScoreMetrics.RocAuc(_labels, _scores);

    [Benchmark]
    public double AveragePrecision() => BinaryScoreMetrics.AveragePrecision(_labels, _scores);

    /// <summary>All five binary metrics (one sort for both ranking metrics), as an evaluation report computes them.</summary>
    [Benchmark]
    public int AllBinaryMetrics()
    {
        var set = new MetricSet();
        ScoreMetrics.AddBinary(set, _labels, _scores);
        return set.Values.Count;
    }
}
