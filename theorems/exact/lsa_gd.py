"""Exact losses of gradient descent on the in-context weight-prediction task (Huang, Wang, Lee 2025,
arXiv:2502.21212, Thms 3.1 and 3.2; derivations: ``docs/huang2025_thm3_1_no_cot.md``, ``docs/huang2025_thm3_2_cot.md``).

Setting: ``w* ~ N(0, I_d)``, ``x_j ~ N(0, I_d)``, ``S = XXᵀ/n``; GD from w_0 = 0 on ``(1/2n)‖Xᵀw − y‖²``.

* **One step (no CoT).** ``w_1 = ηSw*``, so ``L_1(η) = E tr(I − ηS)² = d − 2η tr E[S] + η² tr E[S²]`` with
  ``E[W] = m_1 I``, ``E[W²] = m_2 I`` derived by Isserlis enumeration (:mod:`seqtheory.theorems.exact.wick`):
  ``L_1(η) = d − 2ηd + η²d(n+d+1)/n``, ``η* = n/(n+d+1)``, ``L* = d(d+1)/(n+d+1)`` — also the lower bound on the
  no-CoT loss of every dense one-layer LSA (Cor 3.1).
* **k steps (CoT).** ``L_k(η) = T_2k(η)`` with ``T_j(η) = E tr(I − ηS)^j``
  (:func:`~seqtheory.theorems.exact.wishart_moments.power_trace_coefficients`).
* **The looped model with a free W₁₃ scale.** With A = I − η′S and c = 1/w − 1,
  ``L(c, η′) = c²d − 2c(1 + c)T_k(η′) + (1 + c)²T_2k(η′)``; minimising the quadratic in c gives
  ``T_2k − (T_2k − T_k)²/(d − 2T_k + T_2k)``.

Glossary: ``n`` ↔ n (in-context examples), ``d`` ↔ d (dimension), ``eta`` ↔ η (step size), ``k`` ↔ CoT steps.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from itertools import pairwise
from math import ceil, log

import numpy as np
import sympy as sp

from seqtheory.theorems.exact import wick
from seqtheory.theorems.exact import wishart_moments as wm
from seqtheory.theorems.exact.values import exact_integer, exact_real, poly_from_dict

#: Symbols of the closed forms: n examples, d dimension (positive integers), η step size (positive).
n, d = sp.symbols("n d", positive=True, integer=True)
eta = sp.Symbol("eta", positive=True)


@cache
def wishart_first_moments() -> tuple[sp.Expr, sp.Expr]:
    """``(m_1, m_2)`` with ``E[W] = m_1 I``, ``E[W²] = m_2 I``, derived by Isserlis enumeration.

    Raises ``AssertionError`` if an off-diagonal contribution survived (it must not, by invariance).
    """
    out = []
    for k in (1, 2):
        diag, off = wick.matrix_entry_moment(k)
        assert not off, f"E[W^{k}] has an off-diagonal part {off}"
        out.append(sp.factor(poly_from_dict(diag, n, d)))
    return out[0], out[1]


@cache
def _loss_expr() -> sp.Expr:
    """L_1(η) = d − 2η tr E[S] + η² tr E[S²] with E[S] = E[W]/n, E[S²] = E[W²]/n²."""
    m1, m2 = wishart_first_moments()
    return sp.expand(d - 2 * eta * d * m1 / n + eta**2 * d * m2 / n**2)


def one_step_loss(eta_value, n_value, d_value) -> sp.Expr:
    """Exact ``L_1(η) = E‖w_1 − w*‖²`` for one GD step of size η from w_0 = 0 (symbols allowed)."""
    e = exact_real("eta", eta_value, low=0, low_open=True)
    nn, dd = exact_integer("n", n_value), exact_integer("d", d_value)
    return sp.simplify(_loss_expr().subs({eta: e, n: nn, d: dd}))


@cache
def _optimum() -> tuple[sp.Expr, sp.Expr]:
    loss = _loss_expr()
    (step,) = sp.solve(sp.diff(loss, eta), eta)
    assert sp.simplify(sp.diff(loss, eta, 2)).is_positive, "L_1 must be strictly convex in η"
    return sp.factor(step), sp.factor(loss.subs(eta, step))


def optimal_step(n_value, d_value) -> sp.Expr:
    """η* = argmin_η L_1(η) = n/(n+d+1), exact."""
    return _optimum()[0].subs({n: exact_integer("n", n_value), d: exact_integer("d", d_value)})


def optimal_loss(n_value, d_value) -> sp.Expr:
    """L* = L_1(η*) = d(d+1)/(n+d+1), exact; also the lower bound on the no-CoT loss of any dense LSA."""
    return _optimum()[1].subs({n: exact_integer("n", n_value), d: exact_integer("d", d_value)})


def map_distance_bound(loss, n_value: int, d_value: int, z: float = 5.0) -> float:
    """Upper bound on ‖M − η*I‖_F implied by a measured loss (an estimate with ``value`` and ``stderr``): the exact
    identity E‖(MS − I)w*‖² = ((n+d+1)/n)‖M − η*I‖_F² + L* (Cor 3.1) gives ((n+d+1)/n)‖M − η*I‖² ≤ L − L* + z·se."""
    excess = loss.value + z * loss.stderr - float(optimal_loss(n_value, d_value))
    return float(np.sqrt(max(excess, 0.0) * n_value / (n_value + d_value + 1)))


def best_step(k: int, n_value: int, d_value: int) -> tuple[Fraction, Fraction]:
    """A rational η close to argmin_η L_k(η) (found in floats, then rationalised) and the exact L_k there."""
    coeffs = wm.power_trace_coefficients(2 * k, n_value, d_value)
    deriv = [float(j * c) for j, c in enumerate(coeffs)][1:]
    roots = np.roots(deriv[::-1])
    candidates = [r.real for r in roots if abs(r.imag) < 1e-9 and 0 < r.real < 4] or [n_value / (n_value + d_value + 1)]
    best = None
    for r in candidates:
        step = Fraction(r).limit_denominator(10**6)
        if step <= 0:
            continue
        value = wm.polynomial_at(coeffs, step)
        if best is None or value < best[1]:
            best = (step, value)
    return best


def mean_losses(n_value: int, d_value: int, eta_value, K: int) -> list[Fraction]:
    """Exact L_0 = d, L_1, …, L_K at η."""
    e = exact_real("eta", eta_value, low=0, low_open=True)
    step = Fraction(int(e.p), int(e.q))
    return [Fraction(d_value)] + [wm.polynomial_at(wm.power_trace_coefficients(2 * k, n_value, d_value), step)
                                  for k in range(1, K + 1)]


def turning_points(n_value: int, d_value: int, eta_value, K: int) -> tuple[int, list[Fraction]]:
    """Exact L_0..L_K at η and the number of sign changes of L_{k+1} − L_k."""
    losses = mean_losses(n_value, d_value, eta_value, K)
    signs = [np.sign(float(b - a)) for a, b in pairwise(losses) if b != a]
    changes = sum(1 for s, t in pairwise(signs) if s != t)
    return changes, losses


def paper_regime(d_value: int, c: int) -> tuple[int, int]:
    """The paper's regime with constants chosen here: n = ⌈d ln⁵ d⌉ in-context examples and k = ⌈c ln d⌉ CoT
    steps."""
    return ceil(d_value * log(d_value) ** 5), ceil(c * log(d_value))


def edge_rate(n_value: int, d_value: int, eta_value: float) -> float:
    """ρ = max(|1 − η(1 − √(d/n))²|, |1 − η(1 + √(d/n))²|): GD's per-step contraction over the Marchenko–Pastur
    support [(1 − √(d/n))², (1 + √(d/n))²] of S's spectrum — a typical prompt's error shrinks at least this fast,
    so d·ρ^{2k} bounds the k-step loss away from the spectrum's tail."""
    g = (d_value / n_value) ** 0.5
    return max(abs(1 - eta_value * (1 - g) ** 2), abs(1 - eta_value * (1 + g) ** 2))


