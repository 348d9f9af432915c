"""Edge paths of the exact engines that the identity claims do not reach: the degree guards of the coefficient
arrays, the zero polynomial, the Wick enumeration's size limit, and the zonal coefficient of two-row shapes.
(Written against survivors of ``benchmarks/mutation.py``: each test kills at least one mutant.)"""

import numpy as np
import pytest
import sympy as sp

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
