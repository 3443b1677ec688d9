#!/usr/bin/python3
"""Times scikit-learn on the arrays of bench/Assay.Benchmarks/RankingBenchmarks.cs and ConfusionMatrixBenchmarks.cs, for the ratios in docs/benchmarks.md.

Run with Debian's Python (python3-sklearn 1.2.1, python3-numpy):

    /usr/bin/python3 bench/sklearn_reference.py [--n 10000000] [--runs 5]

The arrays are rebuilt exactly as RankingBenchmarks.Setup builds them: sample i hashes the state
seed + (i+1)*0x9E3779B97F4A7C15 with SplitMix64's finaliser (uint64 arithmetic wraps in NumPy as in C#); label is
(z >> 40) < 5,033,165; score is float32((z & 0xFFFFFF + label*2^22) / (2^24 + 2^22)). Labels are int32 and scores float32,
the dtypes Assay receives. The script prints the checksum line RankingBenchmarks prints in its GlobalSetup (compare
them), the median wall time of --runs calls of roc_auc_score and average_precision_score, and each call's peak
traced memory (tracemalloc sees NumPy's buffers; measured in a separate, untimed call).
"""

import argparse
import statistics
import time
import tracemalloc

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, confusion_matrix, f1_score, roc_auc_score

SEED = 20_240_601
MULTICLASS_SEED = 20_240_602


def splitmix64(seed, n):
    """SplitMix64's output for states seed + (i+1)*0x9E3779B97F4A7C15, i < n (uint64 wraps as in C#)."""
    i = np.arange(n, dtype=np.uint64)
    z = np.uint64(seed) + (i + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def data(n):
    z = splitmix64(SEED, n)
    labels = ((z >> np.uint64(40)) < np.uint64(5_033_165)).astype(np.int32)
    grid = (z & np.uint64(0xFFFFFF)).astype(np.int64) + labels.astype(np.int64) * 4_194_304
    scores = (grid / 20_971_520.0).astype(np.float32)
    return labels, scores, int(grid.sum())


def multiclass_data(n):
    """The arrays of ConfusionMatrixBenchmarks.Setup: 10 classes, about 80 % correct."""
    z = splitmix64(MULTICLASS_SEED, n)
    actual = ((z >> np.uint64(40)) % np.uint64(10)).astype(np.int32)
    other = ((z & np.uint64(0xFFFF)) % np.uint64(10)).astype(np.int32)
    predicted = np.where(((z >> np.uint64(20)) & np.uint64(0xFF)) < np.uint64(205), actual, other).astype(np.int32)
    return actual, predicted, int((actual.astype(np.int64) * 10 + predicted).sum())


def time_calls(name, call, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:<24} median {statistics.median(times) * 1000:8.1f} ms over {runs} runs "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}); peak traced memory {peak / 2**20:.0f} MiB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    labels, scores, checksum = data(args.n)
    auc = roc_auc_score(labels, scores)
    ap = average_precision_score(labels, scores)
    print(f"// RankingBenchmarks data: n={args.n} positives={int(labels.sum())} score_checksum={checksum} "
          f"roc_auc={auc!r} average_precision={ap!r}")
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; inputs {labels.nbytes + scores.nbytes:,} bytes")
    for metric in (roc_auc_score, average_precision_score):
        time_calls(metric.__name__, lambda: metric(labels, scores), args.runs)

    actual, predicted, checksum = multiclass_data(args.n)
    labels10 = list(range(10))
    f1 = f1_score(actual, predicted, average="macro", labels=labels10)
    print(f"// ConfusionMatrixBenchmarks data: n={args.n} checksum={checksum} f1_macro={f1!r}")
    time_calls("f1_score(macro, K=10)", lambda: f1_score(actual, predicted, average="macro", labels=labels10), args.runs)
    time_calls("confusion_matrix(K=10)", lambda: confusion_matrix(actual, predicted, labels=labels10), args.runs)


if __name__ == "__main__":
    main()
