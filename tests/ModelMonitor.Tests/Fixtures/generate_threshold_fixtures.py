#!/usr/bin/python3
"""Reference values for the threshold-calibration tests, computed with scikit-learn 1.2.1.

Run once with Debian's python3 (apt-get install -y python3-sklearn) from this folder:
    /usr/bin/python3 generate_threshold_fixtures.py
It rewrites threshold_expected.json.gz next to it; the .NET tests only read it.

Models (fixed random_state, fixed stratified 70/30 train/holdout split, random_state=0):
- breast_cancer: StandardScaler + LogisticRegression(max_iter=5000); holdout score = predict_proba[:, 1].
- breast_cancer_ties: the same scores rounded to 2 decimals (many ties).
- digits_k (k = 0..9): StandardScaler + LogisticRegression(multi_class='ovr', max_iter=5000) on the
  digits data; holdout score = predict_proba[:, k], label = (y == k). The full probability matrix
  and labels are stored under "digits", with, per objective, the per-class one-vs-rest thresholds
  and the decision rule's coverage on the holdout: predict the highest-scoring class whose score
  clears its threshold (first class on ties), otherwise abstain; covered and correct counts.
Per binary case: precision_recall_curve, roc_curve (drop_intermediate True and False),
roc_auc_score, average_precision_score, and the threshold chosen by each objective.

Calibration per binary case: calibration_curve (uniform, 5/10/15 bins) with the bin counts and the
expected calibration error sum_b (n_b / n) |fraction positive_b - mean predicted_b|;
IsotonicRegression(out_of_bounds='clip') predictions on a grid over [-0.1, 1.1] and at the scores;
Platt scaling as LogisticRegression(C=1e10, tol=1e-12) on the score alone (a, b of
sigmoid(a s + b)) and its predictions at the scores.

Objectives (the rule the library implements; sklearn has no such function): candidates are the
distinct holdout scores t, descending; predict positive when score >= t. Per candidate tp, fp,
fn = P - tp, tn = N - fp; the value is computed with exactly the floating-point operations of the
C# code; the best value wins and ties go to the highest threshold (np.argmax takes the first).
Each chosen threshold is cross-checked against sklearn's metrics (f1_score, fbeta_score,
balanced_accuracy_score, precision_score, recall_score, confusion_matrix).
"""
import gzip
import json
import math

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.calibration import calibration_curve
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OBJECTIVES = [
    {"name": "f1", "kind": "FBeta", "beta": 1.0},
    {"name": "f2", "kind": "FBeta", "beta": 2.0},
    {"name": "f05", "kind": "FBeta", "beta": 0.5},
    {"name": "youden", "kind": "YoudenJ"},
    {"name": "balanced", "kind": "BalancedAccuracy"},
    {"name": "recall_at_p90", "kind": "RecallAtPrecision", "target": 0.9},
    {"name": "recall_at_p99", "kind": "RecallAtPrecision", "target": 0.99},
    {"name": "recall_at_p1", "kind": "RecallAtPrecision", "target": 1.0},
    {"name": "precision_at_r95", "kind": "PrecisionAtRecall", "target": 0.95},
    {"name": "precision_at_r99", "kind": "PrecisionAtRecall", "target": 0.99},
    {"name": "cost_1_5", "kind": "MinimumCost", "fp_cost": 1.0, "fn_cost": 5.0},
    {"name": "cost_3_1", "kind": "MinimumCost", "fp_cost": 3.0, "fn_cost": 1.0},
]


def counts(scores, labels):
    """tp, fp at each distinct score, descending (sklearn's _binary_clf_curve without weights)."""
    order = np.argsort(scores, kind="mergesort")[::-1]
    s = scores[order]
    y = labels[order].astype(np.int64)
    distinct = np.where(np.diff(s))[0]
    idx = np.r_[distinct, y.size - 1]
    tps = np.cumsum(y)[idx]
    fps = 1 + idx - tps
    return s[idx], tps, fps


def objective(o, scores, labels):
    t, tp, fp = counts(scores, labels)
    pos = int(labels.sum())
    neg = labels.size - pos
    fn = pos - tp
    tn = neg - fp
    tpf, fpf, fnf, tnf = (a.astype(np.float64) for a in (tp, fp, fn, tn))
    precision = tpf / (tpf + fpf)
    recall = tpf / pos
    kind = o["kind"]
    if kind == "FBeta":
        b2 = o["beta"] * o["beta"]
        value = (1.0 + b2) * tpf / ((1.0 + b2) * tpf + b2 * fnf + fpf)
    elif kind == "YoudenJ":
        value = tpf / pos - fpf / neg
    elif kind == "BalancedAccuracy":
        value = (tpf / pos + tnf / neg) / 2.0
    elif kind == "RecallAtPrecision":
        value = np.where(precision >= o["target"], recall, -np.inf)
    elif kind == "PrecisionAtRecall":
        value = np.where(recall >= o["target"], precision, -np.inf)
    elif kind == "MinimumCost":
        value = -((o["fp_cost"] * fpf + o["fn_cost"] * fnf) / labels.size)
    k = int(np.argmax(value))
    if value[k] == -np.inf:
        return {"name": o["name"], "feasible": False}
    pred = scores >= t[k]
    cm = metrics.confusion_matrix(labels, pred, labels=[False, True])
    assert (cm[1, 1], cm[0, 1], cm[1, 0], cm[0, 0]) == (tp[k], fp[k], fn[k], tn[k])
    if kind == "FBeta":
        assert abs(metrics.fbeta_score(labels, pred, beta=o["beta"]) - value[k]) < 1e-12
    if kind == "BalancedAccuracy":
        assert abs(metrics.balanced_accuracy_score(labels, pred) - value[k]) < 1e-12
    v = float(value[k])
    if kind == "MinimumCost":
        v = -v
    return {
        "name": o["name"], "feasible": True, "threshold": float(t[k]), "value": v,
        "tp": int(tp[k]), "fp": int(fp[k]), "fn": int(fn[k]), "tn": int(tn[k]),
        "precision": float(metrics.precision_score(labels, pred)),
        "recall": float(metrics.recall_score(labels, pred)),
    }


