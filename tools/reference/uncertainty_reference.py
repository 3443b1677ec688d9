#!/usr/bin/python3
"""Reference values for Assay's McNemar test and bootstrap intervals.

Run with Debian's Python:

    /usr/bin/python3 tools/reference/uncertainty_reference.py

Needs Debian packages: python3-statsmodels, python3-scipy, python3-numpy, python3-mpmath.

Writes tests/assets/reference/uncertainty_reference.json:

    {"statsmodels_version", "scipy_version", "numpy_version",
     "mcnemar": [ {"b", "c",
                   "exact_statistic", "exact_pvalue",     # mcnemar(exact=True)
                   "chi2_statistic", "chi2_pvalue"}, ...],  # mcnemar(exact=False, correction=True); null for b + c = 0
     "normal": [ {"x", "ndtr"} ... ], "normal_quantile": [ {"p", "ndtri"} ... ],   # mpmath, 50 digits
     "chi2_sf": [ {"x", "sf"} ... ],                                               # mpmath, 50 digits "binom_half_cdf": [ {"k", "n", "cdf"} ... ],
     "quantiles": [ {"values", "levels", "expected"} ... ],   # numpy.quantile, default linear method
     "bca": [ {"name", "data", "confidence_level", "replicates",
               "z0", "acceleration", "lower_level", "upper_level", "lower", "upper"} ... ],
     "resample_indices": [ {"seed", "resample", "count", "indices"} ... ],
     "replayed_intervals": [ {"name", "data", "seed", "resamples", "confidence_level", "method",
                              "estimate", "lower", "upper"} ... ],
     "replayed_paired": [ {"name", "correct_a", "correct_b", "seed", "resamples", "confidence_level",
                           "difference", "lower", "upper", "p_value"} ... ] }

McNemar: b = table[0][1] (only A correct), c = table[1][0] (only B correct); the
concordant cells do not enter the test. Exact p-values are cross-checked against
scipy.stats.binomtest and the chi-square ones against scipy.stats.chi2.sf.

Normal and chi-square values are mpmath's at 50 digits, correctly rounded, and
cross-checked against scipy.special.ndtr / ndtri and scipy.stats.chi2.sf.

BCa: our random generator cannot be replayed in Python, so each case fixes the
resampled statistics ("replicates", the mean of numpy-drawn resamples of "data")
and records what scipy 1.10's private scipy.stats._resampling._bca_interval
derives from them: the quantile levels and the acceleration (jackknife of the
mean over "data"), then the interval numpy.percentile reads at those levels, as
scipy.stats.bootstrap(method="BCa") does. z0 is ndtri of the "mean" percentile of
the estimate among the replicates.

Replays: resample_indices re-implements the resampler documented in
src/Assay.Core/Metrics/Uncertainty/Resampling.cs (SplitMix64 from
mix64(seed << 32 | resample), Lemire's bounded draw) so the whole bootstrap can
be checked end to end. replayed_intervals are the statistic "mean" over integer
data (every sum is exact, so C# and Python divide the same numbers) with the
percentile interval from numpy.quantile, or the BCa interval from scipy's
_bca_interval on the replayed replicates. replayed_paired compares the accuracy
of two models (1 = correct) with the difference B - A, the percentile interval,
and p = min(1, 2 (1 + min(#{d <= 0}, #{d >= 0})) / (m + 1)).
"""

import json
import os

import mpmath
import numpy as np
import scipy
import scipy.special as sp
import scipy.stats as st
import statsmodels
from scipy.stats._resampling import _bca_interval, _percentile_of_score
from statsmodels.stats.contingency_tables import mcnemar

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "tests", "assets", "reference", "uncertainty_reference.json")

PAIRS = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 5), (3, 3), (0, 10), (12, 12), (7, 17), (8, 17), (10, 30),
         (30, 10), (100, 80), (600, 400), (1234, 1300), (5, 200), (1000, 0), (20, 2), (24, 0)]


def mcnemar_case(b, c):
    table = [[50, b], [c, 7]]
    exact = mcnemar(table, exact=True)
    out = {"b": b, "c": c,
           "exact_statistic": float(exact.statistic), "exact_pvalue": float(exact.pvalue)}
    if b + c > 0:
        test = st.binomtest(min(b, c), b + c, 0.5).pvalue
        assert abs(test - exact.pvalue) <= 1e-12 * exact.pvalue, (b, c, test, exact.pvalue)
        chi2 = mcnemar(table, exact=False, correction=True)
        assert abs(st.chi2.sf(chi2.statistic, 1) - chi2.pvalue) <= 1e-15 * chi2.pvalue
        out["chi2_statistic"] = float(chi2.statistic)
        out["chi2_pvalue"] = float(chi2.pvalue)
    else:
        assert exact.pvalue == 1
        out["chi2_statistic"] = None
        out["chi2_pvalue"] = None
    return out


