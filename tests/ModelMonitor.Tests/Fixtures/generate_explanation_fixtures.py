"""Reference values for the local model of ModelMonitor's LIME explainer (scikit-learn's Ridge with sample weights).

Run with Debian's python3 (python3-sklearn): python3 generate_explanation_fixtures.py
Writes explanation_expected.json.gz next to this script.
"""
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import Ridge

rng = np.random.default_rng(20261129)
cases = []
for name, n, d, alpha in [("small", 60, 4, 1.0), ("lime_like", 500, 12, 1.0), ("selection_alpha", 400, 9, 0.01)]:
    # Binary presence rows like LIME's text perturbations, the first row all ones.
    x = (rng.random((n, d)) < 0.6).astype(float)
    x[0, :] = 1.0
    true = rng.normal(size=d)
    y = 0.3 + x @ true * 0.1 + rng.normal(scale=0.05, size=n)
    kept = x.sum(axis=1)
    distance = (1 - np.sqrt(kept / d)) * 100
    w = np.sqrt(np.exp(-(distance ** 2) / 25 ** 2))
    model = Ridge(alpha=alpha, fit_intercept=True).fit(x, y, sample_weight=w)
    cases.append({
        "name": name,
        "alpha": alpha,
        "x": x.astype(int).tolist(),
        "y": y.tolist(),
        "w": w.tolist(),
        "coef": model.coef_.tolist(),
        "intercept": float(model.intercept_),
        "score": float(model.score(x, y, sample_weight=w)),
        "prediction0": float(model.predict(x[:1])[0]),
    })

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "explanation_expected.json.gz")
with gzip.open(out, "wt", encoding="utf-8") as f:
    json.dump({"sklearn": sklearn.__version__, "ridge": cases}, f)
print("wrote", out)
