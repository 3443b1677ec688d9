using System.Text.Json;
using Assay.Metrics;
using Assay.Tests;

namespace Assay.Core.Tests.Metrics.Ranking;

/// <summary>The scikit-learn reference cases of tools/reference/sklearn_score_metrics.py.</summary>
internal static class ScoreReference
{
    public const double Tolerance = 1e-12;

    private static readonly Lazy<JsonElement> Document = new(() => TestAssets.Json("sklearn", "score_metrics_reference.json"));

    public static JsonElement Root => Document.Value;

    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty(kind).EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    public static JsonElement Case(string kind, string name) =>
        Root.GetProperty(kind).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static int[] Ints(this JsonElement c, string field) => c.GetProperty(field).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static float[] Floats(this JsonElement c, string field) => c.GetProperty(field).EnumerateArray().Select(v => v.GetSingle()).ToArray();

    public static double[] Doubles(this JsonElement c, string field) => c.GetProperty(field).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static bool IsUndefined(this JsonElement expected) =>
        expected.ValueKind == JsonValueKind.Object && expected.TryGetProperty("undefined", out _);

    /// <summary>The value matches scikit-learn's to 1e-12, or is undefined where scikit-learn has none.</summary>
    public static void AssertMatches(JsonElement expected, Func<double> actual, string because)
    {
        if (expected.IsUndefined())
        {
            var error = Assert.Throws<UndefinedMetricException>(() => actual());
            Assert.False(string.IsNullOrWhiteSpace(error.Message), because);
        }
        else
        {
            var value = actual();
            Assert.True(Math.Abs(expected.GetDouble() - value) <= Tolerance, $"{because}: expected {expected.GetDouble():R}, got {value:R}");
        }
    }

    /// <summary>The metric set holds the reference value, or lists the metric as undefined with a reason.</summary>
    public static void AssertMatches(JsonElement expected, MetricSet set, string name)
    {
        if (expected.IsUndefined())
        {
            Assert.False(set.TryGetValue(name, out _), name);
            Assert.False(string.IsNullOrWhiteSpace(set.Undefined[name]), name);
        }
        else
        {
            Assert.True(set.TryGetValue(name, out var value), name + (set.Undefined.TryGetValue(name, out var why) ? ": " + why : ""));
            Assert.True(Math.Abs(expected.GetDouble() - value) <= Tolerance, $"{name}: expected {expected.GetDouble():R}, got {value:R}");
        }
    }

    public static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {expected.Length} points expected, {actual.Length} computed");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }

    /// <summary>Runs <paramref name="feed"/> over batches of each size, and over two shards of alternating batches.</summary>
    public static IEnumerable<(string How, T Accumulator)> Streamed<T>(int rows, Func<T> create, Action<T, int, int> feed, Action<T, T> merge)
    {
        foreach (var batch in new[] { 1, 7, 64 })
        {
            var streaming = create();
            var shardA = create();
            var shardB = create();
            for (var start = 0; start < rows; start += batch)
            {
                var count = Math.Min(batch, rows - start);
                feed(streaming, start, count);
                feed(start / batch % 2 == 0 ? shardA : shardB, start, count);
            }
            merge(shardA, shardB);
            yield return ($"batches of {batch}", streaming);
            yield return ($"two shards of batches of {batch}, merged", shardA);
        }
    }

    /// <summary>Both sets hold the same values and the same undefined metrics.</summary>
    public static void AssertSameSet(MetricSet expected, MetricSet actual, string how)
    {
        Assert.Equal(expected.Values.Select(v => v.Key), actual.Values.Select(v => v.Key));
        foreach (var (name, value) in expected.Values)
            Assert.True(Math.Abs(value - actual[name]) <= Tolerance, $"{how}: {name} expected {value:R}, got {actual[name]:R}");
        Assert.Equal(expected.Undefined.OrderBy(p => p.Key), actual.Undefined.OrderBy(p => p.Key));
    }
}
