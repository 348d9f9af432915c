"""Closed form of ``M_k = E tr W^k`` from zonal (Jack, α = 2) polynomials (docs/wishart_moments.md, §3).

Expand the power sum in Jack polynomials J_λ = J_λ^{(2)} (Macdonald, *Symmetric Functions*, VI.10):
``p_k = Σ_{λ⊢k} (⟨p_k, J_λ⟩ / ⟨J_λ, J_λ⟩) J_λ`` with ``⟨p_k, p_k⟩ = 2k``, so ``⟨p_k, J_λ⟩ = 2k·θ_λ`` where

* θ_λ = Π_{s∈λ, s≠(1,1)} (2a′(s) − l′(s))  — the coefficient of p_k in J_λ (Stanley 1989, Thm 5.4 / Macdonald
  VI.10 Ex. 1), a′ = j−1 the co-arm and l′ = i−1 the co-leg of the cell s = (i, j);
* ⟨J_λ, J_λ⟩ = Π_s (2a(s) + l(s) + 1)(2a(s) + l(s) + 2), a the arm and l the leg;
* James (1964): ``E J_λ(W) = [n]_λ [d]_λ`` for W ~ W_d(n, I), with ``[x]_λ = Π_s (x − l′(s) + 2a′(s))``
  (the generalised Pochhammer 2^k (x/2)_λ, and J_λ(1^d) = [d]_λ).

Hence ``M_k = Σ_λ 2k θ_λ / ⟨J_λ, J_λ⟩ · [n]_λ [d]_λ``.  θ_λ vanishes whenever λ contains the cell (3, 2)
(2·1 − 2 = 0), so only the shapes (k) and (a, b, 1^c) survive: O(k²) terms.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from math import lcm

import numpy as np

from seqtheory.theorems.exact import bipoly, zonal_crt


def surviving_shapes(k: int) -> list[tuple[int, ...]]:
    """Partitions λ ⊢ k with λ₃ ≤ 1: (k) and (a, b, 1^c), a ≥ b ≥ 1."""
    shapes: list[tuple[int, ...]] = [(k,)]
    for b in range(1, k // 2 + 1):
        for a in range(b, k - b + 1):
            c = k - a - b
            shapes.append((a, b) + (1,) * c)
    return shapes


def _shape(a: int, b: int, c: int) -> tuple[int, ...]:
    return (a,) if b == 0 else (a, b) + (1,) * c


def _column_lengths(a: int, b: int, c: int) -> list[int]:
    """λ′ for λ = (a, b, 1^c)."""
    if b == 0:
        return [1] * a
    return [2 + c] + [2] * (b - 1) + [1] * (a - b)


@cache
def coefficient_abc(a: int, b: int, c: int) -> Fraction:
    """2k θ_λ / ⟨J_λ, J_λ⟩ (α = 2) for λ = (a, b, 1^c), k = a + b + c; b = 0 means λ = (a)."""
    cols = _column_lengths(a, b, c)
    theta, norm = 1, 1
    for j in range(a):  # row 1 (index 0): co-leg 0, co-arm j
        if j:
            theta *= 2 * j
        arm, leg = a - 1 - j, cols[j] - 1
        norm *= (2 * arm + leg + 1) * (2 * arm + leg + 2)
    for j in range(b):  # row 2 (index 1): co-leg 1
        theta *= 2 * j - 1
        arm, leg = b - 1 - j, cols[j] - 2
        norm *= (2 * arm + leg + 1) * (2 * arm + leg + 2)
    for i in range(2, c + 2):  # rows 3.. (index i), column 1: co-arm 0, co-leg i, arm 0
        theta *= -i
        leg = c + 1 - i
        norm *= (leg + 1) * (leg + 2)
    return Fraction(2 * (a + b + c) * theta, norm)


def coefficient(shape: tuple[int, ...]) -> Fraction:
    """2k θ_λ / ⟨J_λ, J_λ⟩ for a surviving shape given as a partition tuple."""
    a = shape[0]
    b = shape[1] if len(shape) > 1 else 0
    return coefficient_abc(a, b, max(0, len(shape) - 2))


def pochhammer_shifts(shape: tuple[int, ...]) -> list[int]:
    """The shifts c in [x]_λ = Π_s (x + c_s), c_s = 2a′(s) − l′(s) = 2j − i (0-based cell (i, j))."""
    return [2 * j - i for i, row in enumerate(shape) for j in range(row)]


class _Table:
    """[x]_λ coefficient vectors and weights for every surviving shape with |λ| ≤ K, built incrementally:
    [x]_{(a+1, b, 1^c)} = [x]_{(a, b, 1^c)} · (x + 2a), one linear factor per shape."""

    def __init__(self, K: int):
        self.K = K
        self.rows: dict[int, list[tuple[Fraction, np.ndarray]]] = {k: [] for k in range(1, K + 1)}
        size = K + 2
        for b in range(0, K // 2 + 1):
            for c in range(0, K - 2 * b + 1 if b else 1):
                a = max(b, 1)
                if a + b + c > K:
                    continue
                vec = bipoly.univariate_product(pochhammer_shifts(_shape(a, b, c)), size)
                while True:
                    self.rows[a + b + c].append((coefficient_abc(a, b, c), vec))
                    if a + b + c == K:
                        break
                    vec = _times_x_plus(vec, 2 * a)
                    a += 1


def _times_x_plus(v: np.ndarray, c: int) -> np.ndarray:
    out = v * c
    out[1:] += v[:-1]
    return out


def trace_moment_array(k: int) -> np.ndarray:
    """``M_k`` as a bipoly array of size k + 2: Σ_λ w_λ [n]_λ ⊗ [d]_λ (a fresh copy of the cached array), computed
    modulo primes and rebuilt exactly (:mod:`~seqtheory.theorems.exact.zonal_crt`)."""
    if k not in _moments:
        _moments[k] = _d_array() if k == 0 else zonal_crt.trace_moment_arrays(k, start=k)[0]
    return _moments[k].copy()


def trace_moment_arrays(K: int) -> list[np.ndarray]:
    """``M_0 … M_K`` (one modular pass for every k not cached yet)."""
    missing = [k for k in range(1, K + 1) if k not in _moments]
    if missing:
        for k, array in zip(range(missing[0], K + 1), zonal_crt.trace_moment_arrays(K, start=missing[0]),
                            strict=True):
            _moments[k] = array
    return [trace_moment_array(k) for k in range(K + 1)]


_moments: dict[int, np.ndarray] = {}


def _d_array() -> np.ndarray:
    out = bipoly.zeros(2)
    out[0, 1] = 1  # E tr W⁰ = d
    return out


def reference_moment_array(k: int) -> np.ndarray:
    """The slow, obviously-correct path: Σ_λ w_λ [n]_λ ⊗ [d]_λ in big integers, as one weighted Gram matrix PᵀWP
    of the [x]_λ coefficient vectors (Fraction weights, one common denominator).  O(k⁴) big-integer products;
    the tests hold the modular path to it."""
    if k == 0:
        return _d_array()
    rows = _Table(k).rows[k]
    den = lcm(*(w.denominator for w, _ in rows))
    weights = np.array([w.numerator * (den // w.denominator) for w, _ in rows], dtype=object)
    P = np.stack([v[: k + 2] for _, v in rows])  # (#λ, k+2): coefficients of [x]_λ
    weighted = P.T * weights  # (k+2, #λ)
    total = bipoly.zeros(k + 2)
    for i in range(k + 2):
        total[i, i:] = weighted[i] @ P[:, i:]  # row i of PᵀWP, from the diagonal on (it is symmetric)
        total[i:, i] = total[i, i:]
    quotient = total // den
    if np.any(quotient * den != total):
        raise ArithmeticError(f"zonal sum for k={k} is not an integer polynomial")
    return quotient


def trace_moment_at(k: int, n: int, d: int) -> int:
    """``M_k(n, d)`` at integers straight from the zonal sum (no polynomial is formed).

    For each (b, c) the factors [n]_λ[d]_λ are extended along a by (n + 2a)(d + 2a)."""
    if k == 0:
        return d
    terms: list[tuple[Fraction, int]] = []
    for b in range(0, k // 2 + 1):
        for c in range(0, k - 2 * b + 1 if b else 1):
            a = k - b - c
            if a < max(b, 1):
                continue
            prod = 1
            for shift in pochhammer_shifts(_shape(a, b, c)):
                prod *= (n + shift) * (d + shift)
            terms.append((coefficient_abc(a, b, c), prod))
    den = lcm(*(w.denominator for w, _ in terms))
    total = sum(w.numerator * (den // w.denominator) * prod for w, prod in terms)
    if total % den:
        raise ArithmeticError(f"zonal sum for k={k} at (n, d) = ({n}, {d}) is not an integer")
    return total // den
