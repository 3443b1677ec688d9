#!/usr/bin/python3
"""Reference classification metrics from scikit-learn for Assay's unit tests.

Run with Debian's Python:

    /usr/bin/python3 tools/reference/sklearn_classification.py

Needs Debian packages: python3-sklearn, python3-numpy.

Writes tests/assets/sklearn/classification_reference.json:

    {"sklearn_version": "...", "numpy_version": "...", "cases": [ {
        "name", "num_classes", "y_true", "y_pred",
        "accuracy",
        "precision_macro", "recall_macro", "f1_macro",
        "precision_weighted", "recall_weighted", "f1_weighted",
        "precision_micro", "recall_micro", "f1_micro",
        "precision_per_class", "recall_per_class", "f1_per_class",
        "confusion_matrix" }, ... ]}

Every metric except accuracy is computed with labels=list(range(num_classes)) and
zero_division=0. A class that is absent from both y_true and y_pred still counts
in the macro averages, where it contributes 0. Floats are written with Python's
repr (shortest round-trip double).

Random cases: rng = numpy.random.default_rng(seed) with seed = 10000*K + n.
y_true = rng.integers(0, K, n). Each y_pred element copies y_true with
probability 0.6; otherwise it is a fresh uniform draw from 0..K-1.
"""

import json
import os

import numpy as np
import sklearn
import sklearn.metrics as skm

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "tests", "assets", "sklearn", "classification_reference.json")


def case(name, num_classes, y_true, y_pred):
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
        "accuracy": float(skm.accuracy_score(y_true, y_pred)),
    }
    for avg in ("macro", "weighted", "micro"):
        p, r, f, _ = skm.precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=avg, zero_division=0)
        out[f"precision_{avg}"] = float(p)
        out[f"recall_{avg}"] = float(r)
        out[f"f1_{avg}"] = float(f)
    p, r, f, _ = skm.precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, zero_division=0)
    out["precision_per_class"] = [float(v) for v in p]
    out["recall_per_class"] = [float(v) for v in r]
    out["f1_per_class"] = [float(v) for v in f]
    out["confusion_matrix"] = skm.confusion_matrix(y_true, y_pred, labels=labels).tolist()

    # Check the convenience wrappers agree with precision_recall_fscore_support.
    assert out["f1_macro"] == float(skm.f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0))
    assert out["precision_weighted"] == float(
        skm.precision_score(y_true, y_pred, labels=labels, average="weighted", zero_division=0))
    assert out["recall_micro"] == float(skm.recall_score(y_true, y_pred, labels=labels, average="micro", zero_division=0))
    return out


def random_case(k, n):
    seed = 10000 * k + n
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, k, n)
    keep = rng.random(n) < 0.6
    noise = rng.integers(0, k, n)
    y_pred = np.where(keep, y_true, noise)
    return case(f"random_k{k}_n{n}_seed{seed}", k, y_true, y_pred)


def build_cases():
    cases = []
    for k in (2, 3, 10):
        for n in (1, 7, 50, 1000):
            cases.append(random_case(k, n))

    # Perfect classifier, K=3.
    y = [0, 1, 2, 2, 1, 0, 0, 2, 1, 1, 2, 0]
    cases.append(case("perfect_k3", 3, y, list(y)))

    # Constant predictor: always class 0, K=4 (classes 1..3 are never predicted).
    y = [0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 0, 0, 1, 3, 2]
    cases.append(case("constant_class0_k4", 4, y, [0] * len(y)))

    # K=5, class 4 is in neither y_true nor y_pred (it still counts as 0 in macro).
    yt = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 1, 2]
    yp = [0, 1, 2, 3, 1, 1, 2, 0, 0, 3, 2, 3, 2, 2]
    cases.append(case("absent_class4_k5", 5, yt, yp))

    # K=3, class 2 is in y_true but never predicted.
    yt = [0, 1, 2, 2, 0, 1, 2, 0, 1, 2]
    yp = [0, 1, 0, 1, 0, 1, 1, 0, 0, 0]
    cases.append(case("never_predicted_class2_k3", 3, yt, yp))

    # K=3, class 2 is only in y_pred (support 0, predicted 3 times).
    yt = [0, 1, 0, 1, 0, 1, 0, 1, 1, 0]
    yp = [0, 1, 2, 1, 0, 2, 0, 1, 2, 1]
    cases.append(case("pred_only_class2_k3", 3, yt, yp))

    names = [c["name"] for c in cases]
    assert len(names) == len(set(names))
    return cases


def dumps(doc):
    """Readable and stable. Case keys go one per line, flat lists on one line,
    and matrices one row per line."""
    def fmt(v, ind):
        if isinstance(v, list) and v and isinstance(v[0], list):
            pad = " " * (ind + 2)
            return "[\n" + ",\n".join(pad + json.dumps(r) for r in v) + "\n" + " " * ind + "]"
        return json.dumps(v)

    def obj(d, ind):
        pad = " " * (ind + 2)
        return "{\n" + ",\n".join(f"{pad}{json.dumps(k)}: {fmt(v, ind + 2)}" for k, v in d.items()) \
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
        print(f"  {c['name']:<32} n={len(c['y_true']):<5} acc={c['accuracy']:.4f} f1_macro={c['f1_macro']:.4f}")


if __name__ == "__main__":
    main()
