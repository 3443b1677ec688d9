using System.Runtime.ExceptionServices;

namespace Assay.Metrics.Uncertainty;

/// <summary>The resampled statistics of one bootstrap: the defined values in ascending order, and the undefined ones counted.</summary>
internal sealed record Replicates(double[] Sorted, int Undefined, string? FirstUndefinedReason);

/// <summary>Seeded resampling, quantiles and the BCa correction shared by <see cref="BootstrapInterval"/> and <see cref="PairedBootstrap"/>.</summary>
internal static class Resampling
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>Fills <paramref name="indices"/> with resample <paramref name="resample"/>'s draws from 0..count−1.</summary>
    /// <remarks>
    /// Resample r of seed s is a SplitMix64 stream (Steele, Lea and Flood 2014) whose state starts at
    /// mix64(s as 32 unsigned bits · 2³² + r); each index is drawn from the next output with Lemire's unbiased
    /// multiply-and-reject method. Resamples are independent of each other and of the order they run in, and this
    /// definition is ours, so a seed means the same resamples on every platform and version.
    /// </remarks>
    public static void ResampleIndices(int seed, int resample, Span<int> indices, int count)
    {
        var state = Mix(((ulong)(uint)seed << 32) | (uint)resample);
        var bound = (ulong)count;
        var threshold = (0 - bound) % bound;
        for (var i = 0; i < indices.Length; i++)
        {
            ulong high, low;
            do
            {
                state += Golden;
                high = Math.BigMul(Mix(state), bound, out low);
            }
            while (low < threshold);
            indices[i] = (int)high;
        }
    }

    /// <summary>Evaluates the statistic on every resample; undefined resamples are counted, in resample order.</summary>
    /// <exception cref="UndefinedMetricException">More resamples than <see cref="BootstrapSettings.MaxUndefinedFraction"/> allows were undefined.</exception>
    public static Replicates Draw(int count, Func<ReadOnlySpan<int>, double> statistic, BootstrapSettings settings)
    {
        var values = new double[settings.Resamples];
        var reasons = new string?[settings.Resamples];
        ForEach(settings.Resamples, count, settings.MaxDegreeOfParallelism, (r, indices) =>
        {
            ResampleIndices(settings.Seed, r, indices, count);
            try
            {
                values[r] = Checked(statistic(indices), $"resample {r}");
            }
            catch (UndefinedMetricException e)
            {
                reasons[r] = e.Message;
            }
        });

        var undefined = reasons.Count(r => r is not null);
        var firstReason = reasons.FirstOrDefault(r => r is not null);
        if (undefined > settings.MaxUndefinedFraction * settings.Resamples || undefined == settings.Resamples)
            throw new UndefinedMetricException(
                $"{undefined} of {settings.Resamples} resamples were undefined, more than the {settings.MaxUndefinedFraction:0.###} allowed; first: {firstReason}");

        var sorted = values.Where((_, r) => reasons[r] is null).ToArray();
        Array.Sort(sorted);
        return new Replicates(sorted, undefined, firstReason);
    }

    /// <summary>NumPy's default (linear) quantile of ascending values, bit for bit: h = (m − 1) p, interpolated between neighbours.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        if (h >= sorted.Length - 1) return sorted[^1];
        if (h <= 0) return sorted[0];
        var below = (int)Math.Floor(h);
        var t = h - below;
        double a = sorted[below], b = sorted[below + 1], difference = b - a;
        // NumPy's _lerp interpolates from the nearer end, which keeps the result monotone in p.
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
    }

    /// <summary>The interval from the replicates: percentile, or BCa with the jackknife computed on demand.</summary>
    public static (double Lower, double Upper) Interval(
        Replicates replicates, double estimate, int count, Func<ReadOnlySpan<int>, double> statistic, BootstrapSettings settings)
    {
        var alpha = (1 - settings.ConfidenceLevel) / 2;
        var (lowerLevel, upperLevel) = settings.Method switch
        {
            BootstrapMethod.Percentile => (alpha, 1 - alpha),
            _ => BcaLevelsOrThrow(replicates.Sorted, estimate, Jackknife(count, statistic, settings.MaxDegreeOfParallelism), settings.ConfidenceLevel),
        };
        return (Quantile(replicates.Sorted, lowerLevel), Quantile(replicates.Sorted, upperLevel));
    }

    /// <summary>The quantile levels of the BCa interval and the acceleration, as scipy 1.10's <c>_bca_interval</c>.</summary>
    /// <remarks>
    /// z₀ = Φ⁻¹((#{θ*ᵦ &lt; θ̂} + #{θ*ᵦ ≤ θ̂}) / 2B); a = Σ dᵢ³ / (6 (Σ dᵢ²)^{3/2}) with dᵢ = mean(θ₍ᵢ₎) − θ₍ᵢ₎ over the
    /// leave-one-out values θ₍ᵢ₎ (a = 0 when they are all equal); levels Φ(z₀ + (z₀ + z) / (1 − a (z₀ + z))) for
    /// z = Φ⁻¹(α/2) and −Φ⁻¹(α/2). NaN levels mean the interval does not exist.
    /// </remarks>
    public static (double Lower, double Upper, double BiasCorrection, double Acceleration) BcaLevels(
        ReadOnlySpan<double> sorted, double estimate, ReadOnlySpan<double> jackknife, double confidenceLevel)
    {
        int below = 0, atOrBelow = 0;
        foreach (var value in sorted)
        {
            if (value < estimate) below++;
            if (value <= estimate) atOrBelow++;
        }
        var z0 = Distributions.NormalQuantile((below + atOrBelow) / (2.0 * sorted.Length));

        var mean = 0.0;
        foreach (var value in jackknife) mean += value;
        mean /= jackknife.Length;
        double cubes = 0, squares = 0;
        foreach (var value in jackknife)
        {
            var d = mean - value;
            squares += d * d;
            cubes += d * d * d;
        }
        var acceleration = squares == 0 ? 0 : cubes / (6 * Math.Pow(squares, 1.5));

        var zAlpha = Distributions.NormalQuantile((1 - confidenceLevel) / 2);
        return (Level(z0, zAlpha, acceleration), Level(z0, -zAlpha, acceleration), z0, acceleration);

        static double Level(double z0, double z, double acceleration)
        {
            var shifted = z0 + z;
            return Distributions.NormalCdf(z0 + shifted / (1 - acceleration * shifted));
        }
    }

    /// <summary>The statistic with each example left out in turn.</summary>
    /// <exception cref="UndefinedMetricException">Fewer than two examples, or a leave-one-out statistic is undefined.</exception>
    public static double[] Jackknife(int count, Func<ReadOnlySpan<int>, double> statistic, int maxDegreeOfParallelism)
    {
        if (count < 2) throw new UndefinedMetricException("the BCa interval needs at least two examples for its jackknife");
        var values = new double[count];
        var reasons = new string?[count];
        ForEach(count, count - 1, maxDegreeOfParallelism, (left, indices) =>
        {
            for (var i = 0; i < indices.Length; i++) indices[i] = i < left ? i : i + 1;
            try
            {
                values[left] = Checked(statistic(indices), $"the jackknife sample without example {left}");
            }
            catch (UndefinedMetricException e)
            {
                reasons[left] = e.Message;
            }
        });
        var first = Array.FindIndex(reasons, r => r is not null);
        if (first >= 0)
            throw new UndefinedMetricException($"the BCa acceleration is undefined: without example {first} the statistic is undefined ({reasons[first]})");
        return values;
    }

    private static (double Lower, double Upper) BcaLevelsOrThrow(double[] sorted, double estimate, double[] jackknife, double confidenceLevel)
    {
        var (lower, upper, biasCorrection, _) = BcaLevels(sorted, estimate, jackknife, confidenceLevel);
        if (!double.IsFinite(biasCorrection))
            throw new UndefinedMetricException("the BCa interval is undefined: every resampled statistic lies on one side of the estimate, so the bias correction is infinite");
        if (double.IsNaN(lower) || double.IsNaN(upper))
            throw new UndefinedMetricException("the BCa interval is undefined: the corrected quantile levels are not numbers");
        return (lower, upper);
    }

    /// <summary>Runs body(item, scratch) for item = 0..items−1, each thread with its own scratch index buffer of the given length.</summary>
    private static void ForEach(int items, int scratchLength, int maxDegreeOfParallelism, Action<int, int[]> body)
    {
        if (maxDegreeOfParallelism == 1)
        {
            var scratch = new int[scratchLength];
            for (var item = 0; item < items; item++) body(item, scratch);
            return;
        }

        try
        {
            Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
                () => new int[scratchLength],
                (item, _, scratch) =>
                {
                    body(item, scratch);
                    return scratch;
                },
                _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The statistic's own exception, as the single-threaded path throws it.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private static double Checked(double value, string where) => double.IsFinite(value)
        ? value
        : throw new InvalidOperationException($"the statistic returned {value} for {where}; throw UndefinedMetricException for an undefined value");

    /// <summary>SplitMix64's output function (Stafford's Mix13 variant).</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
