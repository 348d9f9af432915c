"""The exact reduction of the five-term conjecture (docs/wishart_moments.md §4 (vi)–(vii)).

Recursions are operators on sequences, (A Y)_k = Σ_j A_j(k) Y_{k−j}; :func:`compose` multiplies them.  Found in
§4 by right-dividing the conjectured operator L_5 (:mod:`~seqtheory.theorems.exact.five_term`) by the order-3
telescoper L_3 (:mod:`~seqtheory.theorems.exact.order_three`), and checked there and in the tests (not assumed):

    L_5 = A_5·G,   16·L_3 = A_3·G,
    (G M)_k   = M_k − 2(n+d−1) M_{k−1} + [(n−d)² − (2k−3)²] M_{k−2},
    (A_5 Y)_k = (k+1) Y_k − (2k−3)(n+d−1) Y_{k−1} + (k−4)[(n−d)² − (k−2)²] Y_{k−2}.

Y = G M is the single sum :func:`single_sum` (checked to k = 80, **not proved**); A_5 annihilates that sum
(**proved** by the Gosper certificate of :func:`certificate`).  Hence the conjecture ⟺ G M_k = S_k for k ≥ 3.
"""

from __future__ import annotations

import numbers
from math import factorial

from seqtheory.simulate import validate


def _sympy():
    import sympy

    return sympy


def symbols():
    """(k, j, n, d): the step, the summation index, and the Wishart symbols of
    :mod:`~seqtheory.theorems.exact.wishart_moments`."""
    from seqtheory.theorems.exact import wishart_moments as wm

    sp = _sympy()
    return sp.Symbol("k"), sp.Symbol("j"), wm.n, wm.d


def operators() -> tuple[list, list, list]:
    """(G, A_5, A_3) as coefficient lists [A_0(k), A_1(k), …] (sympy expressions in k, n, d)."""
    k, _, n, d = symbols()
    G = [_sympy().Integer(1), -2 * (n + d - 1), (n - d) ** 2 - (2 * k - 3) ** 2]
    A5 = [k + 1, -(2 * k - 3) * (n + d - 1), (k - 4) * ((n - d) ** 2 - (k - 2) ** 2)]
    A3 = [-(2 * k - 1) * (n * d - 3 * n - 3 * d - 8 * k**2 + 28 * k - 15),
          (n + 2 * k - 6) * (d + 2 * k - 6) * (n * d - 3 * n - 3 * d - 8 * k**2 + 12 * k + 5)]
    return G, A5, A3


def compose(A, B) -> list:
    """The coefficients of the operator product A·B: (A B)_m(k) = Σ_j A_j(k) B_{m−j}(k − j)."""
    for name, ops in (("A", A), ("B", B)):
        if isinstance(ops, str) or not hasattr(ops, "__len__") or len(ops) == 0:
            raise validate.ArgumentTypeError(f"{name} must be a non-empty list of coefficients, got {ops!r}")
    k = symbols()[0]
    return [sum(A[j] * B[m - j].subs(k, k - j) for j in range(len(A)) if 0 <= m - j < len(B))
            for m in range(len(A) + len(B) - 1)]


def certificate() -> tuple:
    """Gosper's certificate for A_5·S = 0: (T(k, j+1)/T(k, j), [T(k−i, j)/T(k, j)]_{i=0,1,2}, R(j)) with
    Σ_i (A_5)_i(k) T(k−i, j) = R(j+1) T(k, j+1) − R(j) T(k, j), T the summand of :func:`single_sum`."""
    k, j, n, d = symbols()
    ratio = (d - 2 - j) * (k - 3 - j) * (k - 1 - j) / ((j + 1) * (j + 3) * (n + k - 3 - j))
    back = [_sympy().Integer(1), -(j - k + 1) * (j - k + 3) / ((k - 3) * (k - 1) * (j - k - n + 3)),
            (j - k + 1) * (j - k + 2) * (j - k + 3) * (j - k + 4)
            / ((k - 4) * (k - 3) * (k - 2) * (k - 1) * (j - k - n + 3) * (j - k - n + 4))]
    q = ((d - k - n + 2) * j**2 + (-2 * d * k + 4 * d + 3 * k**2 + 4 * k * n - 13 * k - 8 * n + 14) * j
         + d * k**2 - 4 * d * k + 3 * d - 2 * k**3 - 4 * k**2 * n + 14 * k**2 + 15 * k * n - 32 * k - 13 * n + 24)
    R = -j * (j + 2) * q / ((k - 1) * (k - 2) * (k - 3) * (j - k - n + 3))
    return ratio, back, R


def single_sum(k: int, n_value=None, d_value=None):
    """S_k = −3d(d−1)n(n−1) Σ_{j=0}^{k−3} C(d−2, j)·2(k−1)!(k−3)!/((j+2)!(k−3−j)!(k−1−j)!)·(n+1)_{k−3−j}, k ≥ 3,
    as an expanded polynomial in (n, d), or its exact value at given integers/rationals (both or neither)."""
    sp = _sympy()
    k = validate.integer("k", k, low=3, high=400)
    _, _, n, d = symbols()
    if (n_value is None) != (d_value is None):
        raise ValueError("give both n_value and d_value, or neither (for the polynomial)")
    if n_value is not None:
        for name, v in (("n_value", n_value), ("d_value", d_value)):
            if isinstance(v, bool) or not isinstance(v, numbers.Rational):
                raise validate.ArgumentTypeError(f"{name} must be an exact rational, got {type(v).__name__} {v!r}")
        n, d = sp.Rational(n_value), sp.Rational(d_value)
    total = sum(sp.binomial(d - 2, i) * sp.Rational(2 * factorial(k - 1) * factorial(k - 3),
                                                    factorial(i + 2) * factorial(k - 3 - i) * factorial(k - 1 - i))
                * sp.rf(n + 1, k - 3 - i) for i in range(k - 2))
    return sp.expand(-3 * d * (d - 1) * n * (n - 1) * sp.expand_func(total))