def bca_case(name, data, confidence, resamples, seed):
    rng = np.random.default_rng(seed)
    data = np.asarray(data, dtype=np.float64)
    replicates = data[rng.integers(0, len(data), (resamples, len(data)))].mean(axis=1)
    alpha = (1 - confidence) / 2

    def statistic(x, axis):
        return np.mean(x, axis=axis)

    lower_level, upper_level, a_hat = _bca_interval((data,), statistic, axis=-1, alpha=alpha,
                                                    theta_hat_b=replicates, batch=None)
    estimate = float(np.mean(data))
    z0 = float(sp.ndtri(_percentile_of_score(replicates, estimate, axis=-1)))
    return {
        "name": name,
        "data": [float(v) for v in data],
        "confidence_level": confidence,
        "replicates": [float(v) for v in replicates],
        "z0": z0,
        "acceleration": float(a_hat),
        "lower_level": float(lower_level),
        "upper_level": float(upper_level),
        "lower": float(np.percentile(replicates, lower_level * 100)),
        "upper": float(np.percentile(replicates, upper_level * 100)),
    }


MASK = 2**64 - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def resample_indices(seed, resample, count, length=None):
    """Assay's resampler: resample r of seed s draws `length` (default count) indices in 0..count-1."""
    state = mix64(((seed & 0xFFFFFFFF) << 32) | resample)
    threshold = (2**64 - count) % count
    out = []
    while len(out) < (count if length is None else length):
        state = (state + GOLDEN) & MASK
        product = mix64(state) * count
        if product & MASK < threshold:
            continue
        out.append(product >> 64)
    return out


def replayed_interval(name, data, seed, resamples, confidence, method):
    data = [float(v) for v in data]
    assert all(v == int(v) for v in data)
    n = len(data)
    replicates = np.array([sum(data[i] for i in resample_indices(seed, r, n)) / n for r in range(resamples)])
    estimate = sum(data) / n
    alpha = (1 - confidence) / 2
    if method == "Percentile":
        levels = (alpha, 1 - alpha)
    else:
        lower_level, upper_level, _ = _bca_interval((np.array(data),), lambda x, axis: np.mean(x, axis=axis), axis=-1,
                                                    alpha=alpha, theta_hat_b=replicates, batch=None)
        levels = (float(lower_level), float(upper_level))
    return {"name": name, "data": data, "seed": seed, "resamples": resamples, "confidence_level": confidence,
            "method": method, "estimate": estimate,
            "lower": float(np.quantile(replicates, levels[0])), "upper": float(np.quantile(replicates, levels[1]))}


def replayed_paired(name, correct_a, correct_b, seed, resamples, confidence):
    n = len(correct_a)
    differences = []
    for r in range(resamples):
        idx = resample_indices(seed, r, n)
        differences.append(sum(correct_b[i] for i in idx) / n - sum(correct_a[i] for i in idx) / n)
    differences = np.array(differences)
    alpha = (1 - confidence) / 2
    tail = min(int((differences <= 0).sum()), int((differences >= 0).sum()))
    return {"name": name, "correct_a": correct_a, "correct_b": correct_b, "seed": seed, "resamples": resamples,
            "confidence_level": confidence, "difference": sum(correct_b) / n - sum(correct_a) / n,
            "lower": float(np.quantile(differences, alpha)), "upper": float(np.quantile(differences, 1 - alpha)),
            "p_value": min(1.0, 2 * (1 + tail) / (resamples + 1))}


def normal_quantile(p):
    """Φ⁻¹(p) to 50 digits: Newton on mpmath's ncdf from scipy's value (erfinv(2p - 1) would lose p = 1e-300)."""
    return mpmath.findroot(lambda x: mpmath.ncdf(x) - mpmath.mpf(p), mpmath.mpf(float(sp.ndtri(p))))


def precise(exact, scipy_value):
    """The correctly rounded value from mpmath, after checking scipy agrees. scipy's ndtr(-37) is itself off by
    1.1e-12 relative (it rounds 37/sqrt(2) before squaring), hence the loose cross-check."""
    value = float(exact)
    assert abs(value - scipy_value) <= 2e-12 * abs(value), (value, scipy_value)
    return value


