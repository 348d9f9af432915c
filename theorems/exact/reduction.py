"""The exact reduction of the five-term recursion (docs/wishart_moments.md §4 (vi)–(vii)), the first step of its proof.

Recursions are operators on sequences, (A Y)_k = Σ_j A_j(k) Y_{k−j}; :func:`compose` multiplies them.  Found in
§4 by right-dividing the conjectured operator L_5 (:mod:`~seqtheory.theorems.exact.five_term`) by the order-3
telescoper L_3 (:mod:`~seqtheory.theorems.exact.order_three`), and checked there and in the tests (not assumed):

    L_5 = A_5·G,   16·L_3 = A_3·G,
    (G M)_k   = M_k − 2(n+d−1) M_{k−1} + [(n−d)² − (2k−3)²] M_{k−2},
    (A_5 Y)_k = (k+1) Y_k − (2k−3)(n+d−1) Y_{k−1} + (k−4)[(n−d)² − (k−2)²] Y_{k−2}.

Y = G M is the single sum :func:`single_sum` (**proved** in §4 (x): the certificates of
:mod:`~seqtheory.theorems.exact.edge_certificate` and :mod:`~seqtheory.theorems.exact.edge_boundary`); A_5 annihilates
that sum (**proved** by the Gosper certificate of :func:`certificate`).  Hence the recursion ⟺ G M_k = S_k, k ≥ 3.

§4 (viii): S_k = −6 (k−1)! Q^{(2)}_{k−3}, where :func:`family_sum` Q^{(p)}_m is the double sum whose p = 1 member gives
the complex moments, M^ℂ_k = k! Q^{(1)}_{k−1}; :func:`family_operator` is one three-term recursion for every p.
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


def g_coefficients(k, n, d) -> list:
    """[G_0, G_1, G_2] at (k, n, d) in the arguments' arithmetic (sympy, ring elements, exact numbers); G_0 = 1 is
    returned as k's 1 (k**0), so that it carries the same arithmetic."""
    return [k**0, -2 * (n + d - 1), (n - d) ** 2 - (2 * k - 3) ** 2]


def a5_coefficients(k, n, d) -> list:
    """[(A_5)_0, (A_5)_1, (A_5)_2] at (k, n, d) in the arguments' arithmetic."""
    return [k + 1, -(2 * k - 3) * (n + d - 1), (k - 4) * ((n - d) ** 2 - (k - 2) ** 2)]


def operators() -> tuple[list, list, list]:
    """(G, A_5, A_3) as coefficient lists [A_0(k), A_1(k), …] (sympy expressions in k, n, d)."""
    k, _, n, d = symbols()
    G = g_coefficients(k, n, d)
    A5 = a5_coefficients(k, n, d)
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
    n, d = _point(n_value, d_value)
    total = sum(sp.binomial(d - 2, i) * sp.Rational(2 * factorial(k - 1) * factorial(k - 3),
                                                    factorial(i + 2) * factorial(k - 3 - i) * factorial(k - 1 - i))
                * sp.rf(n + 1, k - 3 - i) for i in range(k - 2))
    return sp.expand(-3 * d * (d - 1) * n * (n - 1) * sp.expand_func(total))


def _point(n_value, d_value) -> tuple:
    """(n, d): the symbols when both values are None, else the exact rationals given (both or neither)."""
    sp = _sympy()
    if (n_value is None) != (d_value is None):
        raise ValueError("give both n_value and d_value, or neither (for the polynomial)")
    if n_value is None:
        return symbols()[2:]
    for name, v in (("n_value", n_value), ("d_value", d_value)):
        if isinstance(v, bool) or not isinstance(v, numbers.Rational):
            raise validate.ArgumentTypeError(f"{name} must be an exact rational, got {type(v).__name__} {v!r}")
    return sp.Rational(n_value), sp.Rational(d_value)


def family_sum(p: int, m: int, n_value=None, d_value=None):
    """Q^{(p)}_m = Σ_{I, J ≥ p} C(n, I) C(d, J) m! / ((I−p)! (J−p)! (m+2p−I−J)!), the double sum of §4 (viii), as an
    expanded polynomial in (n, d) or its exact value at given rationals (both or neither).

    Its exponential generating function in m is e^z ∂^p L_n(−z) ∂^p L_d(−z) at integer n, d (L the Laguerre
    polynomial).  M^ℂ_k = k! Q^{(1)}_{k−1} and S_k = −6 (k−1)! Q^{(2)}_{k−3} (checked in §4 (viii))."""
    sp = _sympy()
    p = validate.integer("p", p, low=1, high=50)
    m = validate.integer("m", m, low=0, high=400)
    point = _point(n_value, d_value)
    n, d = symbols()[2:]
    top = m + p

    def binomials(x):  # C(x, 0..top) as polynomials, each from the last: C(x, i+1) = C(x, i)(x − i)/(i + 1)
        out = [sp.Poly(1, n, d, domain="QQ")]
        for i in range(top):
            out.append(out[-1] * sp.Poly((x - i) / (i + 1), n, d, domain="QQ"))
        return out

    bn, bd = binomials(n), binomials(d)
    zero = sp.Poly(0, n, d, domain="QQ")
    total = zero
    for i in range(p, top + 1):
        weight = lambda j, i=i: sp.Rational(factorial(m), factorial(i - p) * factorial(j - p)  # noqa: E731
                                            * factorial(m + 2 * p - i - j))
        total += bn[i] * sum((bd[j] * weight(j) for j in range(p, m + 2 * p - i + 1)), zero)
    return total.as_expr() if n_value is None else total(*point)


def family_operator(p: int) -> list:
    """The three-term recursion of Q^{(p)} as coefficients [B_0(k), B_1(k), B_2(k)] acting on Q_k, Q_{k−1}, Q_{k−2}
    (found for p ≤ 4 and checked there; p = 1 is Haagerup–Thorbjørnsen's recursion, p = 2 is A_5, §4 (viii)):
    (k+2p)(k+p−1)(k+p) Q_k − (2k+2p−1)(n+d+1−p)(k+p−1) Q_{k−1} + (k−1)[(n−d)² − (k+p−1)²] Q_{k−2} = 0."""
    p = validate.integer("p", p, low=1, high=50)
    k, _, n, d = symbols()
    return [(k + 2 * p) * (k + p - 1) * (k + p), -(2 * k + 2 * p - 1) * (n + d + 1 - p) * (k + p - 1),
            (k - 1) * ((n - d) ** 2 - (k + p - 1) ** 2)]
