"""Exact out-of-distribution losses of the CoT construction on x ~ N(0, Σ) prompts (Huang, Wang, Lee 2025,
arXiv:2502.21212, Thm 4.2; derivation: ``docs/huang2025_thm4_2_ood.md``).

*k = 1.* ``E‖w_1 − w*‖² = d − 2η tr E[S] + η² tr E[S²]`` with, by Isserlis on x ~ N(0, Σ), ``E[S] = Σ`` and
``tr E[S²] = ((n+1)/n) tr Σ² + (tr Σ)²/n`` — derived symbolically for a generic symmetric Σ, not typed in.

*Small k, the mean.* With w_0 = 0 the rollout error is w_k − w* = −(I − ηS)^k w*, so
``E‖w_k − w*‖² = E tr(I − ηS)^{2k} = Σ_m C(2k, m)(−η/n)^m E tr(ΣZZᵀ)^m`` (S = XXᵀ/n, X = Σ^{1/2}Z): an exact
polynomial in n, η and the power sums tr Σ^j, j ≤ 2k, whose moments E tr(ΣZZᵀ)^m come from Isserlis
(:func:`seqtheory.theorems.exact.wick.covariance_trace_moment`).  As n → ∞ it tends to Σ_i (1 − ηλ_i(Σ))^{2k}.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from seqtheory.theorems.exact import wick


def isserlis_moment(indices: tuple[int, ...], cov) -> sp.Expr:
    """E[x_{i1} … x_{i2m}] for x ~ N(0, cov) by Isserlis: Σ over pairings of Π cov entries."""
    if len(indices) % 2:
        return sp.Integer(0)
    total = sp.Integer(0)
    for sigma in wick.perfect_matchings(list(range(len(indices)))):
        total += sp.Mul(*(cov[indices[p], indices[q]] for p, q in sigma))
    return total


@cache
def derived_trace_second_moment(d: int) -> tuple[sp.Expr, sp.Matrix, sp.Symbol]:
    """tr E[S²] for a generic symmetric d×d Σ (symbols σ_ij) and symbolic n, by Isserlis; returns
    (expression, Σ, n).  Same-sample terms (j = l) and cross terms (j ≠ l) are counted separately."""
    n = sp.Symbol("n", positive=True, integer=True)
    sig = sp.Matrix(d, d, lambda i, j: sp.Symbol(f"sigma_{min(i, j)}{max(i, j)}", real=True))
    same = sum(isserlis_moment((a, b, b, a), sig) for a in range(d) for b in range(d))
    cross = sum(isserlis_moment((a, b), sig) * isserlis_moment((b, a), sig) for a in range(d) for b in range(d))
    return sp.expand((n * same + n * (n - 1) * cross) / n**2), sig, n


def ood_one_step_loss(eta, n: int, sigma) -> float:
    """d − 2η tr Σ + η²[((n+1)/n) tr Σ² + (tr Σ)²/n] (the derived closed form)."""
    sigma = np.asarray(sigma, dtype=float)
    d = sigma.shape[0]
    tr, tr2 = np.trace(sigma), np.trace(sigma @ sigma)
    return float(d - 2 * eta * tr + eta**2 * ((n + 1) / n * tr2 + tr**2 / n))


#: Largest k of the exact mean: E tr(ΣZZᵀ)^{2k} enumerates (4k − 1)!! pairings (k = 3: 10 395).
OOD_MEAN_MAX_K = 3
ETA, N_SYM = sp.symbols("eta n", positive=True)


@cache
def ood_mean_polynomial(k: int) -> sp.Expr:
    """E tr(I − ηS)^{2k} as an exact polynomial in the symbols η, n and p_0 … p_{2k} (p_j = tr Σ^j, p_0 = d)."""
    p = sp.symbols(f"p0:{2 * k + 1}")
    total = sp.Integer(0)
    for m in range(2 * k + 1):
        moment = sum(c * N_SYM**a * sp.Mul(*(p[j] for j in cycles))
                     for (a, cycles), c in wick.covariance_trace_moment(m).items())
        total += sp.binomial(2 * k, m) * (-ETA / N_SYM) ** m * moment
    return sp.expand(total)


def ood_mean_loss(k: int, eta, n: int, sigma) -> float:
    """The exact mean k-step OOD loss at a covariance Σ (the polynomial evaluated at its power sums)."""
    sigma = np.asarray(sigma, dtype=float)
    powers = [float(np.trace(np.linalg.matrix_power(sigma, j))) for j in range(2 * k + 1)]
    values = {ETA: eta, N_SYM: n, **{sp.Symbol(f"p{j}"): v for j, v in enumerate(powers)}}
    return float(ood_mean_polynomial(k).evalf(30, subs=values))


def population_ood_loss(k: int, eta, sigma) -> float:
    """The n → ∞ limit Σ_i (1 − ηλ_i(Σ))^{2k} (no sample fluctuation of S)."""
    return float(np.sum((1 - eta * np.linalg.eigvalsh(np.asarray(sigma, dtype=float))) ** (2 * k)))
