#!/usr/bin/python3
"""Reference values for the rolling statistics tests, computed with pandas.

Run once with Debian's python3 (apt-get install -y python3-pandas) from this folder:
    /usr/bin/python3 generate_rolling_fixtures.py
It rewrites the *.csv.gz files next to it; the .NET tests only read them.

Files
- rolling_input.csv.gz: a fixed-seed stream of 100,000 irregularly time-stamped scores
  (t_ms: Unix milliseconds; p: the probability of class 1, a float32 value; conf = max(p, 1 - p)).
- rolling_expected.csv.gz: on sampled rows, pandas' rolling(w).mean / var(ddof=0, 1) / std /
  quantile(q, 'linear') of conf for w = 100 and 1000, rolling('5min') mean / var / std / count,
  and ewm(alpha=0.01, adjust=False).mean().
- bucket_windows.csv.gz: at sampled rows (the stream fed in order up to that row), the statistics
  of conf over the monitor's bucketed time windows (30 s buckets, 10 per window): current window,
  previous window, and all-time, computed with pandas group operations.
- stable_input.csv.gz / stable_expected.csv.gz: values near 1e9 with a spread of 1e-3 and the
  exact (rational arithmetic) variance of sampled windows of 100.
"""
import gzip
from fractions import Fraction

import numpy as np
import pandas as pd

SEED = 20261129
N = 100_000
BASE_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def write(name, frame):
    with gzip.open(name, "wt", encoding="ascii", newline="\n") as f:
        frame.to_csv(f, index=False, float_format="%.17g", na_rep="nan")


def main():
    rng = np.random.default_rng(SEED)
    # Irregular arrivals: exponential gaps (mean 400 ms) with bursts of equal timestamps.
    gaps = rng.exponential(400.0, N).astype(np.int64)
    gaps[rng.random(N) < 0.05] = 0
    t_ms = BASE_MS + np.cumsum(gaps)
    # A score that drifts: a beta mixture whose mean moves through the day.
    drift = 0.15 * np.sin(np.arange(N) / 9000.0)
    p = np.clip(rng.beta(2.0, 2.0, N) * 0.7 + 0.15 + drift, 0.0, 1.0).astype(np.float32)
    p64 = p.astype(np.float64)
    conf = np.maximum(p64, 1.0 - p64)
    write("rolling_input.csv.gz", pd.DataFrame({"t_ms": t_ms, "p": [repr(float(v)) for v in p64]}))

    s = pd.Series(conf)
    out = {}
    for w in (100, 1000):
        r = s.rolling(w)
        out[f"mean_{w}"] = r.mean()
        out[f"var0_{w}"] = r.var(ddof=0)
        out[f"var1_{w}"] = r.var(ddof=1)
        out[f"std1_{w}"] = r.std(ddof=1)
        for q in (0.1, 0.5, 0.9, 0.99):
            out[f"q{int(round(q * 100))}_{w}"] = r.quantile(q, interpolation="linear")
    ts = pd.Series(conf, index=pd.to_datetime(t_ms, unit="ms"))
    rt = ts.rolling("5min")
    out["tmean"] = rt.mean().to_numpy()
    out["tvar1"] = rt.var(ddof=1).to_numpy()
    out["tvar0"] = rt.var(ddof=0).to_numpy()
    out["tstd1"] = rt.std(ddof=1).to_numpy()
    out["tcount"] = rt.count().to_numpy()
    out["ewm"] = s.ewm(alpha=0.01, adjust=False).mean()
    rows = sorted(set(range(0, 1200)) | set(range(1200, N, 37)) | set(range(N - 100, N)))
    expected = pd.DataFrame(out).iloc[rows]
    expected.insert(0, "row", rows)
    write("rolling_expected.csv.gz", expected)

    # Bucketed time windows: 30 s buckets, 10 per window (a 5-minute window), as the monitor keeps them.
    width_ms = 30_000
    buckets_per_window = 10
    bucket = t_ms // width_ms
    frame = pd.DataFrame({"bucket": bucket, "conf": conf, "cls": (p64 >= 0.5).astype(int)})
    sample = list(range(499, N, 997)) + [N - 1]
    rec = []
    for row in sample:
        seen = frame.iloc[: row + 1]
        b = bucket[row]
        cur = seen[(seen.bucket >= b - buckets_per_window + 1) & (seen.bucket <= b)]
        prev = seen[(seen.bucket >= b - 2 * buckets_per_window + 1) & (seen.bucket <= b - buckets_per_window)]
        item = {"row": row, "t_ms": t_ms[row]}
        for name, part in (("cur", cur), ("prev", prev), ("all", seen)):
            item[f"{name}_count"] = len(part)
            item[f"{name}_mean"] = part.conf.mean()
            item[f"{name}_var1"] = part.conf.var(ddof=1)
            item[f"{name}_var0"] = part.conf.var(ddof=0)
            item[f"{name}_min"] = part.conf.min()
            item[f"{name}_max"] = part.conf.max()
            item[f"{name}_class1"] = int(part.cls.sum())
        rec.append(item)
    write("bucket_windows.csv.gz", pd.DataFrame(rec))

    # Values around 1e9 with a spread of 1e-3: exact window variances with rational arithmetic.
    stable = 1e9 + rng.normal(0.0, 1e-3, 20_000)
    write("stable_input.csv.gz", pd.DataFrame({"x": stable}))
    w = 100
    srows = list(range(w - 1, len(stable), 97)) + [len(stable) - 1]
    exact = []
    for row in srows:
        window = [Fraction(float(v)) for v in stable[row - w + 1: row + 1]]
        mean = sum(window) / w
        ss = sum((v - mean) ** 2 for v in window)
        exact.append({"row": row, "mean": float(mean), "var1": float(ss / (w - 1)), "var0": float(ss / w)})
    write("stable_expected.csv.gz", pd.DataFrame(exact))


if __name__ == "__main__":
    main()