def _float_poly(coeffs, x: float) -> float:
    return float(sum(float(c) * x**m for m, c in enumerate(coeffs)))


def looped_loss(k: int, n_value: int, d_value: int, v: float, w: float) -> Fraction:
    """The exact population loss E‖w_k − w*‖² of the looped sparse LSA (V₃₁ = vI, W₁₃ = wI, W₂₄ = −1 applied k
    times): with η′ = −vw and c = 1/w − 1 (w ≠ 0), L(c, η′) = c²d − 2c(1+c)T_k(η′) + (1+c)²T_2k(η′),
    T_j(η′) = E tr(I − η′S)^j (derivation: docs/huang2025_thm3_2_cot.md).  ``v`` and ``w`` are read exactly
    (a float is the rational it stores)."""
    v_q, w_q = Fraction(v), Fraction(w)
    if w_q == 0:
        raise ValueError("w must be non-zero (the looped model with W₁₃ = 0 never moves), got 0")
    step, c = -v_q * w_q, 1 / w_q - 1
    t_k = wm.polynomial_at(wm.power_trace_coefficients(k, n_value, d_value), step)
    t_2k = wm.polynomial_at(wm.power_trace_coefficients(2 * k, n_value, d_value), step)
    return c * c * d_value - 2 * c * (1 + c) * t_k + (1 + c) ** 2 * t_2k


def free_scale_optimum(k: int, n_value: int, d_value: int) -> tuple[float, float, float]:
    """(η′, c, L) minimising the looped model's L(c, η′) over both: c in closed form for each η′, η′ by a bounded
    scalar search; L is then evaluated exactly (:func:`looped_loss`) at the (η′, c) found, so it is attained —
    an upper bound on the minimum, above it by O(xatol²) = O(1e-20) relative, never below it by rounding."""
    from scipy.optimize import minimize_scalar

    tk = wm.power_trace_coefficients(k, n_value, d_value)
    t2k = wm.power_trace_coefficients(2 * k, n_value, d_value)

    def best_c(step: float) -> tuple[float, float]:
        a_k, a_2k = _float_poly(tk, step), _float_poly(t2k, step)
        curvature = d_value - 2 * a_k + a_2k
        c = (a_k - a_2k) / curvature
        return c, a_2k - (a_2k - a_k) ** 2 / curvature

    res = minimize_scalar(lambda e: best_c(e)[1], bounds=(1e-6, 2.0), method="bounded", options={"xatol": 1e-10})
    step, c = float(res.x), best_c(float(res.x))[0]
    w = 1.0 / (1.0 + c)
    return step, c, float(looped_loss(k, n_value, d_value, -step / w, w))
