#!/usr/bin/python3
"""Generate the scikit-learn reference fixtures for tests/unit/solver/sklearn-elastic-net.test.ts.

    /usr/bin/python3 scripts/sklearn/make_elastic_net_fixtures.py

Writes tests/fixtures/sklearn-elastic-net/<name>.json. The data come from make_fixtures.make (same seeds).

Conventions: our elastic-net loss is ||y - Xw - b||^2 + lam1*||w||_1 + lam2*||w||_2^2; scikit-learn's ElasticNet
minimizes (1/(2n))||y - Xw - b||^2 + alpha*l1_ratio*||w||_1 + (alpha*(1 - l1_ratio)/2)*||w||_2^2. Multiplying
by 2n: lam1 = 2n*alpha*l1_ratio, lam2 = n*alpha*(1 - l1_ratio), i.e. alpha = lam1/(2n) + lam2/n and
l1_ratio = (lam1/(2n))/alpha.

Cross-validation: for given fold ids, each fold's Lasso(alpha = lam/(2n_train)) is fitted on the other folds and
its mean squared error on the fold recorded; the mean over folds and its standard error (sd with ddof=1 over
sqrt(k)) are what lassoCrossValidation must reproduce. Standardization: StandardScaler (population sd).
Constrained forms: for t = f * ||w_OLS|| (f < 1), the lambda whose Lasso (alpha = lambda/(2n)) or Ridge (alpha = lambda)
solution has norm t, found by bisection on scikit-learn fits; f >= 1 gives least squares and lambda = 0.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import make  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "sklearn-elastic-net")


def enet_kkt(X, y, w, lam1, lam2):
    """Max elastic-net KKT violation relative to max(lam1, 1e-3*lam_max), our convention, centered data."""
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    g = 2 * Xc.T @ (yc - Xc @ w)
    lam_max = float(2 * np.max(np.abs(Xc.T @ yc)))
    h = g - 2 * lam2 * w
    v = np.where(w != 0, np.abs(h - lam1 * np.sign(w)), np.maximum(np.abs(g) - lam1, 0))
    return float(v.max() / max(lam1, 1e-3 * lam_max))


def enet_fixture(name, X, y, note):
    n, p = X.shape
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    lam_max = float(2 * np.max(np.abs(Xc.T @ yc)))
    cases = []
    for f1, lam2 in [(0.5, 0.0), (0.5, 1.0), (0.1, 10.0), (0.01, 100.0), (0.0, 5.0), (1.2, 3.0)]:
        lam1 = f1 * lam_max
        alpha = lam1 / (2 * n) + lam2 / n
        l1_ratio = (lam1 / (2 * n)) / alpha
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=True, tol=1e-30, max_iter=200_000).fit(X, y)
        cases.append(
            {
                "lambda1": lam1,
                "lambda2": lam2,
                "alpha": alpha,
                "l1Ratio": l1_ratio,
                "coef": m.coef_.tolist(),
                "intercept": float(m.intercept_),
                "sklearnKkt": enet_kkt(X, y, m.coef_, lam1, lam2),
            }
        )
    return {"name": name, "note": note, "sklearn": sklearn.__version__, "n": n, "p": p, "X": X.tolist(), "y": y.tolist(), "elasticNet": cases}


def cv_fixture(X, y, k, seed):
    n = X.shape[0]
    order = np.random.default_rng(seed).permutation(n)
    folds = np.empty(n, dtype=int)
    folds[order] = np.arange(n) % k
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    lam_max = float(2 * np.max(np.abs(Xc.T @ yc)))
    lams = [lam_max * f for f in [0.8, 0.4, 0.2, 0.1, 0.05, 0.02, 0.01]]
    errors = []
    for f in range(k):
        tr, te = folds != f, folds == f
        row = []
        for lam in lams:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                m = Lasso(alpha=lam / (2 * tr.sum()), tol=1e-30, max_iter=200_000).fit(X[tr], y[tr])
            row.append(float(np.mean((y[te] - m.predict(X[te])) ** 2)))
        errors.append(row)
    E = np.array(errors)
    return {
        "order": order.tolist(),
        "k": k,
        "folds": folds.tolist(),
        "lambdas": lams,
        "foldErrors": errors,
        "meanError": E.mean(axis=0).tolist(),
        "standardError": (E.std(axis=0, ddof=1) / np.sqrt(k)).tolist(),
    }


def constrained_fixture(X, y):
    """For t below the least-squares norm, the penalty whose scikit-learn solution has norm t (bisection on alpha)."""
    n = X.shape[0]
    ols = Ridge(alpha=0.0, solver="svd").fit(X, y).coef_
    out = {"lasso": [], "ridge": []}
    for kind, norm in (("lasso", lambda w: np.abs(w).sum()), ("ridge", lambda w: np.sqrt((w ** 2).sum()))):
        for f in (0.2, 0.5, 0.9, 1.5):
            t = f * norm(ols)
            if f >= 1:
                out[kind].append({"t": t, "lambda": 0.0, "coef": ols.tolist()})
                continue
            lo, hi = 0.0, 1e6
            for _ in range(200):
                mid = (lo + hi) / 2
                if kind == "lasso":
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        w = Lasso(alpha=mid / (2 * n), tol=1e-30, max_iter=200_000).fit(X, y).coef_
                else:
                    w = Ridge(alpha=mid, solver="svd").fit(X, y).coef_
                if norm(w) > t:
                    lo = mid
                else:
                    hi = mid
            lam = (lo + hi) / 2
            w = Lasso(alpha=lam / (2 * n), tol=1e-30, max_iter=200_000).fit(X, y).coef_ if kind == "lasso" else Ridge(alpha=lam, solver="svd").fit(X, y).coef_
            out[kind].append({"t": t, "lambda": lam, "coef": w.tolist()})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [
        ("independent", make(50, 5, 1), "n = 50, p = 5, independent features"),
        ("correlated", make(60, 8, 2, rho=0.95), "n = 60, p = 8, neighbouring features correlated 0.95"),
        ("wide", make(20, 50, 3, rho=0.3), "p > n: n = 20, p = 50"),
        ("one-feature", make(15, 1, 5, k=1), "p = 1: compare with the 1-D closed form"),
        ("constant-column", make(30, 4, 6, constant_col=2), "feature 2 is constant"),
    ]
    for name, (X, y), note in cases:
        fx = enet_fixture(name, X, y, note)
        if name == "independent":
            fx["crossValidation"] = cv_fixture(X, y, 5, 11)
            fx["constrained"] = constrained_fixture(X, y)
        if name == "correlated":
            Xs = X * np.array([1, 100, 0.01, 1, 1, 1, 1, 1]) + 7
            fx["standardize"] = {"X": Xs.tolist(), "Z": StandardScaler().fit_transform(Xs).tolist(), "scale": StandardScaler().fit(Xs).scale_.tolist()}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(fx, f, separators=(",", ":"))
        print(f"{name}: worst scikit-learn KKT {max(c['sklearnKkt'] for c in fx['elasticNet']):.2e}")


if __name__ == "__main__":
    main()
