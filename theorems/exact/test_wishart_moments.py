"""Proof sanity checks for the exact Wishart-moment engine (docs/wishart_moments.md)."""

import time
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st

from seqtheory.simulate import wishart as sim
from seqtheory.theorems.exact import bipoly, five_term, stein, wick
from seqtheory.theorems.exact import wishart_moments as wm
from seqtheory.theorems.exact.values import poly_from_dict

n, d = wm.n, wm.d


# --- the public API -------------------------------------------------------------------------------------

def test_textbook_anchors():
    assert wm.trace_moment(0) == d
    assert sp.expand(wm.trace_moment(1) - n * d) == 0
    assert sp.expand(wm.trace_moment(2) - n * d * (n + d + 1)) == 0
    assert sp.expand(wm.trace_moment(3) - n * d * (n**2 + d**2 + 3 * n * d + 3 * n + 3 * d + 4)) == 0


@given(st.integers(0, 40), st.integers(1, 200), st.integers(1, 200))
@example(40, 50, 20)
def test_value_equals_polynomial_at_integers(k, nv, dv):
    assert wm.trace_moment_value(k, nv, dv) == bipoly.evaluate(wm.trace_moment_array(k), nv, dv)


@pytest.mark.parametrize("k", [1, 5, 17, 40])
def test_support_and_positivity(k):
    """Monomials nⁱdʲ with i, j ≥ 1 and 2 ≤ i + j ≤ k + 1; positive integer coefficients."""
    for (i, j), c in bipoly.to_dict(wm.trace_moment_array(k)).items():
        assert i >= 1 and j >= 1 and 2 <= i + j <= k + 1
        assert isinstance(c, int) and c > 0


def test_matrix_moment():
    assert wm.matrix_moment(2, 5, 3) == 5 * 9 * sp.eye(3)
    symbolic = wm.matrix_moment(2, n, d)
    assert isinstance(symbolic, sp.MatrixExpr)
    scalar = [a for a in symbolic.args if not isinstance(a, sp.MatrixExpr)]
    assert sp.simplify(sp.Mul(*scalar) - n * (n + d + 1)) == 0
    with pytest.raises(ValueError, match="d"):
        wm.matrix_moment(2, 5, 100)


def test_mixed_moments():
    assert sp.expand(wm.mixed_moment([1, 1], n, d) - (n**2 * d**2 + 2 * n * d)) == 0
    assert wm.mixed_moment([2, 0], 4, 3) == 3 * wm.trace_moment_value(2, 4, 3)
    assert wm.mixed_moment([], 4, 3) == 1
    assert wm.mixed_moment([-1], 20, 5) == sp.Rational(5, 14)
    with pytest.raises(ValueError, match="mixed signs"):
        wm.mixed_moment([1, -1], 20, 5)
    with pytest.raises(ValueError, match="total degree"):
        wm.mixed_moment([20, 20], 3, 3)


@given(st.integers(1, 12).flatmap(lambda dv: st.tuples(st.just(dv), st.integers(dv + 2, dv + 60))))
def test_inverse_first_and_second(dn):
    dv, nv = dn
    assert wm.inverse_trace_moment(1, nv, dv) == sp.Rational(dv, nv - dv - 1)
    if nv - dv + 1 > 4:
        expected = sp.Rational(dv * (nv - 1), (nv - dv) * (nv - dv - 1) * (nv - dv - 3))
        assert wm.inverse_trace_moment(2, nv, dv) == expected


@pytest.mark.parametrize("j", [1, 2, 3, 5, 8])
def test_inverse_chi_square(j):
    nv = 2 * j + 3
    expected = Fraction(1)
    for i in range(1, j + 1):
        expected /= nv - 2 * i
    assert wm.inverse_trace_moment(j, nv, 1) == sp.Rational(expected.numerator, expected.denominator)


def test_inverse_symbolic_and_finiteness():
    assert sp.simplify(wm.inverse_trace_moment(1, n, d) - d / (n - d - 1)) == 0
    for j, nv, dv in [(1, 6, 5), (2, 8, 5), (3, 10, 5)]:  # n − d + 1 = 2j exactly: infinite
        with pytest.raises(ValueError, match="infinite"):
            wm.inverse_trace_moment(j, nv, dv)


def test_mixed_inverse_moment_matches_monte_carlo():
    nv, dv = 24, 3  # n − d + 1 = 22 > 4·2: E[(tr W^{-1})^2] has finite variance
    exact = float(wm.mixed_moment([-1, -1], nv, dv))
    est = sim.mc_mixed_moment(np.random.default_rng(0), [-1, -1], nv, dv, 40_000)
    assert abs(est.value - exact) <= 5 * est.stderr


def test_gd_loss_matches_one_step_and_expansion():
    from seqtheory.theorems.exact.lsa_gd import one_step_loss

    eta = sp.Symbol("eta", positive=True)
    assert sp.simplify(wm.gd_loss(1, eta, n, d) - one_step_loss(eta, n, d)) == 0
    assert wm.gd_loss(1, Fraction(1, 2), 20, 5) == one_step_loss(Fraction(1, 2), 20, 5)
    # k = 2: E tr (I − ηS)^4 expanded by hand with the moments
    value = wm.gd_loss(2, Fraction(1, 3), 10, 4)
    m = [wm.trace_moment_value(j, 10, 4) for j in range(5)]
    by_hand = sum(sp.binomial(4, j) * sp.Rational(-1, 30) ** j * m[j] for j in range(5))
    assert value == by_hand and isinstance(value, sp.Rational)
    assert wm.gd_loss(3, eta, 7, 2).free_symbols == {eta}


