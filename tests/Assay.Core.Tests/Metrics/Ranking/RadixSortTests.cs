using Assay.Metrics.Ranking;
using CsCheck;

namespace Assay.Core.Tests.Metrics.Ranking;

public class RadixSortTests
{
    [Fact]
    public void Keys_order_scores_numerically_and_tie_the_two_zeros()
    {
        float[] ordered = [float.MinValue, -1e30f, -1f, -float.Epsilon * 3, -float.Epsilon, 0f, float.Epsilon, 1e-30f, 0.5f, 1f, float.MaxValue];
        for (var i = 1; i < ordered.Length; i++) Assert.True(ScoreKey.From(ordered[i - 1]) < ScoreKey.From(ordered[i]), $"{ordered[i - 1]} < {ordered[i]}");
        Assert.Equal(ScoreKey.From(0f), ScoreKey.From(-0f));
        foreach (var score in ordered) Assert.Equal(score, ScoreKey.ToScore(ScoreKey.From(score)));
    }

    [Fact]
    public void Key_order_equals_float_order()
    {
        Gen.Float.Where(float.IsFinite).Select(Gen.Float.Where(float.IsFinite)).Sample((a, b) =>
            Assert.Equal(a.CompareTo(b) == 0 || (a == 0 && b == 0) ? 0 : Math.Sign(a.CompareTo(b)), Math.Sign(ScoreKey.From(a).CompareTo(ScoreKey.From(b)))), iter: 2000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(5_000)]
    [InlineData(300_000)]
    public void Sorts_keys_and_carries_payloads(int n)
    {
        var random = new Random(n);
        foreach (var spread in new[] { int.MaxValue, 3000, 1 })
        {
            var keys = new uint[n];
            var payload = new int[n];
            for (var i = 0; i < n; i++)
            {
                // Spreads exercise every pass, the skipped passes (digits shared by all keys) and all-equal keys.
                keys[i] = spread == int.MaxValue ? (uint)random.NextInt64(0, 1L << 32) : (uint)(random.Next(spread) << 12) + 7;
                payload[i] = (int)(keys[i] * 2_654_435_761u);
            }
            var expected = keys.Order().ToArray();
            var keysOnly = keys.ToArray();

            var keyBuffer = new uint[n];
            var payloadBuffer = new int[n];
            var inBuffer = RadixSort.Sort(keys.AsSpan(), payload.AsSpan(), keyBuffer, payloadBuffer);
            var (sortedKeys, sortedPayload) = inBuffer ? (keyBuffer, payloadBuffer) : (keys, payload);
            Assert.Equal(expected, sortedKeys);
            for (var i = 0; i < n; i++) Assert.Equal((int)(sortedKeys[i] * 2_654_435_761u), sortedPayload[i]);

            var buffer = new uint[n];
            Assert.Equal(expected, RadixSort.Sort(keysOnly, buffer) ? buffer : keysOnly);
        }
    }

    [Fact]
    public void The_merged_summary_equals_a_walk_over_every_threshold()
    {
        Gen.Int[0, 1].Array[0, 400].SelectMany(y => Gen.Int[-3, 40].Array[y.Length].Select(k => (y, k.Select(v => v / 8f).ToArray())))
            .Sample(sample =>
            {
                var (y, s) = sample;
                var sorted = SortedBinaryScores.Create<int>(y, s);
                var fast = sorted.Summarize();
                var positives = y.Where(v => v == 1).Count();
                var slow = new RankSums(positives, y.Length - positives);
                var keys = Enumerable.Range(0, y.Length).Select(i => (Key: ScoreKey.From(s[i]), Label: y[i])).ToArray();
                ThresholdWalk.Descending(
                    keys.Where(p => p.Label == 1).Select(p => p.Key).Order().ToArray(),
                    keys.Where(p => p.Label == 0).Select(p => p.Key).Order().ToArray(), ref slow);
                Assert.Equal(slow.TwiceArea, fast.TwiceArea);
                if (positives > 0) Assert.Equal(slow.AveragePrecision(), fast.AveragePrecision());
            }, iter: 500);
    }
}
