"""An order-3 creative telescoper of the zonal summand — **found by a modular search, not proved**.

The search of :mod:`seqtheory.theorems.exact.telescope` finds, at every point tried, a one-dimensional space of
relations Σ_{i=0}^{3} p_i F(k−i, b, c) = Δ_b(R_1F) + Δ_c(R_2F) for the zonal summand F (docs/wishart_moments.md, §4).
Interpolating those spaces over 11 × 11 rational points (n, d) and k = 8..30, modulo one prime, gave the
polynomials below (P_0, P_3 factored; all four symmetric under n ↔ d):

    16 P_0 = −(2k − 1)(nd − 3n − 3d − 8k² + 28k − 15),
    16 P_3 = (n + 2k − 6)(d + 2k − 6)(d − n − 2k + 5)(d − n + 2k − 5)(nd − 3n − 3d − 8k² + 12k + 5),

P_1 and P_2 of degree 4 and 5 in k (coefficients below).  Summed over the shapes, the relation reads
L_3 M_k := Σ P_i M_{k−i} = B_k with B_k ≠ 0: the boundary sums of the summation region do not cancel, so L_3 is
not a recursion of M_k (the five-term conjecture, of order 4, is one; it is not a left multiple of L_3).

Status: the coefficients reproduce the search's space at points not used to find them (tests, notebook), which is
evidence; no certificate (R_1, R_2) has been rebuilt in closed form, so nothing here is a proof and nothing in
seqtheory computes a value from it.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from seqtheory.simulate import validate
from seqtheory.theorems.exact import bipoly, five_term, telescope

#: 16·P_i as {(power of k, power of n, power of d): integer coefficient}, i = 0..3.
COEFFICIENTS: tuple[dict[tuple[int, int, int], int], ...] = (
    # 16·P_0
    {(3, 0, 0): 16, (2, 0, 0): -64, (1, 1, 1): -2, (1, 1, 0): 6, (1, 0, 1): 6, (1, 0, 0): 58, (0, 1, 1): 1,
     (0, 1, 0): -3, (0, 0, 1): -3, (0, 0, 0): -15},
    # 16·P_1
    {(4, 0, 0): -32, (3, 1, 0): -48, (3, 0, 1): -48, (3, 0, 0): 272, (2, 1, 1): -4, (2, 1, 0): 188,
     (2, 0, 1): 188, (2, 0, 0): -684, (1, 2, 1): 6, (1, 2, 0): -18, (1, 1, 2): 6, (1, 1, 1): -52, (1, 1, 0): -94,
     (1, 0, 2): -18, (1, 0, 1): -94, (1, 0, 0): 428, (0, 2, 2): 1, (0, 2, 1): -11, (0, 2, 0): 24, (0, 1, 2): -11,
     (0, 1, 1): 91, (0, 1, 0): -114, (0, 0, 2): 24, (0, 0, 1): -114, (0, 0, 0): 150},
    # 16·P_2
    {(5, 0, 0): -64, (4, 1, 0): 64, (4, 0, 1): 64, (4, 0, 0): 384, (3, 2, 0): 48, (3, 1, 1): 40, (3, 1, 0): -536,
     (3, 0, 2): 48, (3, 0, 1): -536, (3, 0, 0): -664, (2, 2, 1): 8, (2, 2, 0): -184, (2, 1, 2): 8,
     (2, 1, 1): -148, (2, 1, 0): 1316, (2, 0, 2): -184, (2, 0, 1): 1316, (2, 0, 0): 220, (1, 3, 1): -6,
     (1, 3, 0): 18, (1, 2, 2): -4, (1, 2, 1): 58, (1, 2, 0): 26, (1, 1, 3): -6, (1, 1, 2): 58, (1, 1, 1): -174,
     (1, 1, 0): -694, (1, 0, 3): 18, (1, 0, 2): 26, (1, 0, 1): -694, (1, 0, 0): -78, (0, 3, 2): -2,
     (0, 3, 1): 19, (0, 3, 0): -39, (0, 2, 3): -2, (0, 2, 2): 36, (0, 2, 1): -205, (0, 2, 0): 297, (0, 1, 3): 19,
     (0, 1, 2): -205, (0, 1, 1): 727, (0, 1, 0): -609, (0, 0, 3): -39, (0, 0, 2): 297, (0, 0, 1): -609,
     (0, 0, 0): 495},
    # 16·P_3
    {(6, 0, 0): 128, (5, 1, 0): 64, (5, 0, 1): 64, (5, 0, 0): -1600, (4, 2, 0): -32, (4, 1, 1): 80,
     (4, 1, 0): -560, (4, 0, 2): -32, (4, 0, 1): -560, (4, 0, 0): 7824, (3, 3, 0): -16, (3, 2, 1): 8,
     (3, 2, 0): 264, (3, 1, 2): 8, (3, 1, 1): -464, (3, 1, 0): 1560, (3, 0, 3): -16, (3, 0, 2): 264,
     (3, 0, 1): 1560, (3, 0, 0): -18368, (2, 3, 1): -4, (2, 3, 0): 60, (2, 2, 2): 4, (2, 2, 1): 16,
     (2, 2, 0): -748, (2, 1, 3): -4, (2, 1, 2): 16, (2, 1, 1): 424, (2, 1, 0): -748, (2, 0, 3): 60,
     (2, 0, 2): -748, (2, 0, 1): -748, (2, 0, 0): 19420, (1, 4, 1): 2, (1, 4, 0): -6, (1, 3, 2): -2,
     (1, 3, 1): -12, (1, 3, 0): 10, (1, 2, 3): -2, (1, 2, 2): 56, (1, 2, 1): -240, (1, 2, 0): 822, (1, 1, 4): 2,
     (1, 1, 3): -12, (1, 1, 2): -240, (1, 1, 1): 1516, (1, 1, 0): -3010, (1, 0, 4): -6, (1, 0, 3): 10,
     (1, 0, 2): 822, (1, 0, 1): -3010, (1, 0, 0): -4200, (0, 4, 2): 1, (0, 4, 1): -9, (0, 4, 0): 18,
     (0, 3, 3): -2, (0, 3, 2): 9, (0, 3, 1): 41, (0, 3, 0): -138, (0, 2, 4): 1, (0, 2, 3): 9, (0, 2, 2): -143,
     (0, 2, 1): 363, (0, 2, 0): -270, (0, 1, 4): -9, (0, 1, 3): 41, (0, 1, 2): 363, (0, 1, 1): -2285,
     (0, 1, 0): 3450, (0, 0, 4): 18, (0, 0, 3): -138, (0, 0, 2): -270, (0, 0, 1): 3450, (0, 0, 0): -4500},
)


def _at_k(poly: dict, k: int) -> dict[tuple[int, int], int]:
    """16·P_i at one k as a polynomial in (n, d): {(i, j): c}."""
    out: dict[tuple[int, int], int] = {}
    for (a, i, j), c in poly.items():
        out[(i, j)] = out.get((i, j), 0) + c * k**a
    return {key: v for key, v in out.items() if v}


def values(k: int, n, d) -> tuple[Fraction, ...]:
    """(16 P_0, …, 16 P_3) at the point (k, n, d), exactly (k an integer, n and d exact rationals)."""
    k = validate.integer("k", k, low=0, high=10_000)
    n, d = telescope._rational("n", n), telescope._rational("d", d)
    return tuple(Fraction(five_term._at(_at_k(poly, k), n, d)) for poly in COEFFICIENTS)


def residual_polys(moments: list[np.ndarray], K: int) -> list[np.ndarray]:
    """16·B_k = Σ_i 16 P_i(k) M_{k−i} as bipoly arrays for k = 3..K, from M_0..M_K (``moments``, bipoly arrays of
    one size ≥ K + 5)."""
    size = moments[0].shape[0]
    out = []
    for k in range(3, K + 1):
        total = bipoly.zeros(size)
        for i, poly in enumerate(COEFFICIENTS):
            total = total + bipoly.multiply(moments[k - i], _at_k(poly, k))
        out.append(total)
    return out
