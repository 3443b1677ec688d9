using Assay.Metrics;
using Assay.Metrics.Classification;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks;

/// <summary>Ten-class macro F1 and confusion matrix over seeded predictions; bench/sklearn_reference.py times scikit-learn on the same arrays.</summary>
/// <remarks>
/// Sample i hashes state Seed + (i+1)·0x9E3779B97F4A7C15 with SplitMix64's finaliser (as <see cref="RankingBenchmarks"/>):
/// y_true = (z &gt;&gt; 40) mod 10; y_pred = y_true when ((z &gt;&gt; 20) &amp; 0xFF) &lt; 205 (about 80 % correct), else (z &amp; 0xFFFF) mod 10.
/// The baseline is a straightforward LINQ count of TP/FP/FN per class, run in the same process for a same-run ratio.
/// </remarks>
[MemoryDiagnoser]
public class ConfusionMatrixBenchmarks
{
    private const int Classes = 10;
    private const ulong Seed = 20_240_602;
    private int[] _actual = [];
    private int[] _predicted = [];

    [Params(10_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _actual = new int[N];
        _predicted = new int[N];
        long checksum = 0;
        for (var i = 0; i < N; i++)
        {
            var z = Seed + (ulong)(i + 1) * 0x9E37_79B9_7F4A_7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            z ^= z >> 31;
            _actual[i] = (int)((z >> 40) % Classes);
            _predicted[i] = ((z >> 20) & 0xFF) < 205 ? _actual[i] : (int)((z & 0xFFFF) % Classes);
            checksum += _actual[i] * 10 + _predicted[i];
        }
        Console.WriteLine($"// ConfusionMatrixBenchmarks data: n={N} checksum={checksum} f1_macro={LabelMetrics.F1(_actual, _predicted, Classes, Average.Macro):R}");
    }

    /// <summary>What one writes without thinking: count per class with LINQ.</summary>
    [Benchmark(Baseline = true)]
    public double LinqMacroF1()
    {
        var f1 = 0.0;
        for (var c = 0; c < Classes; c++)
        {
            var tp = _actual.Zip(_predicted).Count(p => p.First == c && p.Second == c);
            var fp = _actual.Zip(_predicted).Count(p => p.First != c && p.Second == c);
            var fn = _actual.Zip(_predicted).Count(p => p.First == c && p.Second != c);
            f1 += 2.0 * tp / Math.Max(1, 2 * tp + fp + fn);
        }
        return f1 / Classes;
    }

    [Benchmark]
    public double MacroF1() => LabelMetrics.F1(_actual, _predicted, Classes, Average.Macro);

    [Benchmark]
    public long[][] ConfusionMatrixRows() => ConfusionMatrix.From(_actual, _predicted, Classes).ToRows();
}
