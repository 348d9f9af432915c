"""Edge paths of the exact engines that the identity claims do not reach: the degree guards of the coefficient
arrays, the zero polynomial, the Wick enumeration's size limit, the zonal coefficient of two-row shapes, and the fast
expression builder against sympy's own.
(Written against survivors of ``benchmarks/mutation.py``: each test kills at least one mutant.)"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seqtheory.theorems.exact import bipoly, stein, wick, zonal
from seqtheory.theorems.exact import wishart_moments as wm

n, d = sp.symbols("n d")


def _fill(terms: dict, size: int) -> np.ndarray:
    return bipoly.from_dict(terms, size)


def test_shifts_multiply_exactly_and_guard_the_top_degree():
    p = _fill({(0, 0): 2, (1, 1): 3}, 4)  # 2 + 3nd
    assert bipoly.to_sympy(bipoly.times_n_plus(p, 5), n, d) == sp.expand((n + 5) * (2 + 3 * n * d))
    assert bipoly.to_sympy(bipoly.times_d_plus(p, 0), n, d) == sp.expand(d * (2 + 3 * n * d))
    assert bipoly.to_sympy(bipoly.times_nd_plus(p, -1), n, d) == sp.expand((n * d - 1) * (2 + 3 * n * d))
    top_n, top_d = _fill({(3, 0): 1}, 4), _fill({(0, 3): 1}, 4)  # degree 3 in a size-4 array: full
    with pytest.raises(OverflowError):
        bipoly.times_n_plus(top_n, 1)
    with pytest.raises(OverflowError):
        bipoly.times_d_plus(top_d, 1)
    with pytest.raises(OverflowError):
        bipoly.times_nd_plus(top_d, 1)
    bipoly.times_n_plus(top_d, 1)  # degree 3 in d does not block a shift in n
    bipoly.times_d_plus(top_n, 1)


def test_multiply_fills_the_array_exactly_to_its_edge():
    p = _fill({(2, 0): 1}, 4)  # n²
    assert bipoly.to_sympy(bipoly.multiply(p, {(1, 0): 1}), n, d) == n**3  # degree 3 fits a size-4 array
    with pytest.raises(OverflowError):
        bipoly.multiply(p, {(2, 0): 1})
    assert bipoly.to_sympy(bipoly.multiply(p, {(1, 0): 0, (0, 0): 2}), n, d) == 2 * n**2  # zero terms skipped


def test_zero_polynomial_and_resize_guard():
    zero = bipoly.zeros(3)
    assert bipoly.to_poly(zero, n, d).is_zero and bipoly.to_sympy(zero, n, d) == 0
    p = _fill({(2, 1): 7}, 4)
    assert bipoly.equal(bipoly.resize(p, 3), p)
    with pytest.raises(OverflowError):
        bipoly.resize(p, 2)


def test_zonal_coefficient_of_every_surviving_shape_matches_its_abc_form():
    for k in range(1, 7):
        for shape in zonal.surviving_shapes(k):
            a = shape[0]
            b = shape[1] if len(shape) > 1 else 0
            c = len(shape) - 2 if len(shape) > 2 else 0
            assert zonal.coefficient(shape) == zonal.coefficient_abc(a, b, c), shape
    assert (3, 1) in zonal.surviving_shapes(4)  # a two-row shape (c = 0, b > 0) is among them


def test_wick_enumeration_refuses_degrees_beyond_its_limit():
    with pytest.raises(ValueError, match="total degree"):
        wick.trace_product_moment([wick.MAX_DEGREE, 1])


def test_stein_engines_agree_on_integers():
    engine = stein.poly_engine(6)
    for parts in ([3], [2, 1], [1, 1, 1], [4, 2]):
        value = bipoly.evaluate(engine.moment(parts), 7, 3)
        assert value == stein.mixed_moment_value(parts, 7, 3) == wm.mixed_moment(parts, 7, 3)


def test_the_numeric_paths_never_import_sympy():
    """Coefficient arrays and values at integers stay sympy-free (sympy is ≈ 0.4 s of the engine's import); the
    symbols ``wm.n``, ``wm.d`` appear on first use."""
    import subprocess
    import sys

    code = ("import sys\nfrom seqtheory.theorems.exact import wishart_moments as wm\n"
            "wm.trace_moment_array(6); wm.trace_moment_value(6, 5, 3); wm.mixed_moment([2, 1], 5, 3)\n"
            "assert 'sympy' not in sys.modules, 'sympy imported'\n"
            "assert str(wm.trace_moment(1)) == 'd*n' and str(wm.n) == 'n'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def _same_tree(a: sp.Expr, b: sp.Expr) -> bool:
    """Structural identity, argument order included (sympy's == compares the ordered argument tuples), not just
    mathematical equality."""
    return a == b and a.func == b.func and a.args == b.args


def test_to_sympy_builds_sympys_own_canonical_tree_for_every_served_moment():
    """The fast builder against the obviously-correct path (``Poly.as_expr``), for M_0..M_12, M_20, M_30 and M_40
    (and the n ↔ d swap to M_12)."""
    for k in (*range(13), 20, 30, 40):
        p = wm.trace_moment_array(k)
        for arr in (p, p.T) if k <= 12 else (p,):
            assert _same_tree(bipoly.to_sympy(arr, n, d), bipoly.to_poly(arr, n, d).as_expr())


@settings(deadline=None)
@given(st.dictionaries(st.tuples(st.integers(0, 3), st.integers(0, 3)),
                       st.one_of(st.sampled_from([-1, 1, 2, -2]), st.integers(-10**30, 10**30)), max_size=16),
       st.sampled_from([("n", "d"), ("d", "n"), ("a", "z"), ("z", "a"), ("x1", "x10")]),
       st.booleans())
@example({}, ("n", "d"), False)  # the zero polynomial
@example({(0, 0): -1}, ("n", "d"), False)  # a constant alone
@example({(1, 0): 1, (0, 1): -1}, ("z", "a"), True)  # n − d: unit coefficients, no constant
def test_to_sympy_matches_as_expr_on_any_coefficients_and_symbols(terms, names, positive):
    a, b = sp.symbols(names, positive=positive, integer=positive)
    p = _fill(terms, 4)
    fast, slow = bipoly.to_sympy(p, a, b), bipoly.to_poly(p, a, b).as_expr()
    assert _same_tree(fast, slow) and sp.srepr(fast) == sp.srepr(slow)


def test_to_sympy_refuses_values_in_place_of_symbols_and_one_symbol_twice():
    with pytest.raises(TypeError, match="Symbols"):
        bipoly.to_sympy(_fill({(1, 1): 1}, 2), sp.Integer(2), d)
    with pytest.raises(ValueError, match="two different symbols"):
        bipoly.to_sympy(_fill({(1, 1): 1}, 2), n, n)
