#!/usr/bin/python3
"""Reference count-based classification metrics from scikit-learn for Assay's unit tests.

Run with Debian's Python from the repository root:

    /usr/bin/python3 tools/reference/sklearn_label_metrics.py

Needs Debian packages: python3-sklearn, python3-numpy.

Writes tests/assets/sklearn/label_metrics_reference.json:

    {"sklearn_version", "numpy_version",
     "single_label": [ {
        "name", "num_classes", "y_true", "y_pred",
        "accuracy", "balanced_accuracy", "matthews_corrcoef",
        "cohen_kappa_none", "cohen_kappa_linear", "cohen_kappa_quadratic",
        "confusion_matrix", "confusion_matrix_true", "confusion_matrix_pred", "confusion_matrix_all",
        "<metric>_<average>_zd<z>" ... }, ...],
     "multilabel": [ {
        "name", "num_labels", "y_true", "y_pred" (n rows of num_labels 0/1 values),
        "subset_accuracy", "hamming_loss",
        "multilabel_confusion_matrix" (per label [[tn, fp], [fn, tp]]),
        "<metric>_<average>_zd<z>" ... }, ...]}

<metric> is precision, recall, f1, f0, f0.5, f2, finf (fbeta_score with beta 0, 0.5, 2
and numpy.inf) or jaccard. <average> is binary (single-label K=2 only, pos_label=1),
micro, macro, weighted, samples (multilabel only) or per_class (average=None, a list).
<z> is the zero_division argument, 0 or 1.

Single-label metrics pass labels=list(range(num_classes)) wherever scikit-learn takes
labels (all but binary averages, accuracy, balanced accuracy and MCC), so classes absent
from both y_true and y_pred count in macro averages. Cohen's kappa gets the same labels,
which matters for the linear and quadratic weights: they use class indices 0..K-1.
balanced_accuracy_score takes no labels; it averages recall over the classes in y_true.

A value scikit-learn returns as NaN (Cohen's kappa when both raters use one and the same
class, so chance agreement is perfect) is written as null: Assay reports it as undefined.
Floats are written with Python's repr (shortest round-trip double).

Random single-label cases: rng = numpy.random.default_rng(seed), y_true drawn from
class probabilities, y_pred copies y_true with probability `keep` and is otherwise a
uniform class. Random multilabel cases: rng = numpy.random.default_rng(seed),
y_true[i, j] = rng.random() < density, y_pred copies y_true with probability `keep` and
is otherwise rng.random() < density. Seeds are in the case names.
"""

import json
import math
import os
import warnings

import numpy as np
import sklearn
import sklearn.metrics as skm

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "tests", "assets", "sklearn", "label_metrics_reference.json")

BETAS = {"f0": 0.0, "f0.5": 0.5, "f2": 2.0, "finf": np.inf}


def finite_or_none(value):
    value = float(value)
    return value if math.isfinite(value) else None


def floats(values):
    if np.ndim(values) == 0:
        return finite_or_none(values)
    return [finite_or_none(v) for v in values]


def set_wise(out, y_true, y_pred, averages, labels):
    """precision, recall, F-beta and Jaccard for every average and both zero_division values."""
    for zd in (0, 1):
        for avg in averages:
            kw = {"average": avg, "zero_division": zd}
            if labels is not None and avg != "binary":
                kw["labels"] = labels
            key = f"{avg or 'per_class'}_zd{zd}"
            p, r, f1, _ = skm.precision_recall_fscore_support(y_true, y_pred, beta=1.0, **kw)
            out[f"precision_{key}"] = floats(p)
            out[f"recall_{key}"] = floats(r)
            out[f"f1_{key}"] = floats(f1)
            for name, beta in BETAS.items():
                out[f"{name}_{key}"] = floats(skm.fbeta_score(y_true, y_pred, beta=beta, **kw))
            out[f"jaccard_{key}"] = floats(skm.jaccard_score(y_true, y_pred, **kw))
            # The convenience wrappers must agree with precision_recall_fscore_support.
            assert floats(skm.precision_score(y_true, y_pred, **kw)) == out[f"precision_{key}"]
            assert floats(skm.recall_score(y_true, y_pred, **kw)) == out[f"recall_{key}"]
            assert floats(skm.f1_score(y_true, y_pred, **kw)) == out[f"f1_{key}"]


