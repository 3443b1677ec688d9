#!/usr/bin/python3
"""Reference score-based metrics (ROC, PR, log loss, Brier, calibration, top-k) from scikit-learn for Assay's tests.

Run with Debian's Python:

    /usr/bin/python3 tools/reference/sklearn_score_metrics.py

Needs Debian packages: python3-sklearn, python3-numpy (python3-scipy comes with them).

Writes tests/assets/sklearn/score_metrics_reference.json:

    {"sklearn_version", "numpy_version",
     "binary":     [{"name", "y_true", "score", "roc_auc", "average_precision", "log_loss", "brier",
                     "expected_calibration_error", "roc_curve", "precision_recall_curve", "calibration_curve"}],
     "multiclass": [{"name", "num_classes", "y_true", "scores", "roc_auc_ovr_macro", "roc_auc_ovr_weighted",
                     "roc_auc_ovr_micro", "roc_auc_ovo_macro", "average_precision_macro", "log_loss", "brier",
                     "top_k_accuracy": {"1": .., "2": ..}, "expected_calibration_error"}],
     "multilabel": [{"name", "num_labels", "y_true", "scores", "roc_auc_macro", "roc_auc_micro", "roc_auc_weighted",
                     "average_precision_macro", "average_precision_micro", "average_precision_weighted"}],
     "row_sum_probes": [{"num_classes", "row", "accepted"}]}

Every score is float32: the arrays handed to scikit-learn are float32 and are written as the shortest decimal that
reads back as the same float32. Matrices are flat, row-major. A metric without a value is {"undefined": "..."}, saying
what scikit-learn did: it raised, or (average precision without positives) it warned and returned a number that Assay
reports as undefined instead.

Reference calls (all scikit-learn 1.2.1 defaults unless listed):
  roc_auc_score(y, s); average_precision_score(y, s); log_loss(y, s, labels=[0, 1]); brier_score_loss(y, s);
  roc_curve(y, s); precision_recall_curve(y, s); calibration_curve(y, s, n_bins=10, strategy="uniform");
  multiclass: roc_auc_score(y, P, multi_class="ovr"|"ovo", average=...); average_precision_score(
  label_binarize(y, classes=range(K)), P, average="macro"); log_loss(y, P, labels=range(K));
  top_k_accuracy_score(y, P, k=k, labels=range(K)); multilabel: roc_auc_score / average_precision_score(Y, S, average=...).
Not in scikit-learn, computed here with NumPy from the same definitions (documented in docs/metrics.md):
  expected_calibration_error = sum_b n_b/n * |fraction_positive_b - mean_predicted_b| over calibration_curve's bins
  (binary: p(class 1); multiclass: the top probability, hit = argmax == y); multiclass brier = mean_i sum_k (p_ik - y_ik)^2.
  top-k for y_true with only two distinct classes, where scikit-learn 1.2.1 raises: its own multiclass code path.

Random cases: rng = numpy.random.default_rng(seed), seed given per case below.
"""

import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (average_precision_score, brier_score_loss, log_loss, precision_recall_curve,
                             roc_auc_score, roc_curve, top_k_accuracy_score)
from sklearn.preprocessing import label_binarize

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "tests", "assets", "sklearn", "score_metrics_reference.json")
BINS = 10


def f32_list(values):
    """float32 values as the shortest decimals that read back as the same float32."""
    out = []
    for v in np.asarray(values, dtype=np.float32).ravel():
        text = str(v)
        assert np.float32(text) == v, text
        out.append(float(text))
    return out


