"""Exact bivariate integer polynomials in (n, d) as dense coefficient arrays of Python ints.

``c[i, j]`` is the coefficient of ``nⁱ dʲ``.  The array has dtype ``object`` so entries are arbitrary-precision
Python ints, while additions and scalings run as one numpy loop instead of per-term dict updates (the Stein
and zonal methods add thousands of such polynomials).  Conversion to and from sympy is at the boundary only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # sympy costs ≈ 0.25 s to import; only the conversions below need it
    import sympy as sp


def zeros(size: int) -> np.ndarray:
    """The zero polynomial with room for degrees < ``size`` in each variable."""
    out = np.empty((size, size), dtype=object)
    out.fill(0)
    return out


def constant(value: int, size: int) -> np.ndarray:
    out = zeros(size)
    out[0, 0] = value
    return out


def times_n_plus(p: np.ndarray, c: int) -> np.ndarray:
    """(n + c)·p (the top row must be zero: degrees stay inside the array)."""
    if any(p[-1, :]):
        raise OverflowError("polynomial degree in n exceeds the array size")
    out = p * c
    out[1:, :] += p[:-1, :]
    return out


def times_d_plus(p: np.ndarray, c: int) -> np.ndarray:
    """(d + c)·p."""
    if any(p[:, -1]):
        raise OverflowError("polynomial degree in d exceeds the array size")
    out = p * c
    out[:, 1:] += p[:, :-1]
    return out


def times_nd_plus(p: np.ndarray, c: int) -> np.ndarray:
    """(nd + c)·p."""
    if any(p[-1, :]) or any(p[:, -1]):
        raise OverflowError("polynomial degree exceeds the array size")
    out = p * c
    out[1:, 1:] += p[:-1, :-1]
    return out


def univariate_product(roots_shift: list[int], size: int) -> np.ndarray:
    """Coefficients of Π (x + c) over ``roots_shift``, as a length-``size`` object vector."""
    v = np.empty(size, dtype=object)
    v.fill(0)
    v[0] = 1
    for c in roots_shift:
        v[1:] = v[1:] * c + v[:-1]
        v[0] = v[0] * c
    return v


def evaluate(p: np.ndarray, n: int, d: int) -> int:
    """Exact value at integers (or Fractions) n, d by Horner in both variables."""
    total = 0
    for i in range(p.shape[0] - 1, -1, -1):
        row = 0
        for j in range(p.shape[1] - 1, -1, -1):
            row = row * d + p[i, j]
        total = total * n + row
    return total


def to_dict(p: np.ndarray) -> dict[tuple[int, int], int]:
    return {(int(i), int(j)): int(p[i, j]) for i, j in zip(*np.nonzero(p != 0), strict=True)}


def from_dict(coeffs: Mapping[tuple[int, int], int], size: int) -> np.ndarray:
    out = zeros(size)
    for (i, j), c in coeffs.items():
        out[i, j] += c
    return out


def to_poly(p: np.ndarray, n: sp.Symbol, d: sp.Symbol) -> sp.Poly:
    """A ``sympy.Poly`` in (n, d) over ℤ (cheap: no expression tree is built)."""
    import sympy as sp

    return sp.Poly.from_dict(to_dict(p) or {(0, 0): 0}, n, d, domain="ZZ")


def to_sympy(p: np.ndarray, n: sp.Symbol, d: sp.Symbol) -> sp.Expr:
    """The expanded sympy expression Σ c_ij nⁱ dʲ, built in sympy's canonical form directly: each term's factors
    and then the terms are put in the order sympy's own ``Mul``/``Add`` would give them (its sort keys), and the
    nodes are made without re-flattening.  The result is the same tree, argument for argument, as
    ``to_poly(p, n, d).as_expr()`` (asserted in theorems/exact/test_engine_edges.py), ≈ 5× faster: that path
    re-derives every monomial's assumptions (M_0..M_40: 0.99 s against 0.20 s, measured once).  The variables
    must be two different symbols."""
    import sympy as sp
    from sympy.core.add import _addsort
    from sympy.core.mul import _args_sortkey

    if not (isinstance(n, sp.Symbol) and isinstance(d, sp.Symbol)):
        raise TypeError(f"n and d must be sympy Symbols, got {type(n).__name__} and {type(d).__name__}")
    if n == d:
        raise ValueError(f"n and d must be two different symbols, got {n} twice")
    terms = []
    for (i, j), c in to_dict(p).items():
        factors = [x**e for x, e in ((n, i), (d, j)) if e]
        factors.sort(key=_args_sortkey)
        if c != 1 or not factors:
            factors.insert(0, sp.Integer(c))
        terms.append(factors[0] if len(factors) == 1 else sp.Mul._from_args(factors))
    if len(terms) < 2:
        return terms[0] if terms else sp.Integer(0)
    _addsort(terms)
    return sp.Add._from_args(terms)


def equal(p: np.ndarray, q: np.ndarray) -> bool:
    """Exact equality of two polynomials stored in arrays of possibly different sizes."""
    return to_dict(p) == to_dict(q)


def multiply(p: np.ndarray, q: Mapping[tuple[int, int], int] | np.ndarray) -> np.ndarray:
    """p·q in p's array size; q is best small (a dict or array with few terms)."""
    terms = to_dict(q) if isinstance(q, np.ndarray) else dict(q)
    size = p.shape[0]
    out = zeros(size)
    nz_i, nz_j = np.nonzero(p != 0)
    top_i = int(nz_i.max()) if nz_i.size else 0
    top_j = int(nz_j.max()) if nz_j.size else 0
    for (i, j), c in terms.items():
        if c == 0:
            continue
        if top_i + i >= size or top_j + j >= size:
            raise OverflowError("product degree exceeds the array size")
        out[i:, j:] += c * p[: size - i, : size - j]
    return out


def resize(p: np.ndarray, size: int) -> np.ndarray:
    """Copy into an array of another size (must not drop non-zero terms)."""
    out = zeros(size)
    m = min(size, p.shape[0])
    if any(x != 0 for x in p[m:, :].ravel()) or any(x != 0 for x in p[:, m:].ravel()):
        raise OverflowError("resizing would drop non-zero terms")
    out[:m, :m] = p[:m, :m]
    return out
