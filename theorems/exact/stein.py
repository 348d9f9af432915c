"""Stein / integration-by-parts recursion for mixed moments of Wishart matrices (docs/wishart_moments.md, §2).

For W = XXᵀ with X a d×n Gaussian matrix, ``p_j = tr W^j``, ``p_0 = d`` and P any product of traces,
Gaussian integration by parts (Haff 1979; Pielaszkiewicz, von Rosen, Singull 2017, as corrected by Deitmar)
gives, for k ≥ 1,

    E[p_k P] = (n + (β−1)(k−1)) E[p_{k−1} P] + Σ_{q=1}^{k−1} E[p_q p_{k−1−q} P] + β Σ_{a∈P} a E[p_{k+a−1} P∖a]

with β = 2 for real Gaussian entries and β = 1 for complex ones (E|X_ij|² = 1).  Every term on the right has
total degree one less, so the recursion terminates at E[1] = 1.  It is proved and gives **all** mixed
moments; its cost grows with the number of partitions, so single traces of high degree use the zonal form.

The same recursion runs over two number systems: exact polynomials (:mod:`seqtheory.theorems.exact.bipoly` arrays) and
exact values at integer (n, d).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from seqtheory.theorems.exact import bipoly

BETAS = {"real": 2, "complex": 1}


class _PolyRing:
    """Exact polynomials in (n, d) of total degree < size."""

    def __init__(self, size: int):
        self.size = size

    def one(self):
        return bipoly.constant(1, self.size)

    def n_plus(self, x, c: int):
        return bipoly.times_n_plus(x, c)

    def d_times(self, x):
        return bipoly.times_d_plus(x, 0)

    def zero(self):
        return bipoly.zeros(self.size)


class _IntRing:
    """Exact values at fixed integers (n, d)."""

    def __init__(self, n: int, d: int):
        self.n, self.d = n, d

    def one(self):
        return 1

    def n_plus(self, x, c: int):
        return (self.n + c) * x

    def d_times(self, x):
        return self.d * x

    def zero(self):
        return 0


class SteinRecursion:
    """Memoised mixed moments ``E Π tr W^{parts}`` over one ring (see module docstring)."""

    def __init__(self, ring, field: str = "real", offset: int = 0):
        if field not in BETAS:
            raise ValueError(f"field must be one of {sorted(BETAS)}, got {field!r}")
        self.ring = ring
        self.beta = BETAS[field]
        self.offset = offset  # ≠ 0 only for negative controls: n + (β−1)(k−1) + offset
        self.memo: dict[tuple[int, ...], object] = {(): ring.one()}

    def moment(self, parts: Sequence[int]):
        """E Π_i tr W^{parts_i} for positive integer parts (zeros are factors of d)."""
        return self._state(list(parts))

    def _state(self, parts: list[int]):
        """E of a product whose parts may include zeros (each a factor d)."""
        zeros = parts.count(0)
        value = self._moment(tuple(sorted((p for p in parts if p), reverse=True)))
        for _ in range(zeros):
            value = self.ring.d_times(value)
        return value

    def _moment(self, key: tuple[int, ...]):
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        k, rest = key[0], list(key[1:])
        ring, beta = self.ring, self.beta
        total = ring.n_plus(self._state([k - 1, *rest]), (beta - 1) * (k - 1) + self.offset)
        for q in range(1, k):
            total = total + self._state([q, k - 1 - q, *rest])
        for idx, a in enumerate(rest):
            total = total + beta * a * self._state([k + a - 1, *rest[:idx], *rest[idx + 1:]])
        self.memo[key] = total
        return total


def mixed_moment_poly(parts: Sequence[int], field: str = "real", offset: int = 0) -> np.ndarray:
    """``E Π tr W^{parts}`` as a :mod:`bipoly` array (total degree ≤ 2·Σparts).

    ``offset`` ≠ 0 perturbs the recursion (a deliberately wrong formula, for negative controls)."""
    total = sum(parts)
    return SteinRecursion(_PolyRing(2 * total + 2), field, offset).moment(parts)


def mixed_moment_value(parts: Sequence[int], n: int, d: int, field: str = "real") -> int:
    """``E Π tr W^{parts}`` at integers (n, d), exactly."""
    return SteinRecursion(_IntRing(n, d), field).moment(parts)


def poly_engine(max_degree: int, field: str = "real") -> SteinRecursion:
    """A reusable symbolic engine for mixed moments of total degree ≤ ``max_degree`` (shares the memo)."""
    return SteinRecursion(_PolyRing(2 * max_degree + 2), field)
