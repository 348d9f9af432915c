"""Exact moments of real Wishart matrices: the public API (docs/wishart_moments.md).

``W = XXᵀ`` with X a d×n matrix of iid N(0, 1); ``M_k(n, d) = E tr W^k``.  Sources, all exact:

* :mod:`seqtheory.theorems.exact.zonal` — the zonal (Jack α = 2) closed form, O(k²) shapes: single traces up to
  k = ZONAL_MAX (proved: James 1964, Stanley 1989);
* :mod:`seqtheory.theorems.exact.five_term` — the five-term recursion, found by fitting and proved in
  docs/wishart_moments.md §4 (x): single traces above ZONAL_MAX, started from the zonal M_0..M_3 (O(k²)
  polynomial products instead of the zonal sum's O(k⁴); the claim ``wishart/five-term/forward`` checks the two
  against each other);
* :mod:`seqtheory.theorems.exact.stein` — the Stein / integration-by-parts recursion: all mixed moments (proved);
* :mod:`seqtheory.theorems.exact.wick` — Isserlis pairing enumeration: the brute-force reference for small degree;
* :mod:`seqtheory.theorems.exact.haff` — Haff's identity for inverse (mixed) moments (proved);

Glossary: ``n`` ↔ n (sample size, degrees of freedom), ``d`` ↔ d (dimension), ``k`` ↔ the power,
``parts`` ↔ the exponents of a product of traces Π tr W^{parts_i}.  Complex Wishart moments (W = XX*,
E|X_ij|² = 1) come from the Haagerup–Thorbjørnsen recursion (2003, Thm 8.2)
``(k+1)M_k = (2k−1)(n+d)M_{k−1} − (k−2)((n−d)² − (k−1)²)M_{k−2}``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from fractions import Fraction
from functools import cache, lru_cache
from math import comb
from typing import TYPE_CHECKING

import numpy as np

from seqtheory.theorems.exact import bipoly, stein, zonal
from seqtheory.theorems.exact.values import exact_integer, exact_real, is_symbolic, plain_integer

if TYPE_CHECKING:
    import sympy as sp


@cache
def _symbols():
    """(n, d): the symbols of every returned polynomial, positive integers n (sample size) and d (dimension) —
    the module attributes ``n`` and ``d``, made on first use so that the numeric paths (coefficient arrays, values at
    integers) never import sympy (≈ 0.4 s of a 0.6 s import)."""
    import sympy as sp

    return sp.symbols("n d", positive=True, integer=True)


def __getattr__(name: str):
    if name in ("n", "d"):
        return _symbols()["nd".index(name)]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

#: Largest power served.  The zonal sum, computed modulo primes (:mod:`zonal_crt`), costs O(k⁴) word-size
#: products (M_0..M_120: ≈ 20 s); the recursion that serves k > ZONAL_MAX costs O(k²) products of polynomials whose
#: coefficients grow to ≈ 500 bits (M_0..M_120: ≈ 2 s, M_0..M_200: ≈ 11 s), so larger k fail fast with a ValueError
#: instead of hanging.
MAX_K = 120
#: Largest total degree of a mixed moment (the Stein recursion visits every partition below it).
MAX_MIXED_DEGREE = 30
#: Largest inverse power (the exact Haff system has p(j) unknowns; j = 12 takes seconds).
MAX_INVERSE = 12


def _power(name: str, k, high: int, low: int = 0) -> int:
    from seqtheory.simulate import validate

    sp = sys.modules.get("sympy")  # a sympy Integer is accepted; if sympy is not loaded, k cannot be one
    if sp is not None and isinstance(k, sp.Basic) and k.is_Integer:
        k = int(k)
    k = validate.integer(name, k, low)
    if k > high:
        raise ValueError(f"{name} must be an integer in [{low}, {high}] (exact moments beyond {high} are too "
                         f"costly to compute here), got {k}")
    return k


#: Largest k taken from the zonal closed form; above it M_k comes from the (proved) five-term recursion.
ZONAL_MAX = 40


def trace_moment_array(k: int) -> np.ndarray:
    """``M_k`` as a :mod:`bipoly` coefficient array (c[i, j] of nⁱdʲ) of size k + 2: the zonal closed form for
    k ≤ ZONAL_MAX, the five-term recursion (a theorem, docs/wishart_moments.md §4 (x)) above."""
    k = _power("k", k, MAX_K)
    if k <= ZONAL_MAX:
        return zonal.trace_moment_array(k)
    return bipoly.resize(_recursion_table(min(MAX_K, -(-k // ZONAL_MAX) * ZONAL_MAX))[k], k + 2)


@lru_cache(maxsize=1)
def _recursion_table(K: int) -> tuple[np.ndarray, ...]:
    """M_0..M_K by the five-term recursion from the zonal M_0..M_3 (K a multiple of ZONAL_MAX, or MAX_K)."""
    from seqtheory.theorems.exact import five_term

    return tuple(five_term.forward_polys([zonal.trace_moment_array(j) for j in range(4)], K))


def trace_moment_poly(k: int) -> sp.Poly:
    """``M_k`` as a ``sympy.Poly`` over ℤ in (n, d): the fastest symbolic form (no expression tree)."""
    return bipoly.to_poly(trace_moment_array(k), *_symbols())


def trace_moment(k: int) -> sp.Expr:
    """``M_k = E tr W^k`` as an expanded sympy polynomial in the module symbols ``n``, ``d``."""
    return _trace_moment_expr(_power("k", k, MAX_K))


@cache
def _trace_moment_expr(k: int) -> sp.Expr:
    return bipoly.to_sympy(trace_moment_array(k), *_symbols())


def _substitute(poly: np.ndarray, n_value, d_value):
    if is_symbolic(n_value) or is_symbolic(d_value):
        nn, dd = exact_integer("n", n_value), exact_integer("d", d_value)
        n, d = _symbols()
        return bipoly.to_sympy(poly, n, d).subs({n: nn, d: dd}, simultaneous=True)
    return bipoly.evaluate(poly, plain_integer("n", n_value), plain_integer("d", d_value))


def trace_moment_value(k: int, n_value: int, d_value: int) -> int:
    """``M_k(n, d)`` at positive integers, as an exact Python int (the zonal sum evaluated at the integers for
    k ≤ ZONAL_MAX, the recursion's polynomial evaluated above)."""
    k = _power("k", k, MAX_K)
    if is_symbolic(n_value) or is_symbolic(d_value):
        raise ValueError("n and d must be integers here; use trace_moment(k) for the polynomial")
    n, d = plain_integer("n", n_value), plain_integer("d", d_value)
    return zonal.trace_moment_at(k, n, d) if k <= ZONAL_MAX else bipoly.evaluate(trace_moment_array(k), n, d)


def matrix_moment(k: int, n_value, d_value):
    """``E[W^k] = (M_k/d)·I_d`` by orthogonal invariance.

    Integer d: an explicit sympy ``Matrix`` (d ≤ 64); symbolic d: the matrix expression
    ``(M_k/d)·Identity(d)``.
    """
    import sympy as sp

    dd = exact_integer("d", d_value)
    scalar = sp.cancel(sp.sympify(_substitute(trace_moment_array(k), n_value, d_value)) / dd)
    if is_symbolic(dd):
        return scalar * sp.Identity(dd)
    if dd > 64:
        raise ValueError(f"d must be ≤ 64 for an explicit matrix (use trace_moment_value/d), got {dd}")
    return scalar * sp.eye(int(dd))


def mixed_moment(parts: Sequence[int], n_value, d_value):
    """``E Π_i tr W^{parts_i}`` exactly.

    All parts ≥ 0: the Stein recursion (a sympy polynomial for symbolic n, d; an int at integers).
    All parts < 0: inverse mixed moments from Haff's identity (sympy Rational; finite iff n − d + 1 > 2·Σ|parts|).
    Mixed signs are not supported (``ValueError``).
    """
    from seqtheory.simulate import validate

    if isinstance(parts, str | bytes) or not isinstance(parts, Sequence | np.ndarray):
        raise validate.ArgumentTypeError(f"parts must be a sequence of integers (the exponents a_i), got "
                                         f"{type(parts).__name__} {parts!r}")
    parts = [validate.integer(f"parts[{i}]", p, -MAX_INVERSE) for i, p in enumerate(parts)]
    if not parts:
        import sympy as sp

        return sp.Integer(1)
    if all(p >= 0 for p in parts):
        total = sum(parts)
        if total > MAX_MIXED_DEGREE:
            raise ValueError(f"parts must have total degree ≤ {MAX_MIXED_DEGREE}, got {total}")
        return _substitute(_mixed_poly(tuple(sorted(parts, reverse=True))), n_value, d_value)
    if all(p < 0 for p in parts):
        return _inverse(tuple(sorted((-p for p in parts), reverse=True)), n_value, d_value)
    raise ValueError(f"parts must be all ≥ 0 or all < 0 (mixed signs are not supported), got {parts}")


@cache
def _mixed_poly(parts: tuple[int, ...]) -> np.ndarray:
    return stein.mixed_moment_poly(parts)


def _inverse(parts: tuple[int, ...], n_value, d_value):
    from seqtheory.theorems.exact import haff  # imports sympy: only the inverse moments need it

    J = sum(parts)
    if J > MAX_INVERSE:
        raise ValueError(f"inverse moments are served to total degree {MAX_INVERSE}, got {J}")
    nn, dd = exact_integer("n", n_value), exact_integer("d", d_value)
    if is_symbolic(nn) or is_symbolic(dd):
        n, d = _symbols()
        expr = haff.inverse_mixed_symbolic(J, n, d)[parts]
        return expr.subs({n: nn, d: dd}, simultaneous=True)
    if not haff.finite(J, int(nn), int(dd)):
        raise ValueError(f"E Π tr W^(-r) with Σr = {J} is infinite unless n − d + 1 > {2 * J}; "
                         f"got n={nn}, d={dd}")
    import sympy as sp

    value: Fraction = haff.inverse_mixed_values(J, int(nn), int(dd))[parts]
    return sp.Rational(value.numerator, value.denominator)


def inverse_trace_moment(j: int, n_value, d_value):
    """``E tr W^{−j}`` exactly (Haff's identity); ``ValueError`` unless n − d + 1 > 2j (finite)."""
    j = _power("j", j, MAX_INVERSE, low=1)
    return _inverse((j,), n_value, d_value)


def complex_trace_moment_arrays(K: int) -> tuple[np.ndarray, ...]:
    """Complex Wishart ``M^C_0..M^C_K`` (Haagerup–Thorbjørnsen recursion) as bipoly arrays of size K+2."""
    return _complex_arrays(_power("K", K, MAX_K))


@cache
def _complex_arrays(K: int) -> tuple[np.ndarray, ...]:
    size = K + 2
    M = [bipoly.from_dict({(0, 1): 1}, size), bipoly.from_dict({(1, 1): 1}, size)]
    nd2 = {(2, 0): 1, (1, 1): -2, (0, 2): 1}
    for k in range(2, K + 1):
        a = bipoly.multiply(M[k - 1], {(1, 0): 2 * k - 1, (0, 1): 2 * k - 1})
        b = bipoly.multiply(M[k - 2], {**{key: (k - 2) * v for key, v in nd2.items() if key != (0, 0)},
                                       (0, 0): -(k - 2) * (k - 1) ** 2})
        total = a - b
        if np.any(total % (k + 1) != 0):
            raise ArithmeticError(f"Haagerup–Thorbjørnsen step k={k} is not divisible by {k + 1}")
        M.append(total // (k + 1))
    return tuple(M[: K + 1])


def complex_trace_moment(k: int) -> sp.Expr:
    """``E tr (XX*)^k`` for complex Gaussian X (d×n, E|X_ij|² = 1), as a sympy polynomial."""
    k = _power("k", k, MAX_K)
    return bipoly.to_sympy(complex_trace_moment_arrays(max(k, 1))[k], *_symbols())


def power_trace_coefficients(j: int, n_value, d_value, field: str = "real") -> tuple:
    """The coefficients c_0..c_j of ``T_j(η) = E tr(I − ηS)^j = Σ_m c_m η^m`` with S = W/n:
    ``c_m = C(j, m)(−1)^m M_m/n^m`` — exact Fractions at integer n, d; sympy expressions when n or d is a symbol.

    The one implementation of E tr(I − ηS)^j: the k-step GD loss is T_2k (:func:`gd_loss`), the looped model's loss
    mixes T_k and T_2k (:func:`seqtheory.theorems.exact.lsa_gd.free_scale_optimum`).  ``field="complex"`` uses the
    complex Wishart moments M^ℂ_m (the negative controls' near miss)."""
    from seqtheory.simulate import validate

    if field not in ("real", "complex"):
        raise ValueError(f"field must be 'real' or 'complex', got {field!r}")
    j = _power("j", validate.integer("j", j, 0), MAX_K)
    nn, dd = exact_integer("n", n_value), exact_integer("d", d_value)
    if is_symbolic(nn) or is_symbolic(dd):
        import sympy as sp

        n, d = _symbols()
        arrays = _moment_arrays(j, field)
        return tuple(sp.binomial(j, m) * (-1) ** m * bipoly.to_sympy(arrays[m], n, d).subs(
            {n: nn, d: dd}, simultaneous=True) / nn**m for m in range(j + 1))
    return _power_trace_fractions(j, int(nn), int(dd), field)


def _moment_arrays(j: int, field: str) -> list[np.ndarray]:
    """M_0..M_j as bipoly arrays (real: the zonal closed form; complex: Haagerup–Thorbjørnsen)."""
    if field == "complex":
        return list(complex_trace_moment_arrays(max(j, 1)))[: j + 1]
    return [trace_moment_array(m) for m in range(j + 1)]


@cache
def _power_trace_fractions(j: int, n_value: int, d_value: int, field: str) -> tuple[Fraction, ...]:
    if field == "complex":
        moments = [bipoly.evaluate(a, n_value, d_value) for a in _moment_arrays(j, field)]
    else:
        moments = [zonal.trace_moment_at(m, n_value, d_value) for m in range(j + 1)]
    return tuple(Fraction(comb(j, m) * (-1) ** m * moments[m], n_value**m) for m in range(j + 1))


def gd_loss(k: int, eta, n_value, d_value, field: str = "real"):
    """Exact k-step GD loss ``E‖w_k − w*‖² = E tr (I − ηS)^{2k} = Σ_{j=0}^{2k} C(2k, j)(−η/n)^j M_j = T_2k(η)``.

    GD from w_0 = 0 on ``(1/2n)‖Xᵀw − y‖²`` with noiseless labels and w* ~ N(0, I_d) (Huang–Wang–Lee 2025,
    Thm 3.2).  A rational η gives a sympy Rational; a symbolic η (or n, d) gives an expression.
    ``field="complex"`` uses the complex Wishart moments M^ℂ_j instead: the same sum for complex Gaussian
    covariates — a plausible near miss that the real-covariate checks use as their negative control.
    """
    from seqtheory.simulate import validate

    if field not in ("real", "complex"):
        raise ValueError(f"field must be 'real' or 'complex', got {field!r}")
    k = validate.integer("k", k, 1)
    if 2 * k > MAX_K:
        raise ValueError(f"k must be ≤ {MAX_K // 2} (the loss needs M_0..M_2k), got {k}")
    import sympy as sp

    e = exact_real("eta", eta, low=0, low_open=True)
    nn, dd = exact_integer("n", n_value), exact_integer("d", d_value)
    coefficients = power_trace_coefficients(2 * k, nn, dd, field)
    if is_symbolic(e) or is_symbolic(nn) or is_symbolic(dd):
        return sp.expand(sp.Add(*(c * e**m for m, c in enumerate(coefficients))))
    value = polynomial_at(coefficients, Fraction(int(e.p), int(e.q)))
    return sp.Rational(value.numerator, value.denominator)


def polynomial_at(coefficients, x: Fraction) -> Fraction:
    """Σ_m c_m x^m by Horner's rule, exactly."""
    total = Fraction(0)
    for c in reversed(coefficients):
        total = total * x + c
    return total
