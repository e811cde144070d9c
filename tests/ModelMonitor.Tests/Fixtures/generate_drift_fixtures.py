#!/usr/bin/python3
"""Reference values for the drift tests, computed with SciPy 1.10.

Run once with Debian's python3 (apt-get install -y python3-scipy) from this folder:
    /usr/bin/python3 generate_drift_fixtures.py
It rewrites drift_expected.json.gz next to it; the .NET tests only read it.

Samples are not stored: both this script and the tests (Drift/DriftFixtures.cs) generate them
with the same 64-bit linear congruential generator and only correctly rounded IEEE operations
(+, -, *, /, sqrt, floor), so the values are bit-identical in Python and C#. Each case stores the
sum and the first values of both samples so that the tests can prove they regenerated the same data.

- Uniforms: the state starts at SplitMix64(seed);
  state = state * 6364136223846793005 + 1442695040888963407 (mod 2^64);
  u = (2 * (state >> 12) + 1) * 2^-53, strictly inside (0, 1).
- "Normal": Irwin-Hall, the sum of 12 uniforms minus 6 (added left to right).
- Student t with 2 degrees of freedom by its closed-form inverse CDF:
  t = (2u - 1) / sqrt(2u(1 - u)).
- NaN: when the shape asks for it, one extra uniform per value; u < 0.05 makes the value NaN.

Shapes (reference / current): same distribution, mean shift (+0.3), variance change (scale 1.5),
heavy tails (t with 2 df, current scaled 1.2), many ties (values floored to a 0.5 grid, current
shifted 0.1), NaN present (5% NaN on both sides, current shifted 0.2).
Cases: every shape at sizes (12, 15), (50, 50), (50, 70), (1000, 1000), (1000, 800), (100000, 100000).
Per case: ks_2samp for each alternative with method auto / asymp (and exact below 100000; the
method SciPy actually used is recorded, as it falls back to asymp when it cannot be exact),
wasserstein_distance (and np.std of the reference for the normalised distance), energy_distance,
cramervonmises_2samp (auto and asymptotic; exact too when both sizes are at most 20, as SciPy's
exact algorithm grows too fast in memory beyond that), anderson_ksamp (midrank and
right-continuous), and PSI (epsilon 1e-4) / jensenshannon (base e and 2) / Hellinger on 10 quantile
bins of the reference (np.quantile, duplicate edges removed, searchsorted side='right') and on 10
equal-width bins. NaN values are removed before SciPy sees the data (SciPy does not drop them).
kv_quarter: [x, kve(0.25, x)] = exp(x) K_1/4(x) from scipy.special.
kstwo_sf: [n, x, kstwo.sf(x, n)] on a grid that crosses every region of SciPy's algorithm.
Categorical cases store counts directly: chisquare (f_exp = reference proportions times the
current total), chi2_contingency (with and without Yates' correction), Cramer's V, the binned
distances, and a pooled two-proportion z-test (the normal survival function from SciPy).
"""
import gzip
import io
import json
import math
import warnings

import numpy as np
from scipy import stats
from scipy.spatial import distance

MASK = (1 << 64) - 1
SCALE = 2.0 ** -53


class Lcg:
    def __init__(self, seed):
        # SplitMix64 of the seed, so that neighbouring seeds start far apart.
        z = (seed + 0x9E3779B97F4A7C15) & MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        self.state = z ^ (z >> 31)

    def uniform(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return float(2 * (self.state >> 12) + 1) * SCALE

    def normal(self):
        s = 0.0
        for _ in range(12):
            s += self.uniform()
        return s - 6.0

    def t2(self):
        u = self.uniform()
        return (2.0 * u - 1.0) / math.sqrt(2.0 * u * (1.0 - u))


# shape -> (reference recipe, current recipe); a recipe is (kind, shift, scale, step, nan)
# value = kind() * scale + shift, then floor(value / step) * step when step > 0.
SHAPES = {
    "same": (("normal", 0.0, 1.0, 0.0, False), ("normal", 0.0, 1.0, 0.0, False)),
    "shift": (("normal", 0.0, 1.0, 0.0, False), ("normal", 0.3, 1.0, 0.0, False)),
    "scale": (("normal", 0.0, 1.0, 0.0, False), ("normal", 0.0, 1.5, 0.0, False)),
    "heavy": (("t2", 0.0, 1.0, 0.0, False), ("t2", 0.0, 1.2, 0.0, False)),
    "ties": (("normal", 0.0, 1.0, 0.5, False), ("normal", 0.1, 1.0, 0.5, False)),
    "nan": (("normal", 0.0, 1.0, 0.0, True), ("normal", 0.2, 1.0, 0.0, True)),
}
SIZES = [(12, 15), (50, 50), (50, 70), (1000, 1000), (1000, 800), (100000, 100000)]


def sample(recipe, n, seed):
    kind, shift, scale, step, nan = recipe
    rng = Lcg(seed)
    out = np.empty(n)
    for i in range(n):
        v = (rng.normal() if kind == "normal" else rng.t2()) * scale + shift
        if step > 0:
            v = math.floor(v / step) * step
        if nan and rng.uniform() < 0.05:
            v = float("nan")
        out[i] = v
    return out


def quantile_bins(ref, cur, bins=10):
    edges = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=len(edges) + 1)
    c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=len(edges) + 1)
    return edges, r, c


