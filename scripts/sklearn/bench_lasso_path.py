#!/usr/bin/python3
"""Time scikit-learn's lasso_path for scripts/bench-solver.ts.

Usage: /usr/bin/python3 scripts/sklearn/bench_lasso_path.py INPUT.json

INPUT holds {"X": n x p rows, "y": n, "lambdas": [...], "tol": float, "repeats": int} with lambdas in our
convention (loss ||y - Xw - b||^2 + lam*||w||_1). lasso_path fits no intercept and minimizes
(1/(2n))||y - Xw||^2 + alpha*||w||_1, so the timed code centers X and y and passes alpha = lam/(2n).
Its stopping rule: duality gap of (1/2)||r||^2 + (lam/2)||w||_1 <= tol * ||y_centered||^2.

Prints one JSON object: per-repeat CPU seconds (time.process_time) and wall seconds, the max KKT violation relative to lam of its path (our
convention), and the coefficients of the last repeat.
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import lasso_path


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    X = np.asarray(data["X"], dtype=np.float64)
    y = np.asarray(data["y"], dtype=np.float64)
    lambdas = np.asarray(data["lambdas"], dtype=np.float64)
    n = X.shape[0]
    alphas = lambdas / (2 * n)
    times = []
    wall = []
    warned = False
    for rep in range(data["repeats"] + 1):  # the first run is a warm-up and is not timed
        if rep == 2 and wall[0] > 5:
            break  # a run this slow is not distorted by warm-up: keep the two runs made
        c0 = time.process_time()
        t0 = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            Xc = X - X.mean(axis=0)
            yc = y - y.mean()
            out_alphas, coefs, _ = lasso_path(Xc, yc, alphas=alphas, tol=data["tol"], max_iter=100_000)
        wall.append(time.perf_counter() - t0)
        times.append(time.process_time() - c0)
        warned = warned or any(issubclass(w.category, ConvergenceWarning) for w in caught)
    if len(times) > 2:
        times = times[1:]
        wall = wall[1:]
    # KKT of the returned path, our convention: g = 2 Xc^T (yc - Xc w), |g_j| <= lam, = lam*sign(w_j) if w_j != 0.
    worst = 0.0
    for k, a in enumerate(out_alphas):
        lam = a * 2 * n
        w = coefs[:, k]
        g = 2 * Xc.T @ (yc - Xc @ w)
        v = np.where(w > 0, np.abs(g - lam), np.where(w < 0, np.abs(g + lam), np.maximum(np.abs(g) - lam, 0)))
        worst = max(worst, float(v.max() / lam))
    order = np.argsort(-lambdas)  # lasso_path returns alphas in decreasing order
    coefs_in_input_order = np.empty_like(coefs)
    coefs_in_input_order[:, order] = coefs
    print(
        json.dumps(
            {
                "sklearn": sklearn.__version__,
                "times": times,
                "wall": wall,
                "kktMax": worst,
                "convergenceWarning": warned,
                "coefs": coefs_in_input_order.T.tolist(),
            }
        )
    )


if __name__ == "__main__":
    main()
