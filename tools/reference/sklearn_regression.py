#!/usr/bin/python3
"""Reference regression metrics from scikit-learn for Assay's unit tests.

Run with Debian's Python:

    /usr/bin/python3 tools/reference/sklearn_regression.py

Needs Debian packages: python3-sklearn, python3-numpy.

Writes tests/assets/sklearn/regression_reference.json:

    {"sklearn_version": "...", "numpy_version": "...", "cases": [ {
        "name", "y_true", "y_pred",
        "mean_squared_error", "root_mean_squared_error", "mean_absolute_error",
        "median_absolute_error", "mean_absolute_percentage_error", "max_error",
        "r2", "explained_variance" }, ... ]}

root_mean_squared_error is mean_squared_error(squared=False); r2 and
explained_variance use the default force_finite=True. r2 is null where
scikit-learn returns NaN (fewer than two samples). Floats are written with
Python's repr (shortest round-trip double).

Every value is also recomputed in exact rational arithmetic on the same doubles
(with the residuals y_true - y_pred rounded to double, as both implementations
do), and the script fails unless scikit-learn agrees to 1e-13 relative. The
tests compare at 1e-12, so a case only enters when the reference itself is
accurate: scikit-learn's two-pass variance loses digits on data such as
1e9 + N(0, 0.01), which is why the offset cases use noise of scale 1.

Random cases: rng = numpy.random.default_rng(seed), seed = 1000 + n.
y_true = rng.normal(loc, scale, n); y_pred = y_true + rng.normal(0, noise, n).
"""

import json
import os
import warnings
from fractions import Fraction

import numpy as np
import sklearn
import sklearn.metrics as skm

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "tests", "assets", "sklearn", "regression_reference.json")
EPS = Fraction(float(np.finfo(np.float64).eps))
METRICS = ("mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "median_absolute_error",
           "mean_absolute_percentage_error", "max_error", "r2", "explained_variance")