def binned(r, c, eps=1e-4):
    p = r / r.sum()
    q = c / c.sum()
    pe = np.where(p == 0, eps, p)
    qe = np.where(q == 0, eps, q)
    psi = float(np.sum((qe - pe) * np.log(qe / pe)))
    js = float(distance.jensenshannon(p, q))
    js2 = float(distance.jensenshannon(p, q, base=2))
    hel = float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)))
    return {"psi": psi, "js": js, "js_base2": js2, "hellinger": hel}


def numeric_case(shape, n1, n2, seed):
    ref_recipe, cur_recipe = SHAPES[shape]
    ref_all = sample(ref_recipe, n1, seed)
    cur_all = sample(cur_recipe, n2, seed + 1)
    ref = ref_all[~np.isnan(ref_all)]
    cur = cur_all[~np.isnan(cur_all)]
    case = {
        "name": f"{shape}_{n1}_{n2}", "shape": shape, "n_ref": n1, "n_cur": n2,
        "seed_ref": seed, "seed_cur": seed + 1,
        "ref_nan": int(n1 - len(ref)), "cur_nan": int(n2 - len(cur)),
        "ref_sum": float(np.sum(ref)), "cur_sum": float(np.sum(cur)),
        "ref_head": [None if math.isnan(v) else float(v) for v in ref_all[:5]],
        "cur_head": [None if math.isnan(v) else float(v) for v in cur_all[:5]],
    }
    large = max(n1, n2) > 10000
    ks = {}
    for alt in ("two-sided", "greater", "less"):
        ks[alt] = {}
        for method in (("auto", "asymp") if large else ("auto", "exact", "asymp")):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                res = stats.ks_2samp(ref, cur, alternative=alt, method=method)
            fell_back = any("Switching to" in str(w.message) for w in caught)
            used = method
            if method == "auto":
                used = "asymp" if large else "exact"
            if fell_back:
                used = "asymp"
            ks[alt][method] = {"statistic": float(res.statistic), "pvalue": float(res.pvalue), "used": used}
    case["ks"] = ks
    case["wasserstein"] = float(stats.wasserstein_distance(ref, cur))
    case["ref_std"] = float(np.std(ref))
    case["energy"] = float(stats.energy_distance(ref, cur))
    cvm = {}
    for method in (("auto", "asymptotic") if max(n1, n2) > 20 else ("auto", "exact", "asymptotic")):
        res = stats.cramervonmises_2samp(ref, cur, method=method)
        cvm[method] = {"statistic": float(res.statistic), "pvalue": float(res.pvalue)}
    case["cvm"] = cvm
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ad_mid = stats.anderson_ksamp([ref, cur])
        ad_right = stats.anderson_ksamp([ref, cur], midrank=False)
    case["ad_midrank"] = {"statistic": float(ad_mid.statistic), "pvalue": float(ad_mid.significance_level)}
    case["ad_right"] = {"statistic": float(ad_right.statistic), "pvalue": float(ad_right.significance_level)}
    edges, r, c = quantile_bins(ref, cur)
    case["quantile_edges"] = [float(e) for e in edges]
    case["quantile_ref_counts"] = [int(v) for v in r]
    case["quantile_cur_counts"] = [int(v) for v in c]
    case["quantile_binned"] = binned(r, c)
    lo, hi = float(np.min(ref)), float(np.max(ref))
    width_edges = lo + (hi - lo) * np.arange(1, 10) / 10
    wr = np.bincount(np.searchsorted(width_edges, ref, side="right"), minlength=10)
    wc = np.bincount(np.searchsorted(width_edges, cur, side="right"), minlength=10)
    case["width_edges"] = [float(e) for e in width_edges]
    case["width_ref_counts"] = [int(v) for v in wr]
    case["width_cur_counts"] = [int(v) for v in wc]
    case["width_binned"] = binned(wr, wc)
    return case