@pytest.mark.parametrize(("call", "name"), [
    (lambda: wm.trace_moment(-1), "k"), (lambda: wm.trace_moment(1.5), "k"),
    (lambda: wm.trace_moment_value(3, 0, 2), "n"), (lambda: wm.trace_moment_value(3, 2, 0), "d"),
    (lambda: wm.trace_moment_value(3, 2.5, 2), "n"), (lambda: wm.inverse_trace_moment(0, 10, 2), "j"),
    (lambda: wm.gd_loss(0, 0.5, 10, 2), "k"), (lambda: wm.gd_loss(2, 0, 10, 2), "eta"),
    (lambda: wm.gd_loss(2, -1, 10, 2), "eta"), (lambda: wm.complex_trace_moment(-2), "k"),
])
def test_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_huge_k_fails_fast():
    t0 = time.perf_counter()
    for call in (lambda: wm.trace_moment(10**6), lambda: wm.trace_moment_value(10**6, 5, 5),
                 lambda: wm.gd_loss(10**6, 0.5, 5, 5), lambda: wm.inverse_trace_moment(10**6, 10**7, 5)):
        with pytest.raises(ValueError, match=r"≤|\["):
            call()
    assert time.perf_counter() - t0 < 1.0


# --- independent methods ---------------------------------------------------------------------------------

@pytest.mark.parametrize("k", range(1, 8))
def test_wick_reference_equals_zonal_to_k7(k):
    assert bipoly.equal(bipoly.from_dict(wick.trace_product_moment([k]), k + 2), wm.trace_moment_array(k))


def test_stein_and_zonal_agree_to_k22():
    engine = stein.poly_engine(22)
    for k in range(1, 23):
        assert bipoly.equal(engine.moment([k]), wm.trace_moment_array(k)), k


def test_stein_at_integers_equals_polynomial():
    for parts in ([5], [3, 2], [2, 2, 1], [7, 1]):
        poly = stein.mixed_moment_poly(parts)
        assert stein.mixed_moment_value(parts, 7, 3) == bipoly.evaluate(poly, 7, 3)


@pytest.mark.parametrize("k", range(1, 7))
def test_complex_three_ways(k):
    ht = wm.complex_trace_moment_arrays(k)[k]
    assert bipoly.equal(ht, bipoly.from_dict(wick.trace_product_moment([k], "complex"), k + 2))
    assert bipoly.equal(ht, stein.mixed_moment_poly([k], "complex"))


def test_complex_sampler_matches_complex_moment():
    rng = np.random.default_rng(3)
    W = sim.sample_wishart(rng, 6, 3, 40_000, field="complex")
    draws = np.sum(sim.eigenvalues(W) ** 3, axis=-1)
    exact = float(wm.complex_trace_moment(3).subs({n: 6, d: 3}))
    assert abs(draws.mean() - exact) <= 5 * draws.std(ddof=1) / np.sqrt(draws.size)


def test_above_zonal_max_the_proved_recursion_serves_the_zonal_values():
    """k > ZONAL_MAX comes from the five-term recursion (docs/wishart_moments.md §4 (x)); it must be the zonal sum."""
    from seqtheory.theorems.exact import zonal, zonal_crt

    top = wm.ZONAL_MAX + 8
    reference = zonal_crt.trace_moment_arrays(top, start=wm.ZONAL_MAX)
    for k, ref in zip(range(wm.ZONAL_MAX, top + 1), reference, strict=True):
        served = wm.trace_moment_array(k)
        assert served.shape == (k + 2, k + 2) and bipoly.equal(served, ref)
    assert wm.trace_moment_value(77, 7, 5) == zonal.trace_moment_at(77, 7, 5)


def test_perturbed_recursion_is_caught(monkeypatch):
    """A one-unit change in a constant of the recursion breaks divisibility or agreement."""
    original = five_term.coefficient_polys

    def perturbed(k):
        c1, c2, c3, c4, den = original(k)
        c3 = {**c3, (0, 0): c3.get((0, 0), 0) + 1}
        return c1, c2, c3, c4, den

    monkeypatch.setattr(five_term, "coefficient_polys", perturbed)
    initial = [wm.trace_moment_array(k) for k in range(4)]
    try:
        M = five_term.forward_polys(initial, 10)
    except ArithmeticError:
        return  # caught by the divisibility check
    assert not all(bipoly.equal(M[k], wm.trace_moment_array(k)) for k in range(4, 11))


def test_values_poly_from_dict_expands_monomials():
    assert poly_from_dict({(1, 1): 2}, n, d) == 2 * n * d


def test_covariance_trace_moment_reduces_to_the_isotropic_moments_and_the_known_second_moment():
    """E tr(ΣZZᵀ)^m by Isserlis: at Σ = I (every p_j = d) it is the zonal M_m; m = 2 is n(n+1) tr Σ² + n (tr Σ)²;
    the coefficients at fixed m sum to (2m − 1)!! (one term per pairing)."""
    import math

    n_, d_ = sp.symbols("n d")
    for m in range(6):
        moment = wick.covariance_trace_moment(m)
        at_identity = sum(c * n_**a * d_ ** len(cycles) for (a, cycles), c in moment.items())
        zonal_m = bipoly.to_sympy(wm.trace_moment_array(m), n_, d_) if m else d_
        assert sp.expand(at_identity - zonal_m) == 0, m
        assert sum(moment.values()) == (math.prod(range(1, 2 * m, 2)) if m else 1)
    assert wick.covariance_trace_moment(2) == {(2, (2,)): 1, (1, (2,)): 1, (1, (1, 1)): 1}
