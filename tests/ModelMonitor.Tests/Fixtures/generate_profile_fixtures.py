#!/usr/bin/python3
"""Reference values for the profiling tests, computed with pandas on the UCI Adult data.

Run once with Debian's python3 from this folder:
    /usr/bin/python3 generate_profile_fixtures.py
It reads ../Data/adult/adult.data.gz (see its README.md: no header, ", " separated, "?" missing)
and rewrites profile_expected.json.gz next to it; the .NET tests only read it.

Per column: non-missing count, missing count and fraction, nunique (missing excluded), and for
the six numeric columns mean, std (ddof=1), min, max, skew, the number of zeros, and quantiles.
The profile's quantiles come from a KLL sketch whose rank error is bounded by eps, so for each
probability p the fixture stores the exact order statistics at p - eps and p + eps
(np.quantile, method "inverted_cdf", i.e. the value of rank ceil(q * n)); a correct estimate lies
between them. Categorical columns store their value counts. Dataset level: rows, duplicated rows
(df.duplicated(), all columns), missing cells, and the Pearson and Spearman correlation matrices
of the numeric columns (DataFrame.corr).
"""
import gzip
import json
import os

import numpy as np
import pandas as pd

COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
    "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
]
NUMERIC = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
PROBABILITIES = [0.05, 0.25, 0.5, 0.75, 0.95]
# QuantileSketch.RankErrorBound(200) = 2 / 200^0.95, the default accuracy of the profiles.
EPS = 2.0 / 200 ** 0.95

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "Data", "adult", "adult.data.gz")
df = pd.read_csv(path, header=None, names=COLUMNS, sep=", ", engine="python", na_values=["?"],
                 keep_default_na=False, compression="gzip")

columns = {}
for name in COLUMNS:
    s = df[name]
    entry = {
        "count": int(s.notna().sum()),
        "missing": int(s.isna().sum()),
        "missingFraction": float(s.isna().mean()),
        "distinct": int(s.nunique()),
    }
    if name in NUMERIC:
        v = s.dropna().to_numpy(dtype=float)
        entry.update({
            "mean": float(s.mean()),
            "std": float(s.std(ddof=1)),
            "min": float(s.min()),
            "max": float(s.max()),
            "skew": float(s.skew()),
            "zeros": int((v == 0).sum()),
            "quantiles": [
                {
                    "p": p,
                    "exact": float(np.quantile(v, p, method="inverted_cdf")),
                    "low": float(np.quantile(v, max(p - EPS, 0.0), method="inverted_cdf")),
                    "high": float(np.quantile(v, min(p + EPS, 1.0), method="inverted_cdf")),
                }
                for p in PROBABILITIES
            ],
        })
    else:
        counts = s.value_counts(dropna=True)
        entry["valueCounts"] = {str(k): int(c) for k, c in counts.items()}
    columns[name] = entry

numeric = df[NUMERIC]
out = {
    "rows": int(len(df)),
    "duplicateRows": int(df.duplicated().sum()),
    "missingCells": int(df.isna().sum().sum()),
    "rankError": EPS,
    "numericColumns": NUMERIC,
    "pearson": numeric.corr(method="pearson").to_numpy().tolist(),
    "spearman": numeric.corr(method="spearman").to_numpy().tolist(),
    "columns": columns,
}

with gzip.open(os.path.join(here, "profile_expected.json.gz"), "wt", encoding="utf-8") as f:
    json.dump(out, f, indent=1)
print("rows", out["rows"], "duplicates", out["duplicateRows"], "missing cells", out["missingCells"])
