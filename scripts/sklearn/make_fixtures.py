#!/usr/bin/python3
"""Generate the scikit-learn reference fixtures for tests/unit/solver/sklearn.test.ts.

Run with Debian's Python and python3-sklearn (apt-get install -y python3-sklearn):

    /usr/bin/python3 scripts/sklearn/make_fixtures.py

Writes tests/fixtures/sklearn/<name>.json, one file per dataset. The test reads these files and never needs
Python. Conventions (DESIGN.md): our lasso loss is ||y - Xw - b||^2 + lam*||w||_1, scikit-learn's Lasso loss is
(1/(2n))||y - Xw - b||^2 + alpha*||w||_1, so alpha = lam/(2n); Ridge(alpha=lam) is our ridge(lam).

scikit-learn is run far past its default tolerance (tol=1e-30, i.e. until its coordinate descent reaches a
fixed point or max_iter) so that its answers are converged to near machine precision; the KKT residual of
each scikit-learn solution is recorded so the test can tell converged references from unconverged ones.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, Ridge, lasso_path

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "sklearn")


def make(n, p, seed, rho=0.0, offset=0.0, scale=1.0, k=5, noise=0.5, constant_col=None):
    rng = np.random.default_rng(seed)
    Z = np.empty((n, p))
    Z[:, 0] = rng.standard_normal(n)
    for j in range(1, p):
        Z[:, j] = rho * Z[:, j - 1] + np.sqrt(1 - rho * rho) * rng.standard_normal(n)
    beta = np.array([(1 + j) * (-1 if j % 2 else 1) if j < k else 0.0 for j in range(p)])
    y = Z @ beta + noise * rng.standard_normal(n)
    X = offset + scale * Z
    if constant_col is not None:
        X[:, constant_col] = 3.0
    return X, y


def kkt(X, y, w, lam):
    """Max lasso KKT violation relative to lam, on centered data, in our convention."""
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    g = 2 * Xc.T @ (yc - Xc @ w)
    v = np.where(w > 0, np.abs(g - lam), np.where(w < 0, np.abs(g + lam), np.maximum(np.abs(g) - lam, 0)))
    return float(v.max() / lam)


def fixture(name, X, y, ridge_lams, lasso_fracs, note):
    n, p = X.shape
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    lam_max = float(2 * np.max(np.abs(Xc.T @ yc)))
    gram = Xc.T @ Xc
    eig = np.linalg.eigvalsh(gram)
    out = {
        "name": name,
        "note": note,
        "sklearn": sklearn.__version__,
        "n": n,
        "p": p,
        "X": X.tolist(),
        "y": y.tolist(),
        "lambdaMax": lam_max,
        # Condition number of the centered Gram matrix (inf when singular, e.g. p > n or a constant column).
        "gramCondition": float(eig[-1] / eig[0]) if eig[0] > 1e-12 * eig[-1] else None,
        "ridge": [],
        "lasso": [],
    }
    for lam in ridge_lams:
        m = Ridge(alpha=lam, fit_intercept=True, solver="svd").fit(X, y)
        out["ridge"].append({"lambda": lam, "coef": m.coef_.tolist(), "intercept": float(m.intercept_)})
    for f in lasso_fracs:
        lam = f * lam_max
        alpha = lam / (2 * n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            m = Lasso(alpha=alpha, fit_intercept=True, tol=1e-30, max_iter=200_000, selection="cyclic").fit(X, y)
        out["lasso"].append(
            {
                "lambda": lam,
                "alpha": alpha,
                "coef": m.coef_.tolist(),
                "intercept": float(m.intercept_),
                "sklearnIterations": int(m.n_iter_),
                "sklearnKkt": kkt(X, y, m.coef_, lam),
            }
        )
    # lasso_path fits no intercept: give it centered data, as our lassoPath does internally.
    lams = [lam_max * f for f in np.geomspace(1, 1e-3, 8)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        alphas, coefs, _ = lasso_path(Xc, yc, alphas=[l / (2 * n) for l in lams], tol=1e-30, max_iter=200_000)
    out["path"] = {
        "lambdas": [float(a * 2 * n) for a in alphas],
        "coefs": coefs.T.tolist(),
        "sklearnKkt": [kkt(X, y, c, float(a * 2 * n)) for a, c in zip(alphas, coefs.T)],
    }
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    fracs = [0.9, 0.5, 0.1, 0.01, 0.001]
    cases = [
        ("independent", make(50, 5, 1), [0.1, 1.0, 10.0], "n = 50, p = 5, independent features"),
        ("correlated", make(60, 8, 2, rho=0.95), [0.1, 1.0, 10.0], "n = 60, p = 8, neighbouring features correlated 0.95"),
        ("wide", make(20, 50, 3, rho=0.3), [0.1, 1.0, 10.0], "p > n: n = 20, p = 50"),
        (
            "offset",
            make(40, 3, 4, offset=1e6, scale=1e-3, k=3),
            [1e-7, 1e-6, 1e-5],
            "x = 10^6 + 10^-3 * z: huge offset, small spread",
        ),
        ("one-feature", make(15, 1, 5, k=1), [0.1, 1.0, 10.0], "p = 1: compare with the 1-D closed forms"),
        ("constant-column", make(30, 4, 6, constant_col=2), [0.1, 1.0, 10.0], "feature 2 is constant"),
    ]
    for name, (X, y), ridge_lams, note in cases:
        fx = fixture(name, X, y, ridge_lams, fracs, note)
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(fx, f, separators=(",", ":"))
        worst = max(c["sklearnKkt"] for c in fx["lasso"])
        print(f"{name}: worst scikit-learn lasso KKT {worst:.2e}, Gram condition {fx['gramCondition']}")


if __name__ == "__main__":
    main()
