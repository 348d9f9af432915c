"""The five-term recursion for real Wishart trace moments (the engine) — found by fitting, **proved** in
docs/wishart_moments.md §4 (x) for every k ≥ 4:

    (k+1) M_k = (4k−1)(n+d−1) M_{k−1}
              − [(2k−3)(3(n²+d²) + 2nd − 4(n+d)) − 5k³ + 16k² − 13k + 1] M_{k−2}
              + (n+d−1)[(4k−11)(n−d)² − 10k³ + 68k² − 150k + 107] M_{k−3}
              − (k−4)[(n−d)² − (k−2)²][(n−d)² − (2k−7)²] M_{k−4},        k ≥ 4.

It factors exactly as L5 = A5·G with G M_k = M_k − 2(n+d−1) M_{k−1} + [(n−d)² − (2k−3)²] M_{k−2}, and is
equivalent to G M_k = S_k (k ≥ 3) for an explicit single sum S_k whose own three-term recursion A5·S = 0 *is*
proved by a Gosper certificate (:mod:`~seqtheory.theorems.exact.reduction`; docs/wishart_moments.md §4 (vi)–(vii));
G M = S is proved by the certificates of :mod:`~seqtheory.theorems.exact.g_certificate`,
:mod:`~seqtheory.theorems.exact.edge_certificate` and :mod:`~seqtheory.theorems.exact.edge_boundary` (§4 (ix)–(x)).

:mod:`~seqtheory.theorems.exact.wishart_moments` serves M_k for k > 40 from it; the claim
``wishart/five-term/forward`` (:mod:`seqtheory.theorems.wishart.five_term`) checks it as an exact polynomial identity
against the zonal closed form for every k ≤ K.  Run backwards at integer (n, d) it predicts inverse moments — a
continuation the proof does not cover, compared with Haff's identity by ``wishart/five-term/inverse``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from seqtheory.theorems.exact import bipoly


def coefficient_polys(k: int) -> tuple[dict, dict, dict, dict, int]:
    """The recursion's coefficients at step k as ``{(i, j): c}`` polynomials in (n, d): (c1, c2, c3, c4, k+1)
    with ``(k+1)M_k = c1 M_{k−1} + c2 M_{k−2} + c3 M_{k−3} + c4 M_{k−4}``."""
    # (n−d)² = n² − 2nd + d²
    nd2 = {(2, 0): 1, (1, 1): -2, (0, 2): 1}
    s1 = {(1, 0): 1, (0, 1): 1, (0, 0): -1}  # n + d − 1
    c1 = {key: (4 * k - 1) * v for key, v in s1.items()}
    poly2 = {(2, 0): 3, (0, 2): 3, (1, 1): 2, (1, 0): -4, (0, 1): -4}
    c2 = {key: -(2 * k - 3) * v for key, v in poly2.items()}
    c2[(0, 0)] = c2.get((0, 0), 0) + (5 * k**3 - 16 * k**2 + 13 * k - 1)
    inner3 = {key: (4 * k - 11) * v for key, v in nd2.items()}
    inner3[(0, 0)] = inner3.get((0, 0), 0) + (-10 * k**3 + 68 * k**2 - 150 * k + 107)
    c3 = _mul(s1, inner3)
    a = dict(nd2)
    a[(0, 0)] = a.get((0, 0), 0) - (k - 2) ** 2
    b = dict(nd2)
    b[(0, 0)] = b.get((0, 0), 0) - (2 * k - 7) ** 2
    c4 = {key: -(k - 4) * v for key, v in _mul(a, b).items()}
    return c1, c2, c3, c4, k + 1


def _mul(p: dict, q: dict) -> dict:
    out: dict = {}
    for (i1, j1), a in p.items():
        for (i2, j2), b in q.items():
            out[(i1 + i2, j1 + j2)] = out.get((i1 + i2, j1 + j2), 0) + a * b
    return {key: v for key, v in out.items() if v}


def _at(poly: dict, n, d):
    return sum(c * n**i * d**j for (i, j), c in poly.items())


def forward_polys(initial: list[np.ndarray], K: int) -> list[np.ndarray]:
    """M_0..M_K as bipoly arrays (size K+2) from the four proved initial moments M_0..M_3.

    Raises ``ArithmeticError`` if a step is not divisible by k+1 (impossible for the proved recursion from the true
    M_0..M_3: a failure means the initial moments were wrong)."""
    size = K + 2
    M = [bipoly.resize(p, size) for p in initial[:4]]
    for k in range(4, K + 1):
        c1, c2, c3, c4, den = coefficient_polys(k)
        total = (bipoly.multiply(M[k - 1], c1) + bipoly.multiply(M[k - 2], c2)
                 + bipoly.multiply(M[k - 3], c3) + bipoly.multiply(M[k - 4], c4))
        quotient = total // den
        if np.any(quotient * den != total):
            raise ArithmeticError(f"five-term recursion: step k={k} is not divisible by {den}")
        M.append(quotient)
    return M[: K + 1]


def backward_values(positive: list[int], n: int, d: int, j_max: int) -> list[Fraction]:
    """Run the recursion backwards at integers (n, d): from M_0..M_3 (exact values) to M_{−1}..M_{−j_max}.

    Step k (for k = 3, 2, …, 4 − j_max) solves the k-step relation for M_{k−4}; it needs the coefficient
    −(k−4)[(n−d)² − (k−2)²][(n−d)² − (2k−7)²] to be non-zero.  Returns [M_{−1}, …, M_{−j_max}].
    """
    values = {i: Fraction(v) for i, v in enumerate(positive[:4])}
    for k in range(3, 3 - j_max, -1):
        c1, c2, c3, c4, den = coefficient_polys(k)
        lead = _at(c4, n, d)
        if lead == 0:
            raise ZeroDivisionError(f"backward step k={k} has a zero leading coefficient at (n, d) = ({n}, {d})")
        values[k - 4] = (den * values[k] - _at(c1, n, d) * values[k - 1] - _at(c2, n, d) * values[k - 2]
                         - _at(c3, n, d) * values[k - 3]) / lead
    return [values[-j] for j in range(1, j_max + 1)]