def z_test(x1, n1, x2, n2):
    p1, p2 = x1 / n1, x2 / n2
    p = (x1 + x2) / (n1 + n2)
    z = (p2 - p1) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return z, float(2 * stats.norm.sf(abs(z)))


CATEGORICAL = [
    ("binary_same", [700, 300], [140, 60]),
    ("binary_shift", [700, 300], [120, 80]),
    ("binary_large", [70000, 30000], [69000, 31000]),
    ("three", [500, 300, 200], [480, 330, 190]),
    ("ten_shift", [100, 90, 80, 70, 60, 50, 40, 30, 20, 10], [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
    ("ten_zero_current", [100, 90, 80, 70, 60, 50, 40, 30, 20, 10], [110, 85, 80, 75, 55, 50, 45, 30, 20, 0]),
    ("many_large", [5000 + 37 * i for i in range(20)], [5100 + 31 * i for i in range(20)]),
]


def categorical_case(name, ref, cur):
    ref = np.array(ref, dtype=float)
    cur = np.array(cur, dtype=float)
    expected = ref / ref.sum() * cur.sum()
    gof = stats.chisquare(cur, expected)
    table = np.vstack([ref, cur])
    nocorr = stats.chi2_contingency(table, correction=False)
    corr = stats.chi2_contingency(table, correction=True)
    cramer = float(stats.contingency.association(table.astype(int), method="cramer"))
    case = {
        "name": name, "ref": [int(v) for v in ref], "cur": [int(v) for v in cur],
        "gof": {"statistic": float(gof.statistic), "pvalue": float(gof.pvalue)},
        "contingency": {"statistic": float(nocorr[0]), "pvalue": float(nocorr[1]), "dof": int(nocorr[2])},
        "contingency_yates": {"statistic": float(corr[0]), "pvalue": float(corr[1]), "dof": int(corr[2])},
        "cramers_v": cramer,
        "binned": binned(ref, cur),
    }
    if len(ref) == 2:
        z, p = z_test(ref[1], ref.sum(), cur[1], cur.sum())
        case["z"] = {"statistic": z, "pvalue": p}
    return case


def kstwo_grid():
    # Every region of the two-sided one-sample Kolmogorov survival function SciPy uses.
    grid = []
    for n in (1, 2, 5, 10, 25, 60, 140, 141, 500, 5000, 50000, 100000, 100001, 500000, 2000000):
        for x in (0.3 / n, 0.75 / n, 1.0 / n, 1.5 / n, 0.5 / math.sqrt(n), 0.8 / math.sqrt(n), 1.2 / math.sqrt(n),
                  1.6 / math.sqrt(n), 2.5 / math.sqrt(n), 5.0 / math.sqrt(n), 0.3, 0.5, 0.7, 1.0 - 0.5 / n):
            if 0 < x < 1:
                grid.append([n, x, float(stats.kstwo.sf(x, n))])
    return grid


def kv_grid():
    # exp(x) K_1/4(x), the Bessel function in the limiting Cramer-von Mises distribution.
    from scipy import special
    return [[x, float(special.kve(0.25, x))] for x in (0.004, 0.01, 0.1, 0.5, 1.0, 3.0, 10.0, 50.0, 300.0)]


def main():
    cases = []
    seed = 20261129
    for shape in SHAPES:
        for n1, n2 in SIZES:
            cases.append(numeric_case(shape, n1, n2, seed))
            seed += 2
    cat = [categorical_case(*c) for c in CATEGORICAL]
    # mtime=0 keeps the file byte-identical when nothing changed.
    with gzip.GzipFile("drift_expected.json.gz", "wb", mtime=0) as raw, \
            io.TextIOWrapper(raw, encoding="ascii", newline="\n") as f:
        json.dump({"scipy": __import__("scipy").__version__, "numeric": cases, "categorical": cat, "kstwo_sf": kstwo_grid(),
                   "kv_quarter": kv_grid()}, f,
                  allow_nan=False, indent=0)


if __name__ == "__main__":
    main()
