"""Exact inverse moments ``E Π tr W^{−r_i}`` from the Stein–Haff identity (proved; Haff 1979).

For W ~ W_d(n, I) and a smooth matrix function H, Haff's identity reads
``E tr H(W) = (n−d−1) E tr(W^{−1}H) + 2 E tr(D H)`` with ``D_ij = ½(1+δ_ij) ∂/∂W_ij``, valid whenever the
expectations are finite.  Take ``H = W^m P`` with m ≤ 0 and P a product of traces of negative powers; with
``D p_a = a W^{a−1}`` and ``2 tr D W^{−j} = −[j p_{−j−1} + Σ_{r=1}^{j} p_{−r} p_{−(j+1−r)}]`` (``p_a = tr W^a``,
``p_0 = d``)::

    E[p_m P] = (n−d−1) E[p_{m−1} P] + E[2 tr(D W^m) P] + 2 Σ_{a∈P} a E[p_{m+a−1} P∖a].

Every right-hand term has negative degree one larger than the left, so the identities with left-hand degree
−(J−1) form a linear system for all mixed moments of degree −J.  It is overdetermined; it is solved exactly
(Fractions, or sympy for symbolic n, d) and the leftover equations are checked to hold, a built-in
consistency proof.  Finiteness: every mixed moment of degree −J is finite iff ``n − d + 1 > 2J``
(the smallest eigenvalue's density is ∝ λ^{(n−d−1)/2} near 0).
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache

import sympy as sp
from sympy.utilities.iterables import partitions


def _partitions(total: int) -> list[tuple[int, ...]]:
    """Partitions of ``total`` as descending tuples (the r_i of Π p_{−r_i}); () for total 0."""
    if total == 0:
        return [()]
    return [tuple(sorted((k for k, v in p.items() for _ in range(v)), reverse=True)) for p in partitions(total)]


def _key(parts) -> tuple[int, ...]:
    return tuple(sorted(parts, reverse=True))


def _equation(j: int, P: tuple[int, ...], n, d):
    """Haff's identity for H = W^{−j} Π p_{−P}: returns ({unknown partition: coeff}, known partition, factor)
    meaning ``Σ coeff·E[unknown] = factor·E[known]``."""
    lhs: dict[tuple[int, ...], object] = {}

    def add(parts, c):
        key = _key(parts)
        lhs[key] = lhs.get(key, 0) + c

    add((j + 1, *P), n - d - 1)  # (n−d−1) p_{m−1} P, m = −j
    if j >= 1:  # 2 tr D W^{−j}
        add((j + 1, *P), -j)
        for r in range(1, j + 1):
            add((r, j + 1 - r, *P), -1)
    for idx, a in enumerate(P):  # 2 Σ a p_{m+a−1}, a = −P_idx
        add((j + a + 1, *P[:idx], *P[idx + 1:]), -2 * a)
    # left-hand side E[p_{−j} P]; for j = 0 it is d·E[P]
    known = P if j == 0 else _key((j, *P))
    factor = d if j == 0 else 1
    return {k: c for k, c in lhs.items() if c != 0}, known, factor


def finite(J: int, n, d) -> bool:
    """Whether mixed inverse moments of degree −J are finite: n − d + 1 > 2J."""
    return n - d + 1 > 2 * J


def _solve(rows: list[dict], rhs: list, unknowns: list, exact_zero) -> dict:
    """Exact Gaussian elimination on an overdetermined consistent system; checks every leftover row."""
    index = {u: i for i, u in enumerate(unknowns)}
    mat = [[row.get(u, 0) for u in unknowns] + [b] for row, b in zip(rows, rhs, strict=True)]
    m = len(unknowns)
    pivot_rows = []
    r = 0
    for col in range(m):
        piv = next((i for i in range(r, len(mat)) if not exact_zero(mat[i][col])), None)
        if piv is None:
            raise ArithmeticError(f"Haff system is singular in unknown {unknowns[col]}")
        mat[r], mat[piv] = mat[piv], mat[r]
        inv = sp.Integer(1) / mat[r][col] if isinstance(mat[r][col], sp.Basic) else Fraction(1) / mat[r][col]
        mat[r] = [x * inv for x in mat[r]]
        for i in range(len(mat)):
            if i != r and not exact_zero(mat[i][col]):
                f = mat[i][col]
                mat[i] = [a - f * b for a, b in zip(mat[i], mat[r], strict=True)]
        pivot_rows.append(r)
        r += 1
    for i in range(r, len(mat)):
        if not exact_zero(mat[i][m]):
            raise ArithmeticError("Haff system is inconsistent: the identity failed")
    return {u: mat[index[u]][m] for u in unknowns}


def _levels(J: int, n, d, exact_zero, simplify) -> dict[tuple[int, ...], object]:
    values: dict[tuple[int, ...], object] = {(): 1}
    for level in range(1, J + 1):
        unknowns = _partitions(level)
        rows, rhs = [], []
        for j in range(0, level):
            for P in _partitions(level - 1 - j):
                coeffs, known, factor = _equation(j, P, n, d)
                rows.append(coeffs)
                rhs.append(factor * values[known])
        sol = _solve(rows, rhs, unknowns, exact_zero)
        values.update({k: simplify(v) for k, v in sol.items()})
    return values


@cache
def inverse_mixed_values(J: int, n: int, d: int) -> dict[tuple[int, ...], Fraction]:
    """All ``E Π tr W^{−r_i}`` with Σ r_i ≤ J at integers (n, d), exact Fractions (requires finiteness)."""
    if not finite(J, n, d):
        raise ValueError(f"inverse moments of degree −{J} are infinite unless n − d + 1 > 2·{J}; "
                         f"got n={n}, d={d}")
    return _levels(J, Fraction(n), Fraction(d), lambda x: x == 0, lambda x: x)


@cache
def inverse_mixed_symbolic(J: int, n: sp.Symbol, d: sp.Symbol) -> dict[tuple[int, ...], sp.Expr]:
    """The same as rational functions of symbolic (n, d) (valid where n − d + 1 > 2J)."""
    return _levels(J, n, d, lambda x: sp.cancel(x) == 0, sp.factor)