def single(name, num_classes, y_true, y_pred):
    y_true = [int(v) for v in y_true]
    y_pred = [int(v) for v in y_pred]
    assert len(y_true) == len(y_pred) >= 1
    assert all(0 <= v < num_classes for v in y_true + y_pred)
    labels = list(range(num_classes))
    out = {
        "name": name,
        "num_classes": num_classes,
        "y_true": y_true,
        "y_pred": y_pred,
        "accuracy": floats(skm.accuracy_score(y_true, y_pred)),
        "balanced_accuracy": floats(skm.balanced_accuracy_score(y_true, y_pred)),
        "matthews_corrcoef": floats(skm.matthews_corrcoef(y_true, y_pred)),
    }
    for weights in (None, "linear", "quadratic"):
        out[f"cohen_kappa_{weights or 'none'}"] = floats(
            skm.cohen_kappa_score(y_true, y_pred, labels=labels, weights=weights))
    out["confusion_matrix"] = skm.confusion_matrix(y_true, y_pred, labels=labels).tolist()
    for normalize in ("true", "pred", "all"):
        cm = skm.confusion_matrix(y_true, y_pred, labels=labels, normalize=normalize)
        out[f"confusion_matrix_{normalize}"] = [floats(row) for row in cm]
    averages = (["binary"] if num_classes == 2 else []) + ["micro", "macro", "weighted", None]
    set_wise(out, y_true, y_pred, averages, labels)
    return out


