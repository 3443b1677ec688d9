using Assay.Metrics;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks;

/// <summary>Scoring 1,000,000 seeded 10-class predictions: Assay's streaming confusion matrix against a straightforward LINQ baseline.</summary>
[MemoryDiagnoser]
public class ConfusionMatrixBenchmarks
{
    private const int Classes = 10;
    private int[] _actual = [];
    private int[] _predicted = [];

    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _actual = new int[N];
        _predicted = new int[N];
        for (var i = 0; i < N; i++)
        {
            _actual[i] = random.Next(Classes);
            _predicted[i] = random.NextDouble() < 0.8 ? _actual[i] : random.Next(Classes);
        }
    }

    /// <summary>What one writes without thinking: group pairs, then count per class.</summary>
    [Benchmark(Baseline = true)]
    public double LinqMacroF1()
    {
        var pairs = _actual.Zip(_predicted).ToList();
        var f1 = 0.0;
        for (var c = 0; c < Classes; c++)
        {
            var tp = pairs.Count(p => p.First == c && p.Second == c);
            var fp = pairs.Count(p => p.First != c && p.Second == c);
            var fn = pairs.Count(p => p.First == c && p.Second != c);
            f1 += 2.0 * tp / Math.Max(1, 2 * tp + fp + fn);
        }
        return f1 / Classes;
    }

    [Benchmark]
    public double AssayMacroF1() => ClassificationScores.From(ConfusionMatrix.From(_actual, _predicted, Classes)).F1Macro;
}