def exact(y_true, y_pred):
    """The metrics in rational arithmetic; None where undefined. Matches the force_finite rules."""
    n = len(y_true)
    t = [Fraction(v) for v in y_true]
    r = [Fraction(float(a - b)) for a, b in zip(y_true, y_pred)]  # residuals rounded to double, like numpy
    ss_res = sum(x * x for x in r)
    mean_t = sum(t) / n
    ss_tot = sum((x - mean_t) ** 2 for x in t)
    mean_r = sum(r) / n
    ss_r = sum((x - mean_r) ** 2 for x in r)
    absolute = sorted(abs(x) for x in r)
    median = absolute[n // 2] if n % 2 else (absolute[n // 2 - 1] + absolute[n // 2]) / 2

    def force_finite(num, den):
        return 1 if num == 0 else 0 if den == 0 else 1 - num / den

    mse = ss_res / n
    return {
        "mean_squared_error": mse,
        "root_mean_squared_error": float(mse) ** 0.5,
        "mean_absolute_error": sum(absolute) / n,
        "median_absolute_error": median,
        "mean_absolute_percentage_error": sum(abs(x) / max(abs(y), EPS) for x, y in zip(r, t)) / n,
        "max_error": absolute[-1],
        "r2": None if n < 2 else force_finite(ss_res, ss_tot),
        "explained_variance": force_finite(ss_r, ss_tot),
    }


def case(name, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    assert y_true.shape == y_pred.shape and y_true.ndim == 1 and len(y_true) >= 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # r2_score warns before returning NaN for one sample
        r2 = float(skm.r2_score(y_true, y_pred))
    out = {
        "name": name,
        "y_true": [float(v) for v in y_true],
        "y_pred": [float(v) for v in y_pred],
        "mean_squared_error": float(skm.mean_squared_error(y_true, y_pred)),
        "root_mean_squared_error": float(skm.mean_squared_error(y_true, y_pred, squared=False)),
        "mean_absolute_error": float(skm.mean_absolute_error(y_true, y_pred)),
        "median_absolute_error": float(skm.median_absolute_error(y_true, y_pred)),
        "mean_absolute_percentage_error": float(skm.mean_absolute_percentage_error(y_true, y_pred)),
        "max_error": float(skm.max_error(y_true, y_pred)),
        "r2": None if np.isnan(r2) else r2,
        "explained_variance": float(skm.explained_variance_score(y_true, y_pred)),
    }
    truth = exact(list(y_true), list(y_pred))
    for metric in METRICS:
        got, want = out[metric], truth[metric]
        if want is None or got is None:
            assert want is None and got is None, (name, metric, got, want)
            continue
        want = float(want)
        assert abs(got - want) <= 1e-13 * abs(want), (name, metric, got, want)
    return out


def random_case(n, loc=0.0, scale=1.0, noise=0.3):
    seed = 1000 + n
    rng = np.random.default_rng(seed)
    y_true = rng.normal(loc, scale, n)
    y_pred = y_true + rng.normal(0, noise, n)
    return case(f"random_n{n}_seed{seed}", y_true, y_pred)


def build_cases():
    cases = [random_case(n) for n in (1, 2, 3, 7, 50, 1000)]

    cases.append(case("perfect", [3.0, -0.5, 2.0, 7.0, 4.25], [3.0, -0.5, 2.0, 7.0, 4.25]))
    # scikit-learn's docstring example.
    cases.append(case("sklearn_docstring", [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]))
    # Worse than predicting the mean: negative R².
    cases.append(case("negative_r2", [1.0, 2.0, 3.0, 4.0, 5.0], [5.0, 1.0, 4.0, 2.0, 3.0]))
    cases.append(case("integers_odd_n", [1, 4, 2, 8, 5, 7, 3], [2, 4, 1, 6, 5, 9, 3]))

    # Constant y_true: force_finite gives 1 for exact predictions, 0 otherwise.
    cases.append(case("constant_true_perfect", [3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]))
    cases.append(case("constant_true_imperfect", [3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.5, 2.0]))
    # Constant bias on a constant target: R² 0, explained variance 1 (residual variance 0).
    cases.append(case("constant_true_constant_bias", [3.0, 3.0, 3.0, 3.0], [4.0, 4.0, 4.0, 4.0]))
    cases.append(case("constant_true_n2", [5.0, 5.0], [5.0, 6.0]))
    # Constant bias on a varying target: explained variance 1, R² < 1.
    cases.append(case("constant_bias", [1.0, 2.0, 4.0, 8.0], [1.5, 2.5, 4.5, 8.5]))
    cases.append(case("single_sample", [2.0], [5.0]))
    cases.append(case("two_samples", [1.0, 3.0], [2.0, 2.5]))

    # Zeros in y_true: MAPE divides by eps = 2**-52 instead.
    cases.append(case("mape_zero_true", [0.0, 1.0, -2.0, 0.0, 3.0], [0.5, 1.0, -1.0, 0.0, 2.5]))
    cases.append(case("mape_zero_true_exact", [0.0, 0.0, 4.0], [0.0, 0.0, 5.0]))
    cases.append(case("mape_small_true", [1e-3, -2e-3, 5e-4, 1.0], [2e-3, -1e-3, 0.0, 1.1]))

    # Large offsets: 1e9 + noise of scale 1 (see the module docstring for why not smaller).
    rng = np.random.default_rng(7)
    y = 1e9 + rng.normal(0, 1.0, 1000)
    cases.append(case("offset_1e9_n1000_seed7", y, y + rng.normal(0, 0.5, 1000)))
    rng = np.random.default_rng(8)
    y = -3e9 + rng.normal(0, 2.0, 200)
    cases.append(case("offset_minus3e9_n200_seed8", y, y + rng.normal(0.1, 1.0, 200)))

    # Outliers: mostly small errors, a few huge ones.
    rng = np.random.default_rng(9)
    y = rng.normal(10, 2, 300)
    p = y + rng.normal(0, 0.1, 300)
    p[[3, 150, 299]] += [1e6, -2.5e5, 3e4]
    cases.append(case("outliers_n300_seed9", y, p))
    rng = np.random.default_rng(10)
    y = rng.normal(0, 1, 100)
    y[17] = 1e7
    cases.append(case("outlier_in_true_n100_seed10", y, y + rng.normal(0, 1, 100)))

    names = [c["name"] for c in cases]
    assert len(names) == len(set(names))
    return cases


def dumps(doc):
    """Readable and stable: case keys one per line, lists on one line."""
    def obj(d, ind):
        pad = " " * (ind + 2)
        return "{\n" + ",\n".join(f"{pad}{json.dumps(k)}: {json.dumps(v)}" for k, v in d.items()) \
            + "\n" + " " * ind + "}"

    head = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in doc.items() if k != "cases")
    body = ",\n".join("    " + obj(c, 4) for c in doc["cases"])
    text = "{\n" + head + ",\n  \"cases\": [\n" + body + "\n  ]\n}\n"
    assert json.loads(text) == doc
    return text


def main():
    doc = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "cases": build_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(dumps(doc))
    print(f"wrote {len(doc['cases'])} cases to {os.path.relpath(OUT, REPO)} (sklearn {sklearn.__version__})")
    for c in doc["cases"]:
        print(f"  {c['name']:<32} n={len(c['y_true']):<5} mse={c['mean_squared_error']:.6g} r2={c['r2']}")


if __name__ == "__main__":
    main()
