"""The teacher-forced CoT loss of Huang, Wang, Lee 2025 (arXiv:2502.21212), Thm 4.1, per eigendirection
(Assumption 4.1: V₃₁(0) and W₁₃(0) share eigenvectors), exact.  Derivation: ``docs/huang2025_thm4_1_dynamics.md``.

Under Assumption 4.1, V₃₁ and W₁₃ share an eigenbasis U.  S = XXᵀ/n is orthogonally invariant, so U = I may be
taken and V₃₁ = diag(v), W₁₃ = diag(w) — the flow keeps them diagonal (the gradient of a diagonal point is
diagonal by the same invariance).  The residual of step i is ``r_i = M_i w*`` with
``M_i = V S (W − I) − (V S W + ηS) A^i``, A = I − ηS, and ``L = ½ Σ_{i<k} E tr(M_iᵀ M_i)``.

Each M_i is a sum of *words* D_0 G D_1 G … G D_q (G = ZZᵀ = nS, D_t diagonal among V, W, P = W − I, I), so every
term of MᵀM is a cyclic word ``tr(C_0 G … C_{m−1} G)`` whose expectation is a sum over Isserlis pairings
(:func:`seqtheory.theorems.exact.wick.cycle_pairings`) of n^{#column classes} Π_cycles Σ_i Π_{t∈cycle} C_t[i] — the
exact mixed Wishart moments with diagonal insertions.  Writing a diagonal as the monomial exponents (α, β, γ) of
v^α w^β (w − 1)^γ, L is a finite sum ``Σ_key c_key Π_{(α,β,γ) ∈ key} f_{αβγ}(v, w)`` with
``f_{αβγ} = Σ_i v_i^α w_i^β (w_i − 1)^γ`` and exact rational coefficients c_key (for rational η).  At v_i ≡ v,
w_i ≡ w it is the isotropic reduced loss of :func:`seqtheory.theorems.exact.cot_flow.reduced_loss`.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from math import comb

import numpy as np

from seqtheory.simulate.flow import gradient_flow
from seqtheory.theorems.exact import wick

Exps = tuple[int, int, int]
I_, V_, W_, P_ = (0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)


def _add(a: Exps, b: Exps) -> Exps:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _words(i: int, n: int, eta: Fraction) -> list[tuple[Fraction, list[Exps]]]:
    """M_i as (coefficient, [D_0 … D_q]) words meaning coefficient · D_0 G D_1 … G D_q (G = nS)."""
    words: list[tuple[Fraction, list[Exps]]] = [(Fraction(1, n), [V_, P_])]  # V S (W − I)
    for j in range(i + 1):  # A^i = Σ_j C(i, j)(−η)^j S^j
        c = comb(i, j) * (-eta) ** j / Fraction(n) ** (1 + j)
        words.append((-c, [V_, W_] + [I_] * j))  # −V S W S^j
        words.append((-eta * c, [I_] * (j + 2)))  # −η S^{1+j}
    return words


@cache
def _pairings(m: int):
    return tuple(wick.cycle_pairings(m).items())


@cache
def loss_terms(n: int, eta: Fraction, k: int) -> dict[tuple[Exps, ...], Fraction]:
    """L = Σ_key c_key Π_{e ∈ key} f_e(v, w), exact coefficients (η a Fraction)."""
    terms: dict[tuple[Exps, ...], Fraction] = {}
    for i in range(k):
        words = _words(i, n, eta)
        for ca, da in words:
            for cb, db in words:
                q, q2 = len(da) - 1, len(db) - 1
                cyc = [_add(db[q2], da[q]), *reversed(da[1:q]), _add(da[0], db[0]), *db[1:q2]]  # C_0 … C_{m−1}
                for (power, cycles), count in _pairings(len(cyc)):
                    key = []
                    for block in cycles:
                        e = I_
                        for t in block:
                            e = _add(e, cyc[t])
                        key.append(e)
                    key = tuple(sorted(key))
                    terms[key] = terms.get(key, Fraction(0)) + Fraction(1, 2) * ca * cb * count * n**power
    return {key: c for key, c in terms.items() if c}


class EigenLoss:
    """L(v, w) and its gradient for diagonal V₃₁ = diag(v), W₁₃ = diag(w): the exact terms evaluated in float,
    vectorised — every distinct f_e once per call, the products over each term's blocks by prefix/suffix products.
    """

    def __init__(self, n: int, eta, k: int):
        terms = loss_terms(n, Fraction(eta).limit_denominator(10**9), k)
        exps = sorted({e for key in terms for e in key})
        index = {e: j for j, e in enumerate(exps)}
        width = max(len(key) for key in terms)
        self.exps = np.array(exps + [(0, 0, 0)])  # (m_e + 1, 3); the last row is the padding "f = 1"
        self.pad = len(exps)
        self.keys = np.array([[index[e] for e in key] + [self.pad] * (width - len(key)) for key in terms])
        self.coef = np.array([float(c) for c in terms.values()])  # (n_terms,)

    def _factors(self, v: np.ndarray, w: np.ndarray):
        a, b, g = (self.exps[:, i, None] for i in range(3))  # (m_e + 1, 1) each
        wm1 = w - 1
        base = v**a * w**b * wm1**g  # (m_e + 1, d)
        dv = a * v ** np.maximum(a - 1, 0) * w**b * wm1**g
        dw = v**a * (b * w ** np.maximum(b - 1, 0) * wm1**g + g * w**b * wm1 ** np.maximum(g - 1, 0))
        f = base.sum(axis=1)
        f[self.pad] = 1.0
        dv[self.pad] = dw[self.pad] = 0.0
        return f, dv, dw

    def value(self, v: np.ndarray, w: np.ndarray) -> float:
        f, _, _ = self._factors(v, w)
        return float(self.coef @ np.prod(f[self.keys], axis=1))

    def gradient(self, v: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        f, dv, dw = self._factors(v, w)
        F = f[self.keys]  # (n_terms, width)
        ones = np.ones((len(F), 1))
        before = np.cumprod(np.concatenate([ones, F[:, :-1]], axis=1), axis=1)
        after = np.cumprod(np.concatenate([ones, F[:, :0:-1]], axis=1), axis=1)[:, ::-1]
        rest = self.coef[:, None] * before * after  # (n_terms, width): ∂(c Π F)/∂F_b
        return np.einsum("tb,tbd->d", rest, dv[self.keys]), np.einsum("tb,tbd->d", rest, dw[self.keys])


def integrate(loss: EigenLoss, v0: np.ndarray, w0: np.ndarray, t_max: float = 5_000.0):
    """The flow (v̇, ẇ) = −∇L from (v0, w0) (:func:`seqtheory.simulate.flow.gradient_flow`)."""
    d = len(v0)

    def field(t, y):
        gv, gw = loss.gradient(y[:d], y[d:])
        return -np.concatenate([gv, gw])
    return gradient_flow(field, np.concatenate([v0, w0]), t_max)


def plateau(loss: EigenLoss, w0: np.ndarray) -> np.ndarray:
    """argmin_v L(v, w0): L is quadratic in v at fixed w, so the gradient is affine, A v + b; solve A v̂ = −b."""
    d = len(w0)
    b = loss.gradient(np.zeros(d), w0)[0]
    A = np.stack([loss.gradient(np.eye(d)[j], w0)[0] - b for j in range(d)], axis=1)  # (d, d)
    return np.linalg.solve(A, -b)


def stages(loss: EigenLoss, sol, eta: float) -> dict:
    """End of the v-phase (first time ‖ẇ‖ > ‖v̇‖), v there, and the first time within 1e-3 of (−η, 1) in every
    direction."""
    d = len(sol.y) // 2
    ts = np.geomspace(1e-4, max(sol.t[-1], 1e-3), 2000)
    ys = sol.sol(ts)  # (2d, 2000)
    speeds = []
    for i in range(ts.size):
        gv, gw = loss.gradient(ys[:d, i], ys[d:, i])
        speeds.append((np.linalg.norm(gv), np.linalg.norm(gw)))
    speeds = np.array(speeds)
    switch = int(np.argmax(speeds[:, 1] > speeds[:, 0]))
    dist = np.max(np.abs(np.concatenate([ys[:d] + eta, ys[d:] - 1])), axis=0)
    converged = ts[int(np.argmax(dist < 1e-3))] if np.any(dist < 1e-3) else float("inf")
    return {"t_switch": float(ts[switch]), "v_at_switch": ys[:d, switch], "t_converged": float(converged)}