def binary_case(name, scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=bool)
    p, r, pt = metrics.precision_recall_curve(labels, scores)
    fpr, tpr, rt = metrics.roc_curve(labels, scores)
    fpr_all, tpr_all, rt_all = metrics.roc_curve(labels, scores, drop_intermediate=False)
    return {
        "name": name,
        "scores": scores.tolist(),
        "labels": [int(v) for v in labels],
        "pr": {"precision": p.tolist(), "recall": r.tolist(), "thresholds": pt.tolist()},
        "roc": {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": rt.tolist()},
        "roc_all": {"fpr": fpr_all.tolist(), "tpr": tpr_all.tolist(), "thresholds": rt_all.tolist()},
        "auc": float(metrics.roc_auc_score(labels, scores)),
        "ap": float(metrics.average_precision_score(labels, scores)),
        "objectives": [objective(o, scores, labels) for o in OBJECTIVES],
        "calibration": calibration(scores, labels),
    }


def calibration(scores, labels):
    """Reliability curves, ECE, isotonic and Platt fits on one holdout."""
    out = {"reliability": []}
    for n_bins in (5, 10, 15):
        prob_true, prob_pred = calibration_curve(labels, scores, n_bins=n_bins, strategy="uniform")
        binids = np.searchsorted(np.linspace(0.0, 1.0, n_bins + 1)[1:-1], scores)
        counts = np.bincount(binids, minlength=n_bins)
        counts = counts[counts != 0]
        ece = float(np.sum(counts / scores.size * np.abs(prob_true - prob_pred)))
        out["reliability"].append({"bins": n_bins, "fraction_positive": prob_true.tolist(),
                                   "mean_predicted": prob_pred.tolist(), "counts": counts.tolist(), "ece": ece})
    iso = IsotonicRegression(out_of_bounds="clip").fit(scores, labels.astype(np.float64))
    grid = np.linspace(-0.1, 1.1, 241)
    out["isotonic"] = {"grid": grid.tolist(), "predicted": iso.predict(grid).tolist(),
                       "at_scores": iso.predict(scores).tolist()}
    platt = LogisticRegression(C=1e10, tol=1e-12, max_iter=100000).fit(scores.reshape(-1, 1), labels)
    out["platt"] = {"a": float(platt.coef_[0, 0]), "b": float(platt.intercept_[0]),
                    "at_scores": platt.predict_proba(scores.reshape(-1, 1))[:, 1].tolist()}
    return out


def main():
    cases = []
    x, y = load_breast_cancer(return_X_y=True)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=0, stratify=y)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, random_state=0)).fit(xtr, ytr)
    s = model.predict_proba(xte)[:, 1]
    cases.append(binary_case("breast_cancer", s, yte == 1))
    cases.append(binary_case("breast_cancer_ties", np.round(s, 2), yte == 1))

    x, y = load_digits(return_X_y=True)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=0, stratify=y)
    model = make_pipeline(
        StandardScaler(), LogisticRegression(multi_class="ovr", max_iter=5000, random_state=0)).fit(xtr, ytr)
    proba = model.predict_proba(xte)
    for k in range(10):
        cases.append(binary_case(f"digits_{k}", proba[:, k], yte == k))

    rules = []
    for o in OBJECTIVES:
        per_class = [objective(o, proba[:, k], yte == k) for k in range(10)]
        t = np.array([c["threshold"] if c["feasible"] else np.nan for c in per_class])
        clears = proba >= t  # NaN never clears
        covered = clears.any(axis=1)
        pred = np.argmax(np.where(clears, proba, -np.inf), axis=1)
        rules.append({"name": o["name"], "thresholds": [c["threshold"] if c["feasible"] else None for c in per_class],
                      "covered": int(covered.sum()), "correct": int((covered & (pred == yte)).sum())})

    doc = {
        "sklearn": sklearn.__version__,
        "objectives": OBJECTIVES,
        "binary": cases,
        "digits": {"train_size": int(xtr.shape[0]), "labels": [int(v) for v in yte],
                   "proba": proba.tolist(), "rules": rules},
    }
    with gzip.open("threshold_expected.json.gz", "wt", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