def main():
    mpmath.mp.dps = 50
    rng = np.random.default_rng(2024)
    rng_pair = np.random.default_rng(2025)
    quantiles = []
    for n in (1, 2, 5, 10, 101):
        values = np.round(rng.normal(0, 10, n), 3)
        values[: n // 3] = values[0]  # ties
        levels = [0.0, 0.025000000000000022, 0.05, 0.1, 0.25, 0.3333, 0.5, 0.6, 0.75, 0.9, 0.975, 0.99, 1.0]
        quantiles.append({"values": [float(v) for v in values], "levels": levels,
                          "expected": [float(np.quantile(values, q)) for q in levels]})

    xs = [-37.0, -20.0, -8.5, -5.0, -3.0, -1.959963984540054, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.3, 1.0, 1.5, 2.0, 4.0, 7.5]
    ps = [1e-300, 1e-100, 1e-20, 1e-8, 1e-3, 0.0125, 0.025, 0.05, 0.1, 0.3, 0.4999, 0.5, 0.6, 0.9, 0.95, 0.975, 0.999, 1 - 1e-10]
    chi = [1e-8, 0.01, 0.5, 1.0, 2.0, 2.9, 3.0, 3.841458820694124, 10.0, 39.601, 100.0, 700.0, 1400.0]
    binom = [(0, 0), (0, 1), (0, 10), (3, 10), (5, 10), (6, 10), (12, 24), (7, 24), (0, 60), (20, 60), (400, 1000),
             (0, 1000), (10, 2000), (450, 1000), (2400, 5000)]

    bca = [
        bca_case("exponential_n25_mean_95", np.round(rng.exponential(1.0, 25), 6), 0.95, 2000, 11),
        bca_case("lognormal_n40_mean_90", np.round(rng.lognormal(0.0, 0.8, 40), 6), 0.90, 1500, 12),
        bca_case("normal_n15_mean_99", np.round(rng.normal(5.0, 2.0, 15), 6), 0.99, 999, 13),
    ]

    doc = {
        "statsmodels_version": statsmodels.__version__,
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "mcnemar": [mcnemar_case(b, c) for b, c in PAIRS],
        "normal": [{"x": x, "ndtr": precise(mpmath.ncdf(x), sp.ndtr(x))} for x in xs],
        "normal_quantile": [{"p": p, "ndtri": precise(normal_quantile(p), sp.ndtri(p))}
                            for p in ps],
        "chi2_sf": [{"x": x, "sf": precise(mpmath.erfc(mpmath.sqrt(mpmath.mpf(x) / 2)), st.chi2.sf(x, 1))} for x in chi],
        "binom_half_cdf": [{"k": k, "n": n, "cdf": float(st.binom.cdf(k, n, 0.5))} for k, n in binom],
        "quantiles": quantiles,
        "bca": bca,
        "resample_indices": [{"seed": seed, "resample": r, "count": count, "indices": resample_indices(seed, r, count)}
                             for seed, r, count in ((0, 0, 10), (42, 0, 10), (42, 1, 10), (-1, 7, 3), (123456789, 999, 1000))],
        "replayed_intervals": [
            replayed_interval("tiny_0001_percentile", [0, 0, 0, 1], 7, 1000, 0.95, "Percentile"),
            replayed_interval("integers_n8_percentile", [3, 1, 4, 1, 5, 9, 2, 6], 42, 500, 0.9, "Percentile"),
            replayed_interval("integers_n10_bca", [2, 0, 1, 7, 3, 0, 12, 1, 4, 2], 5, 800, 0.95, "BiasCorrectedAccelerated"),
        ],
        "replayed_paired": [
            replayed_paired("accuracy_n30", [int(v) for v in rng_pair.random(30) < 0.6],
                            [int(v) for v in rng_pair.random(30) < 0.8], 3, 600, 0.95),
        ],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(dumps(doc))
    print(f"wrote {os.path.relpath(OUT, REPO)} (statsmodels {statsmodels.__version__}, scipy {scipy.__version__})")
    for m in doc["mcnemar"]:
        print(f"  b={m['b']:<5} c={m['c']:<5} exact p={m['exact_pvalue']:.6g} chi2 p={m['chi2_pvalue']}")
    for c in doc["replayed_intervals"] + doc["replayed_paired"]:
        print(f"  {c['name']:<26} [{c['lower']}, {c['upper']}]")
    for c in bca:
        print(f"  {c['name']:<26} a={c['acceleration']:.5f} z0={c['z0']:.5f} [{c['lower']:.6f}, {c['upper']:.6f}]")


def dumps(doc):
    """Readable and stable: one list entry per line, long float lists on one line."""
    def entry(v):
        return json.dumps(v, allow_nan=False)

    parts = []
    for k, v in doc.items():
        if isinstance(v, list):
            parts.append(f"  {json.dumps(k)}: [\n" + ",\n".join("    " + entry(e) for e in v) + "\n  ]")
        else:
            parts.append(f"  {json.dumps(k)}: {json.dumps(v)}")
    text = "{\n" + ",\n".join(parts) + "\n}\n"
    json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(f"{c} is not JSON")))
    assert json.loads(text) == doc
    return text


if __name__ == "__main__":
    main()
