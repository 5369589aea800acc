"""Sentence models on crosscheck's own MSRP features, in scikit-learn, for comparison.

Reads the CSVs `crosscheck eval paraphrase --msrp FILE --features-out CSV` writes (label, then
one column per feature), pools them, and scores three models by 10-fold cross-validation
(repeated with two shuffles): logistic regression, gradient-boosted depth-2 trees (200,
shrinkage 0.05, as crosscheck's), and the mean of their probabilities. Each fold's threshold
is the most accurate one on out-of-fold probabilities of its training part (5 inner folds),
as crosscheck chooses it. Runs once on every feature and once without the synonym features
(`syn_*`), so their share is visible.

    ../peers-venv/bin/python benches/peers/paraphrase_models.py train.csv dev.csv
"""

import csv
import json
import sys

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def load(path):
    rows = list(csv.reader(open(path)))
    names = rows[0][1:]
    x = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    y = np.array([int(r[0]) for r in rows[1:]])
    return names, x, y


def logistic():
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))


def trees():
    return GradientBoostingClassifier(
        n_estimators=200, max_depth=2, learning_rate=0.05, random_state=0
    )


def out_of_fold(make, x, y, seed):
    p = np.zeros(len(y))
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
        p[te] = make().fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]
    return p


THRESHOLDS = np.arange(0.20, 0.81, 0.01)


def best_threshold(p, y):
    return THRESHOLDS[np.argmax([((p >= t) == y).mean() for t in THRESHOLDS])]


def main():
    parts = [load(p) for p in sys.argv[1:]]
    names = parts[0][0]
    x = np.vstack([p[1] for p in parts])
    y = np.concatenate([p[2] for p in parts])
    subsets = {
        "all": list(range(len(names))),
        "without_synonyms": [i for i, n in enumerate(names) if not n.startswith("syn_")],
    }
    out = {"pairs": int(len(y)), "features": len(names)}
    for label, cols in subsets.items():
        right = {"logistic": 0, "trees": 0, "blend": 0}
        tp = {k: 0 for k in right}
        said = {k: 0 for k in right}
        for seed in (0, 1):
            for tr, te in StratifiedKFold(10, shuffle=True, random_state=seed).split(x, y):
                xtr, ytr, xte = x[tr][:, cols], y[tr], x[te][:, cols]
                il, it = out_of_fold(logistic, xtr, ytr, seed), out_of_fold(trees, xtr, ytr, seed)
                ql = logistic().fit(xtr, ytr).predict_proba(xte)[:, 1]
                qt = trees().fit(xtr, ytr).predict_proba(xte)[:, 1]
                for k, inner, q in [
                    ("logistic", il, ql),
                    ("trees", it, qt),
                    ("blend", (il + it) / 2, (ql + qt) / 2),
                ]:
                    pred = q >= best_threshold(inner, ytr)
                    right[k] += int((pred == y[te]).sum())
                    tp[k] += int((pred & (y[te] == 1)).sum())
                    said[k] += int(pred.sum())
        n = 2 * len(y)
        out[label] = {
            k: {
                "accuracy": round(right[k] / n, 4),
                "f1": round(2 * tp[k] / (said[k] + 2 * int(y.sum())), 4),
            }
            for k in right
        }
        print(json.dumps(out[label]), file=sys.stderr, flush=True)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
