#!/usr/bin/python3
"""Reference values for the projection tests (PCA, trustworthiness, UMAP's a/b curve, MMD),
computed with scikit-learn 1.2.1, SciPy 1.10 and NumPy 1.24.

Run once with Debian's python3 from this folder:
    /usr/bin/python3 generate_projection_fixtures.py
It rewrites digits.csv.gz and projection_expected.json.gz next to it; the .NET tests only read them.

- digits.csv.gz: sklearn.datasets.load_digits() (bundled with scikit-learn), 64 pixel columns and the label.
- pca_digits: PCA(n_components=10, svd_solver='full') on digits: explained_variance_ratio_,
  explained_variance_, and the 2-D coordinates of every point (PCA(2), plain and whitened).
- pca_synthetic: a 5000 x 256 low-rank-plus-noise set that both this script and the C# test build
  from the same counter-based generator (splitmix64 of seed and element index, so nothing but the
  seed is stored): X[i, j] = sum_r U[i, r] * s_r * V[r, j] + 0.3 * E[i, j] with U, V, E uniform on
  [-1, 1) from streams 1, 2, 3 and s = 12, 9, 7, 5, 4, 3, 2.5, 2. PCA(5, svd_solver='full'):
  explained_variance_ratio_ and the coordinates of the first 300 rows.
- trustworthiness: a 300 x 12 Gaussian set X, a noisy 2-D linear projection Y of it (both stored),
  sklearn.manifold.trustworthiness for k = 5, 10, 20; and on digits vs its own PCA(2) coordinates
  for k = 10 (the digits have ties in distance, so this one is compared loosely).
- umap_ab: a, b of 1 / (1 + a d^(2b)) fitted with scipy.optimize.curve_fit to the target curve of
  umap-learn's find_ab_params (1 below min_dist, exp(-(d - min_dist) / spread) above) on
  linspace(0, 3 spread, 300), for several (min_dist, spread).
- mmd: two stored samples (160 x 6 and 140 x 6, the second shifted); squared MMD with the RBF kernel
  exp(-|x - y|^2 / (2 sigma^2)), sigma = median of the pairwise euclidean distances (i < j) of the
  pooled sample; the unbiased estimator (diagonals excluded) and the biased one.
"""
import gzip
import json

import numpy as np
from scipy.optimize import curve_fit
from scipy.spatial.distance import pdist, cdist
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness

MASK64 = (1 << 64) - 1


def splitmix64(z):
    z = z.astype(np.uint64)
    with np.errstate(over="ignore"):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def uniform(seed, stream, count):
    """Uniform on [-1, 1): element i is splitmix64(seed * 2^32 + stream * 2^56 + i), top 53 bits."""
    base = (seed << 32) + (stream << 56)
    idx = np.arange(count, dtype=np.uint64) + np.uint64(base & MASK64)
    bits = splitmix64(idx) >> np.uint64(11)
    return bits.astype(np.float64) * (2.0 ** -53) * 2.0 - 1.0


def synthetic(seed=7, n=5000, d=256):
    s = np.array([12, 9, 7, 5, 4, 3, 2.5, 2], dtype=np.float64)
    r = len(s)
    U = uniform(seed, 1, n * r).reshape(n, r)
    V = uniform(seed, 2, r * d).reshape(r, d)
    E = uniform(seed, 3, n * d).reshape(n, d)
    return (U * s) @ V + 0.3 * E


def rounded(a, digits=12):
    return [float(f"{v:.{digits}g}") for v in np.asarray(a).ravel()]


def main():
    doc = {}
    digits = load_digits()
    X, y = digits.data, digits.target
    with gzip.open("digits.csv.gz", "wt", encoding="utf-8") as f:
        f.write(",".join([f"p{j}" for j in range(64)] + ["label"]) + "\n")
        for row, label in zip(X, y):
            f.write(",".join(str(int(v)) for v in row) + f",{int(label)}\n")

    p10 = PCA(n_components=10, svd_solver="full").fit(X)
    p2 = PCA(n_components=2, svd_solver="full").fit(X)
    p2w = PCA(n_components=2, svd_solver="full", whiten=True).fit(X)
    doc["pca_digits"] = {
        "explained_variance_ratio": rounded(p10.explained_variance_ratio_, 17),
        "explained_variance": rounded(p10.explained_variance_, 17),
        "coords": rounded(p2.transform(X), 15),
        "coords_whitened": rounded(p2w.transform(X), 15),
    }

    S = synthetic()
    ps = PCA(n_components=5, svd_solver="full").fit(S)
    doc["pca_synthetic"] = {
        "seed": 7, "rows": 5000, "columns": 256,
        "check_x": rounded(S[[0, 1, 4999], :][:, [0, 1, 255]], 17),
        "explained_variance_ratio": rounded(ps.explained_variance_ratio_, 17),
        "coords_rows": 300,
        "coords": rounded(ps.transform(S[:300]), 15),
    }

    rng = np.random.default_rng(11)
    TX = rng.standard_normal((300, 12))
    TY = TX @ rng.standard_normal((12, 2)) + 0.5 * rng.standard_normal((300, 2))
    doc["trustworthiness"] = {
        "x": rounded(TX, 17), "y": rounded(TY, 17), "dimension": 12,
        "k": [5, 10, 20],
        "values": [float(trustworthiness(TX, TY, n_neighbors=k)) for k in (5, 10, 20)],
        "digits_pca2_k10": float(trustworthiness(X, p2.transform(X), n_neighbors=10)),
    }

    def curve(x, a, b):
        return 1.0 / (1.0 + a * x ** (2 * b))

    ab = []
    for min_dist, spread in [(0.1, 1.0), (0.0, 1.0), (0.5, 1.0), (0.25, 2.0), (0.001, 0.5)]:
        xv = np.linspace(0, spread * 3, 300)
        yv = np.zeros(xv.shape)
        yv[xv < min_dist] = 1.0
        yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
        (a, b), _ = curve_fit(curve, xv, yv)
        ab.append({"min_dist": min_dist, "spread": spread, "a": float(a), "b": float(b)})
    doc["umap_ab"] = ab

    MA = rng.standard_normal((160, 6))
    MB = rng.standard_normal((140, 6)) + np.array([0.4, 0, 0, 0.2, 0, 0])
    pooled = np.vstack([MA, MB])
    sigma = float(np.median(pdist(pooled)))
    k = lambda A, B: np.exp(-cdist(A, B, "sqeuclidean") / (2 * sigma * sigma))
    Kaa, Kbb, Kab = k(MA, MA), k(MB, MB), k(MA, MB)
    m, n = len(MA), len(MB)
    unbiased = (Kaa.sum() - np.trace(Kaa)) / (m * (m - 1)) + (Kbb.sum() - np.trace(Kbb)) / (n * (n - 1)) - 2 * Kab.mean()
    biased = Kaa.mean() + Kbb.mean() - 2 * Kab.mean()
    doc["mmd"] = {"a": rounded(MA, 17), "b": rounded(MB, 17), "dimension": 6, "sigma": sigma,
                  "mmd2_unbiased": float(unbiased), "mmd2_biased": float(biased)}

    with gzip.open("projection_expected.json.gz", "wt", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