def floats(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def raised(call):
    """The value of call(), or {"undefined": message} when scikit-learn raises ValueError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            return float(call())
    except ValueError as e:
        return {"undefined": f"scikit-learn raises: {e}"}


def quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def calibration(y, p):
    """calibration_curve's non-empty bins with their counts (same searchsorted binning) and the ECE over them."""
    prob_true, prob_pred = calibration_curve(y, p, n_bins=BINS, strategy="uniform")
    edges = np.linspace(0.0, 1.0, BINS + 1)
    ids = np.searchsorted(edges[1:-1], p)
    counts = np.bincount(ids, minlength=BINS)
    nonzero = counts != 0
    assert len(prob_true) == nonzero.sum()
    assert np.array_equal(prob_pred, np.bincount(ids, weights=p, minlength=BINS)[nonzero] / counts[nonzero])
    ece = float(np.sum(counts[nonzero] / len(p) * np.abs(prob_true - prob_pred)))
    curve = {"bin": [int(b) for b in np.flatnonzero(nonzero)], "count": [int(c) for c in counts[nonzero]],
             "fraction_positive": floats(prob_true), "mean_predicted": floats(prob_pred)}
    return curve, ece


def binary_case(name, y, s):
    y = np.asarray(y, dtype=np.int64)
    s = np.asarray(s, dtype=np.float32)
    assert y.shape == s.shape and set(np.unique(y)) <= {0, 1}
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    case = {"name": name, "y_true": [int(v) for v in y], "score": f32_list(s)}

    case["roc_auc"] = raised(lambda: roc_auc_score(y, s))
    if positives == 0:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = float(average_precision_score(y, s))
        assert any("No positive class found" in str(w.message) for w in caught)
        case["average_precision"] = {"undefined": f"scikit-learn warns 'No positive class found in y_true' and returns {value}"}
    else:
        case["average_precision"] = float(average_precision_score(y, s))
    case["log_loss"] = float(log_loss(y, s, labels=[0, 1]))
    case["brier"] = float(brier_score_loss(y, s))
    curve, ece = calibration(y, s)
    case["expected_calibration_error"] = ece
    case["calibration_curve"] = curve

    if positives and negatives:
        fpr, tpr, thresholds = roc_curve(y, s)
        assert thresholds.dtype == np.float32
        case["roc_curve"] = {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": f32_list(thresholds)}
    else:
        case["roc_curve"] = {"undefined": "scikit-learn warns and returns NaN rates"}
    if positives:
        precision, recall, thresholds = precision_recall_curve(y, s)
        case["precision_recall_curve"] = {"precision": floats(precision), "recall": floats(recall),
                                          "thresholds": f32_list(thresholds)}
    else:
        case["precision_recall_curve"] = {"undefined": "scikit-learn warns and sets recall to 1"}
    return case


def binary_cases():
    cases = []
    for n, seed in ((10, 1010), (100, 1100), (1000, 2000), (3000, 4000)):
        rng = np.random.default_rng(seed)
        y = (rng.random(n) < 0.4).astype(np.int64)
        s = np.clip(0.3 * y + 0.7 * rng.random(n), 0, 1).astype(np.float32)
        cases.append(binary_case(f"random_n{n}_seed{seed}", y, s))
    for n, seed in ((20, 5020), (500, 5500), (2000, 7000)):
        rng = np.random.default_rng(seed)
        y = (rng.random(n) < 0.5).astype(np.int64)
        s = np.round(np.clip(0.25 * y + 0.75 * rng.random(n), 0, 1), 1).astype(np.float32)
        cases.append(binary_case(f"ties_one_decimal_n{n}_seed{seed}", y, s))
    cases.append(binary_case("n1_positive", [1], [0.3]))
    cases.append(binary_case("n1_negative", [0], [0.3]))
    cases.append(binary_case("n2_separated", [0, 1], [0.2, 0.7]))
    cases.append(binary_case("n2_tied", [1, 0], [0.5, 0.5]))
    cases.append(binary_case("n2_inverted", [1, 0], [0.25, 0.75]))
    cases.append(binary_case("n2_both_positive", [1, 1], [0.25, 0.75]))
    rng = np.random.default_rng(8050)
    y = (rng.random(50) < 0.3).astype(np.int64)
    cases.append(binary_case("constant_scores_n50_seed8050", y, np.full(50, 0.3)))
    y = np.array([0, 1] * 20)
    rng = np.random.default_rng(8040)
    s = np.where(y == 1, 0.6 + 0.4 * rng.random(40), 0.5 * rng.random(40))
    cases.append(binary_case("perfect_n40_seed8040", y, s))
    cases.append(binary_case("inverted_n40_seed8040", y, 1 - s))
    rng = np.random.default_rng(8030)
    cases.append(binary_case("only_negatives_n30_seed8030", np.zeros(30), rng.random(30)))
    cases.append(binary_case("only_positives_n30_seed8030", np.ones(30), rng.random(30)))
    cases.append(binary_case("exact_zero_and_one", [1, 0, 1, 0, 1, 0, 1, 0], [1, 0, 0, 1, 0.5, 0.5, 1, 1]))
    cases.append(binary_case("log_loss_clip_edges", [1, 0, 1, 0, 1, 0, 1, 0],
                             [1e-9, 1e-9, 1e-7, 1.1920929e-07, 0.99999994, 0.99999994, 0.9999999, 1 - 1e-9]))
    edges = np.float32(np.arange(11) / 10)
    cases.append(binary_case("calibration_bin_edges", [0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1] * 2,
                             np.concatenate([edges, np.nextafter(edges, np.float32(0.5))])))
    cases.append(binary_case("sklearn_docs_example", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))
    rng = np.random.default_rng(8100)
    cases.append(binary_case("collinear_runs_n200_seed8100", np.repeat([1, 1, 0, 0, 1, 0, 0, 0, 1, 1], 20),
                             np.sort(np.round(rng.random(200), 2))[::-1]))
    return cases


def softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def multiclass_case(name, k, y, p):
    y = np.asarray(y, dtype=np.int64)
    p = np.asarray(p, dtype=np.float32)
    assert p.shape == (len(y), k) and y.min() >= 0 and y.max() < k
    assert np.allclose(1, p.sum(axis=1)), name
    case = {"name": name, "num_classes": k, "y_true": [int(v) for v in y], "scores": f32_list(p)}
    for multi_class, average in (("ovr", "macro"), ("ovr", "weighted"), ("ovr", "micro"), ("ovo", "macro")):
        case[f"roc_auc_{multi_class}_{average}"] = raised(
            lambda: roc_auc_score(y, p, multi_class=multi_class, average=average))
    if len(np.unique(y)) < k:
        missing = sorted(set(range(k)) - set(int(v) for v in y))
        value = quiet(lambda: average_precision_score(label_binarize(y, classes=list(range(k))), p, average="macro"))
        case["average_precision_macro"] = {
            "undefined": f"class {missing[0]} absent: scikit-learn warns and counts its AP as 0, returning {float(value)}"}
    else:
        case["average_precision_macro"] = float(
            average_precision_score(label_binarize(y, classes=list(range(k))), p, average="macro"))
    case["log_loss"] = float(log_loss(y, p, labels=list(range(k))))
    onehot = np.eye(k)[y]
    case["brier"] = float(np.mean(np.sum((p.astype(np.float64) - onehot) ** 2, axis=1)))
    top_k = {}
    for kk in range(1, k + 1):
        try:
            top_k[str(kk)] = float(quiet(lambda: top_k_accuracy_score(y, p, k=kk, labels=list(range(k)))))
        except ValueError:
            # scikit-learn 1.2.1 types y_true with two distinct classes as binary and rejects K columns; its multiclass
            # branch, reproduced here, is the definition.
            ranked = np.argsort(p, axis=1, kind="mergesort")[:, ::-1]
            top_k[str(kk)] = float(np.average((y == ranked[:, :kk].T).any(axis=0)))
            case["top_k_accuracy_note"] = "scikit-learn raises for binary-typed y_true; values from its multiclass code path"
    case["top_k_accuracy"] = top_k
    confidence = p.max(axis=1)
    hit = (p.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, BINS + 1)
    ids = np.searchsorted(edges[1:-1], confidence)
    counts = np.bincount(ids, minlength=BINS)
    nonzero = counts != 0
    accuracy = np.bincount(ids, weights=hit, minlength=BINS)[nonzero] / counts[nonzero]
    mean_confidence = np.bincount(ids, weights=confidence, minlength=BINS)[nonzero] / counts[nonzero]
    case["expected_calibration_error"] = float(np.sum(counts[nonzero] / len(y) * np.abs(accuracy - mean_confidence)))
    return case


def multiclass_cases():
    cases = []
    for k, n, seed in ((3, 60, 3060), (3, 1000, 4000), (10, 300, 10300), (10, 1000, 11000)):
        rng = np.random.default_rng(seed)
        y = rng.integers(0, k, n)
        logits = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[y] * rng.random((n, 1))
        cases.append(multiclass_case(f"random_k{k}_n{n}_seed{seed}", k, y, softmax(logits)))
    for k, n, seed in ((3, 400, 3400), (10, 500, 10500)):
        # Heavy ties: probabilities on a 0.1 grid (integer tenths summing to 10), favouring the true class.
        rng = np.random.default_rng(seed)
        y = rng.integers(0, k, n)
        weights = rng.random((n, k)) + 2 * np.eye(k)[y] * rng.random((n, 1))
        tenths = rng.multinomial(10, weights / weights.sum(axis=1, keepdims=True))
        cases.append(multiclass_case(f"ties_tenths_k{k}_n{n}_seed{seed}", k, y, tenths / 10))
    cases.append(multiclass_case("uniform_rows_k3", 3, [0, 1, 2, 2, 1, 0], np.full((6, 3), 1 / 3)))
    cases.append(multiclass_case("top_k_ties_k4", 4, [0, 1, 2, 3, 3, 2, 1, 0],
                                 [[0.25, 0.25, 0.25, 0.25], [0.4, 0.4, 0.1, 0.1], [0.4, 0.4, 0.1, 0.1], [0.1, 0.1, 0.4, 0.4],
                                  [0.5, 0.0, 0.0, 0.5], [0.0, 0.5, 0.5, 0.0], [0.3, 0.3, 0.3, 0.1], [0.1, 0.3, 0.3, 0.3]]))
    cases.append(multiclass_case("perfect_k3", 3, [0, 1, 2, 0, 1, 2], np.eye(3)[[0, 1, 2, 0, 1, 2]]))
    cases.append(multiclass_case("exact_zero_and_one_k3", 3, [0, 1, 2, 0], [[0, 1, 0], [0, 1, 0], [1, 0, 0], [0.5, 0, 0.5]]))
    rng = np.random.default_rng(3050)
    cases.append(multiclass_case("class2_absent_k3_n50_seed3050", 3, rng.integers(0, 2, 50), softmax(rng.normal(size=(50, 3)))))
    cases.append(multiclass_case("n2_k3", 3, [2, 0], [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]))
    return cases


def multilabel_case(name, y, s):
    y = np.asarray(y, dtype=np.int64)
    s = np.asarray(s, dtype=np.float32)
    n, l = y.shape
    case = {"name": name, "num_labels": l, "y_true": [int(v) for v in y.ravel()], "scores": f32_list(s)}
    support = y.sum(axis=0)
    for average in ("macro", "micro", "weighted"):
        case[f"roc_auc_{average}"] = raised(lambda: roc_auc_score(y, s, average=average))
    if support.sum() == 0:
        # _average_binary_score returns 0 for weighted averages of zero total support before scoring any label.
        assert case["roc_auc_weighted"] == 0
        case["roc_auc_weighted"] = {"undefined": "no positives: scikit-learn returns 0 without scoring any label"}
    for average in ("macro", "micro", "weighted"):
        value = float(quiet(lambda: average_precision_score(y, s, average=average)))
        if average == "macro" and (support == 0).any():
            case["average_precision_macro"] = {"undefined": f"label {int(np.flatnonzero(support == 0)[0])} has no positives: "
                                                            f"scikit-learn warns and counts its AP as 0, returning {value}"}
        elif support.sum() == 0:
            case[f"average_precision_{average}"] = {"undefined": f"no positives: scikit-learn returns {value}"}
        else:
            case[f"average_precision_{average}"] = value
    return case


def multilabel_cases():
    cases = []
    for l, n, seed in ((3, 50, 30050), (5, 500, 50500)):
        rng = np.random.default_rng(seed)
        y = (rng.random((n, l)) < rng.uniform(0.2, 0.6, l)).astype(np.int64)
        cases.append(multilabel_case(f"random_l{l}_n{n}_seed{seed}", y, np.clip(0.3 * y + 0.7 * rng.random((n, l)), 0, 1)))
    rng = np.random.default_rng(40400)
    y = (rng.random((400, 4)) < 0.4).astype(np.int64)
    cases.append(multilabel_case("ties_one_decimal_l4_n400_seed40400", y, np.round(0.2 * y + 0.8 * rng.random((400, 4)), 1)))
    rng = np.random.default_rng(30060)
    y = (rng.random((60, 3)) < 0.5).astype(np.int64)
    y[:, 1] = 0
    cases.append(multilabel_case("label1_all_negative_l3_n60_seed30060", y, rng.random((60, 3))))
    y = (rng.random((60, 3)) < 0.5).astype(np.int64)
    y[:, 2] = 1
    cases.append(multilabel_case("label2_all_positive_l3_n60_seed30060", y, rng.random((60, 3))))
    cases.append(multilabel_case("all_negative_l2_n5", np.zeros((5, 2)), rng.random((5, 2))))
    return cases


def row_sum_probes():
    """Rows near scikit-learn's np.allclose(1, row_sum) boundary, and whether roc_auc_score accepted them."""
    rng = np.random.default_rng(99)
    probes = []
    for k in (3, 10):
        for scale in np.concatenate([np.linspace(1 - 1.05e-5, 1 - 0.95e-5, 11), np.linspace(1 + 0.95e-5, 1 + 1.05e-5, 11)]):
            row = (rng.dirichlet(np.ones(k)) * scale).astype(np.float32)
            y = np.arange(k)
            p = np.vstack([np.eye(k, dtype=np.float32), row])
            try:
                roc_auc_score(np.append(y, 0), p, multi_class="ovr")
                accepted = True
            except ValueError as e:
                assert "need to be probabilities" in str(e)
                accepted = False
            probes.append({"num_classes": k, "row": f32_list(row), "accepted": accepted})
    assert any(p["accepted"] for p in probes) and not all(p["accepted"] for p in probes)
    return probes


def dumps(doc):
    """One case per line group: keys one per line, arrays on one line."""
    def obj(d, ind):
        pad = " " * (ind + 2)
        return "{\n" + ",\n".join(f"{pad}{json.dumps(k)}: {json.dumps(v)}" for k, v in d.items()) + "\n" + " " * ind + "}"

    parts = [f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in doc.items() if not isinstance(v, list)]
    for key, value in doc.items():
        if isinstance(value, list):
            parts.append(f"  {json.dumps(key)}: [\n" + ",\n".join("    " + obj(c, 4) for c in value) + "\n  ]")
    text = "{\n" + ",\n".join(parts) + "\n}\n"
    assert json.loads(text) == doc
    return text


def main():
    doc = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "binary": binary_cases(),
        "multiclass": multiclass_cases(),
        "multilabel": multilabel_cases(),
        "row_sum_probes": row_sum_probes(),
    }
    for kind in ("binary", "multiclass", "multilabel"):
        names = [c["name"] for c in doc[kind]]
        assert len(names) == len(set(names))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    text = dumps(doc)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, REPO)} ({len(text) / 1e6:.2f} MB, sklearn {sklearn.__version__})")
    for kind in ("binary", "multiclass", "multilabel"):
        print(f"  {kind}: {len(doc[kind])} cases")
    accepted = sum(p["accepted"] for p in doc["row_sum_probes"])
    print(f"  row_sum_probes: {len(doc['row_sum_probes'])} ({accepted} accepted)")


if __name__ == "__main__":
    main()