def multilabel(name, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    assert y_true.shape == y_pred.shape and y_true.ndim == 2
    assert y_true.shape[0] >= 1 and y_true.shape[1] >= 2  # one column reads as binary, not multilabel
    assert set(np.unique(y_true)) <= {0, 1} and set(np.unique(y_pred)) <= {0, 1}
    out = {
        "name": name,
        "num_labels": int(y_true.shape[1]),
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "subset_accuracy": floats(skm.accuracy_score(y_true, y_pred)),
        "hamming_loss": floats(skm.hamming_loss(y_true, y_pred)),
        "multilabel_confusion_matrix": skm.multilabel_confusion_matrix(y_true, y_pred).tolist(),
    }
    set_wise(out, y_true, y_pred, ["micro", "macro", "weighted", "samples", None], None)
    return out


def random_single(k, n, keep, probabilities=None, seed=None):
    seed = seed if seed is not None else 10000 * k + n
    rng = np.random.default_rng(seed)
    y_true = rng.choice(k, size=n, p=probabilities)
    copy = rng.random(n) < keep
    y_pred = np.where(copy, y_true, rng.integers(0, k, n))
    return single(f"random_k{k}_n{n}_keep{keep}_seed{seed}", k, y_true, y_pred)


def random_multilabel(labels, n, density, keep, seed):
    rng = np.random.default_rng(seed)
    y_true = (rng.random((n, labels)) < density).astype(int)
    copy = rng.random((n, labels)) < keep
    y_pred = np.where(copy, y_true, (rng.random((n, labels)) < density).astype(int))
    return multilabel(f"random_l{labels}_n{n}_density{density}_keep{keep}_seed{seed}", y_true, y_pred)


def single_label_cases():
    cases = []
    for k in (2, 3, 5, 10):
        for n in (1, 2, 7, 50, 500):
            cases.append(random_single(k, n, 0.6))
    cases.append(random_single(3, 200, 0.0, seed=7))  # chance-level: MCC and kappa near 0, can be negative

    # Heavy imbalance: 2% positives; a 4-class problem dominated by class 0.
    cases.append(random_single(2, 1000, 0.7, [0.98, 0.02], seed=11))
    cases.append(random_single(4, 1000, 0.8, [0.9, 0.07, 0.02, 0.01], seed=12))

    # n = 1 in every binary configuration, and a multiclass miss.
    for t in (0, 1):
        for p in (0, 1):
            cases.append(single(f"single_sample_true{t}_pred{p}_k2", 2, [t], [p]))
    cases.append(single("single_sample_true2_pred0_k3", 3, [2], [0]))

    y = [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1]
    cases.append(single("perfect_k2", 2, y, y))
    cases.append(single("inverted_k2", 2, y, [1 - v for v in y]))
    y = [0, 1, 2, 2, 1, 0, 0, 2, 1, 1, 2, 0]
    cases.append(single("perfect_k3", 3, y, y))

    # Constant predictions: the positive class is never (all 0) or always (all 1) predicted.
    y = [0, 1, 0, 0, 1, 0, 1, 0, 0, 0]
    cases.append(single("constant_pred0_k2", 2, y, [0] * len(y)))
    cases.append(single("constant_pred1_k2", 2, y, [1] * len(y)))
    y = [0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 0, 0, 1, 3, 2]
    cases.append(single("constant_pred0_k4", 4, y, [0] * len(y)))

    # One class everywhere: kappa is 0/0 (null); MCC is 0 by scikit-learn's convention.
    cases.append(single("all_negative_k2", 2, [0] * 6, [0] * 6))
    cases.append(single("all_positive_k2", 2, [1] * 6, [1] * 6))
    cases.append(single("all_class1_k3", 3, [1] * 5, [1] * 5))
    cases.append(single("single_class_k1", 1, [0] * 4, [0] * 4))
    # Truth has one class, predictions vary: MCC's truth variance is 0, so MCC is 0.
    cases.append(single("true_constant_k3", 3, [2] * 6, [2, 0, 2, 1, 2, 2]))

    # Absent from both y_true and y_pred (class 4), never predicted (class 2), only in y_pred (class 2).
    cases.append(single("absent_class4_k5", 5,
                        [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 1, 2],
                        [0, 1, 2, 3, 1, 1, 2, 0, 0, 3, 2, 3, 2, 2]))
    cases.append(single("never_predicted_class2_k3", 3,
                        [0, 1, 2, 2, 0, 1, 2, 0, 1, 2],
                        [0, 1, 0, 1, 0, 1, 1, 0, 0, 0]))
    cases.append(single("pred_only_class2_k3", 3,
                        [0, 1, 0, 1, 0, 1, 0, 1, 1, 0],
                        [0, 1, 2, 1, 0, 2, 0, 1, 2, 1]))
    # Binary: the positive class is only predicted, never true (recall and F are 0/0 for it).
    cases.append(single("positive_only_in_pred_k2", 2, [0, 0, 0, 0, 0], [0, 1, 0, 1, 0]))
    # Ordinal classes 0..5 with 1 and 4 absent: weighted kappa uses the indices, not the ranks.
    cases.append(single("ordinal_gaps_k6", 6,
                        [0, 2, 3, 5, 5, 3, 2, 0, 3, 5, 2, 0],
                        [0, 3, 3, 5, 3, 2, 2, 2, 5, 5, 0, 0]))
    return cases


def multilabel_cases():
    cases = []
    for labels, n, density, keep, seed in [
        (2, 1, 0.5, 0.5, 1), (3, 4, 0.4, 0.6, 2), (5, 30, 0.3, 0.7, 3), (8, 200, 0.2, 0.8, 4),
        (4, 50, 0.05, 0.5, 5), (6, 100, 0.6, 0.6, 6), (3, 20, 0.5, 0.0, 7),
    ]:
        cases.append(random_multilabel(labels, n, density, keep, seed))

    # All-zero rows: in both (samples average is 0/0 everywhere), only in truth, only in predictions.
    cases.append(multilabel("zero_rows_l3", [
        [0, 0, 0], [0, 0, 0], [1, 0, 1], [0, 0, 0], [1, 1, 0], [0, 1, 1],
    ], [
        [0, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 1], [0, 0, 0], [0, 1, 1],
    ]))
    # No positive label anywhere in y_true: weighted averages have zero total support.
    cases.append(multilabel("truth_all_zero_l3", [[0, 0, 0]] * 4, [[0, 1, 0], [0, 0, 0], [1, 0, 0], [0, 0, 0]]))
    # Nothing anywhere: every ratio is 0/0.
    cases.append(multilabel("all_zero_l4", [[0, 0, 0, 0]] * 3, [[0, 0, 0, 0]] * 3))
    cases.append(multilabel("single_row_all_zero_l2", [[0, 0]], [[0, 0]]))
    cases.append(multilabel("single_row_l4", [[1, 0, 1, 0]], [[1, 1, 0, 0]]))
    # Label 2 never true, label 0 never predicted, label 3 in neither.
    cases.append(multilabel("support_gaps_l4", [
        [1, 1, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0],
    ], [
        [0, 1, 1, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0],
    ]))
    y = [[1, 0, 1], [0, 1, 1], [1, 1, 1], [0, 0, 1], [1, 0, 0]]
    cases.append(multilabel("perfect_l3", y, y))
    cases.append(multilabel("inverted_l3", y, [[1 - v for v in row] for row in y]))
    cases.append(multilabel("all_ones_l3", [[1, 1, 1]] * 3, [[1, 1, 1]] * 3))
    return cases


def dumps(doc):
    """Readable and stable: case keys one per line, flat lists on one line, matrices one row per line."""
    def fmt(v, ind):
        if isinstance(v, list) and v and isinstance(v[0], list):
            pad = " " * (ind + 2)
            return "[\n" + ",\n".join(pad + json.dumps(r) for r in v) + "\n" + " " * ind + "]"
        return json.dumps(v, allow_nan=False)

    def obj(d, ind):
        pad = " " * (ind + 2)
        return "{\n" + ",\n".join(f"{pad}{json.dumps(k)}: {fmt(v, ind + 2)}" for k, v in d.items()) \
            + "\n" + " " * ind + "}"

    parts = []
    for key, value in doc.items():
        if isinstance(value, list):
            body = ",\n".join("    " + obj(c, 4) for c in value)
            parts.append(f"  {json.dumps(key)}: [\n{body}\n  ]")
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(value, allow_nan=False)}")
    text = "{\n" + ",\n".join(parts) + "\n}\n"
    assert json.loads(text) == doc
    return text


def main():
    # scikit-learn warns on every zero division and on kappa's 0/0; the warnings are the point of these cases.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = {
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
            "single_label": single_label_cases(),
            "multilabel": multilabel_cases(),
        }
    for group in ("single_label", "multilabel"):
        names = [c["name"] for c in doc[group]]
        assert len(names) == len(set(names)), names
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(dumps(doc))
    print(f"wrote {len(doc['single_label'])} single-label and {len(doc['multilabel'])} multilabel cases "
          f"to {os.path.relpath(OUT, REPO)} (sklearn {sklearn.__version__})")
    for c in doc["single_label"]:
        print(f"  {c['name']:<40} n={len(c['y_true']):<5} acc={c['accuracy']:.4f} "
              f"mcc={c['matthews_corrcoef']:+.4f} kappa={c['cohen_kappa_none']}")
    for c in doc["multilabel"]:
        print(f"  {c['name']:<40} n={len(c['y_true']):<5} subset={c['subset_accuracy']:.4f} "
              f"hamming={c['hamming_loss']:.4f}")


if __name__ == "__main__":
    main()
