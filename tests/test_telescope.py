"""The modular creative-telescoping search (theorems/exact/telescope.py; docs/wishart_moments.md §4).

Its pieces are checked against slow exact paths: the summand ratios against exact zonal terms, the modular null
space against brute-force enumeration over a small field; its answers against their own consistency (another
sample of points, and the shift of an order-3 relation, must give the same spaces)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from seqtheory.theorems.exact import telescope, zonal

N, D = Fraction(37, 7), Fraction(23, 5)


def exact_term(k: int, b: int, c: int) -> Fraction:
    """F(k, b, c) = w_λ [n]_λ [d]_λ at (n, d) = (N, D), λ = (k − b − c, b, 1^c), from the zonal engine."""
    a = k - b - c
    shape = zonal._shape(a, b, c)
    bracket = lambda x: np.prod([x + t for t in zonal.pochhammer_shifts(shape)], dtype=object)  # noqa: E731
    return zonal.coefficient_abc(a, b, c) * bracket(N) * bracket(D)


def test_ratios_match_exact_zonal_terms():
    checked = 0
    for k in range(6, 15):
        for b in range(1, k // 2 + 1):
            for c in range(0, k - 2 * b + 1):
                order = min(4, k - b - c - b)  # F(k − i, b, c) stays a partition term for i ≤ a − b
                sb, sc, *rho = (int(x[0]) for x in telescope._ratios(np.array([b]), np.array([c]), k, N, D, order))
                f = exact_term(k, b, c)
                pairs = []
                if k - b - c - 1 >= b + 1:
                    pairs.append((sb, exact_term(k, b + 1, c) / f))
                if k - b - c - 1 >= b:
                    pairs.append((sc, exact_term(k, b, c + 1) / f))
                pairs += [(rho[i - 1], exact_term(k - i, b, c) / f) for i in range(1, order + 1)]
                for got, exact in pairs:
                    assert got == telescope._residue(exact), (k, b, c)
                    checked += 1
    assert checked > 300


@given(st.integers(1, 4), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_nullspace_mod_matches_brute_force(rows, cols, seed):
    p = 5
    A = np.random.default_rng(seed).integers(0, p, size=(rows, cols))
    basis = telescope._nullspace(A, p)
    assert not np.any(A @ basis.T % p)
    kernel = sum(1 for x in itertools.product(range(p), repeat=cols) if not np.any(A @ np.array(x) % p))
    assert kernel == p ** basis.shape[0]  # the basis spans the whole kernel (and is independent)


def test_inverse_mod_and_residue():
    x = np.array([1, 2, 3, 12345, telescope.PRIME - 1], dtype=np.int64)
    assert np.all(telescope._inverse_mod(x) * x % telescope.PRIME == 1)
    assert telescope._residue(Fraction(3, 4)) * 4 % telescope.PRIME == 3
    with pytest.raises(ZeroDivisionError):
        telescope._inverse_mod(np.array([0]))


def test_order_three_relation_exists_and_the_five_term_recursion_is_not_a_telescoper():
    """The finding recorded in the notebook, at one point: in the ansatz an order-3 telescoper exists (no order 2),
    the order-4 space is it and its shift, and the conjectured recursion is not in it."""
    k = 10
    assert telescope.telescopers(k, N, D, 2, 22).shape[0] == 0
    three = telescope.telescopers(k, N, D, 3, 22)
    four = telescope.telescopers(k, N, D, 4, 22)
    assert three.shape[0] == 1 and four.shape[0] == 2
    assert telescope.in_span(np.append(three[0], 0), four)  # L3 at k (p_4 = 0) is a member
    shifted = telescope.telescopers(k - 1, N, D, 3, 22)[0]  # L3 at k − 1, rewritten on F(k): (0, q_0..q_3)
    assert telescope.in_span(np.append(0, shifted), four)
    assert not telescope.in_span(telescope.five_term_vector(k, N, D), four)
    other = telescope.telescopers(k, N, D, 4, 22, seed=1)  # another sample of points: the same space
    assert all(telescope.in_span(v, other) for v in four) and other.shape == four.shape


@pytest.mark.parametrize("kwargs, error, word", [
    ({"k": True}, TypeError, "k"), ({"k": 0}, ValueError, "k"), ({"order": 9}, ValueError, "order"),
    ({"degree": 2.0}, TypeError, "degree"), ({"degree": 41}, ValueError, "degree"),
    ({"n": 1.5}, TypeError, "n"), ({"d": 1 + 2j}, TypeError, "d"), ({"n": True}, TypeError, "n"),
    ({"seed": -1}, ValueError, "seed"), ({"extra": 0}, ValueError, "extra"),
])
def test_telescopers_refuses_bad_input(kwargs, error, word):
    args = {"k": 8, "n": N, "d": D, "order": 2, "degree": 2} | kwargs
    with pytest.raises(error, match=word):
        telescope.telescopers(**args)


def test_five_term_vector_and_in_span_refuse_bad_input():
    with pytest.raises(ValueError, match="k"):
        telescope.five_term_vector(3, N, D)
    with pytest.raises(TypeError, match="n"):
        telescope.five_term_vector(8, 0.5, D)
    with pytest.raises(ValueError, match="basis"):
        telescope.in_span(np.zeros(3, dtype=int), np.zeros((2, 4), dtype=int))
    with pytest.raises(TypeError, match="vector"):
        telescope.in_span([0.5, 1, 2], np.zeros((1, 3), dtype=int))  # a float is not a residue (no truncation)
    with pytest.raises(TypeError, match="basis"):
        telescope.in_span([1, 2, 3], [[1j, 0, 0]])
    empty = np.zeros((0, 3), dtype=int)
    assert telescope.in_span([0, 0, 0], empty) and not telescope.in_span([1, 1, 1], empty)


HOSTILE = st.one_of(st.booleans(), st.floats(allow_nan=True), st.complex_numbers(), st.text(max_size=3), st.none(),
                    st.integers(-10**6, 0), st.integers(10**5, 10**30), st.fractions())


@given(st.sampled_from(["k", "n", "d", "order", "degree", "extra", "seed"]), HOSTILE)
def test_telescopers_fuzz(name, value):
    """Any value of one argument: a TypeError/ValueError naming it, or a basis of the right width."""
    args = {"k": 8, "n": N, "d": D, "order": 2, "degree": 1, "extra": 5, "seed": 0} | {name: value}
    try:
        basis = telescope.telescopers(**args)
    except (TypeError, ValueError) as err:
        assert name in str(err)
    else:
        assert basis.ndim == 2 and basis.shape[1] == args["order"] + 1


def test_order_three_relation_spans_the_search_space_at_fresh_points():
    """The interpolated P_0..P_3 (theorems/exact/order_three.py) at points not used to find them — other k, n and d
    outside the interpolation grid, integer and negative values among them — span the search's order-3 space."""
    from seqtheory.theorems.exact import order_three

    for k, n, d in [(17, Fraction(5, 3), Fraction(11, 13)), (9, Fraction(-7, 2), Fraction(19, 4)),
                    (33, Fraction(3), Fraction(101, 9))]:
        space = telescope.telescopers(k, n, d, 3, 18)
        vector = [telescope._residue(v) for v in order_three.values(k, n, d)]
        assert space.shape[0] == 1 and telescope.in_span(vector, space), (k, n, d)


def test_order_three_coefficients_closed_forms_symmetry_and_nonzero_residual():
    import sympy as sp

    from seqtheory.theorems.exact import bipoly, order_three
    from seqtheory.theorems.exact import wishart_moments as wm

    k, n, d = sp.symbols("k n d")
    polys = [sum(c * k**a * n**i * d**j for (a, i, j), c in poly.items()) for poly in order_three.COEFFICIENTS]
    assert sp.expand(polys[0] + (2 * k - 1) * (n * d - 3 * n - 3 * d - 8 * k**2 + 28 * k - 15)) == 0
    assert sp.expand(polys[3] - (n + 2 * k - 6) * (d + 2 * k - 6) * (d - n - 2 * k + 5) * (d - n + 2 * k - 5)
                     * (n * d - 3 * n - 3 * d - 8 * k**2 + 12 * k + 5)) == 0
    assert all(sp.expand(p - p.subs({n: d, d: n}, simultaneous=True)) == 0 for p in polys)
    moments = [bipoly.resize(wm.trace_moment_array(j), 16) for j in range(11)]
    residuals = order_three.residual_polys(moments, 10)
    assert all(np.any(r != 0) for r in residuals)  # L_3 M_k ≠ 0 for k = 3..10: L_3 is no recursion of M_k


def test_five_term_recursion_and_order_three_relation_share_the_right_factor_G():
    """L5 = A5·G and 16·L3 = A3·G as operators (docs/wishart_moments.md §4 (vi)); L5's coefficients have degree ≤ 5 in
    k, so agreement at 8 values of k is the identity."""
    import sympy as sp

    from seqtheory.theorems.exact import five_term, order_three, reduction

    k, _, n, d = reduction.symbols()
    G, A5, A3 = reduction.operators()
    at = lambda poly: sum(c * n**i * d**j for (i, j), c in poly.items())  # noqa: E731
    L5 = reduction.compose(A5, G)
    for k_value in range(4, 12):
        c1, c2, c3, c4, den = five_term.coefficient_polys(k_value)
        expected = [den] + [-at(ci) for ci in (c1, c2, c3, c4)]
        assert all(sp.expand(L5[m].subs(k, k_value) - expected[m]) == 0 for m in range(5))
    P = [sum(c * k**a * n**i * d**j for (a, i, j), c in poly.items()) for poly in order_three.COEFFICIENTS]
    assert all(sp.expand(x - y) == 0 for x, y in zip(reduction.compose(A3, G), P, strict=True))
    assert any(sp.expand(x - y) != 0 for x, y in zip(reduction.compose(A5, G), reduction.compose(G, A5), strict=True))


def test_the_single_sum_S_satisfies_A5_by_its_certificate_and_equals_G_M_for_small_k():
    """§4 (vii): the Gosper certificate of A5·S = 0 (an exact rational identity), and Y = G·M = S for k = 3..9."""
    import sympy as sp

    from seqtheory.theorems.exact import reduction
    from seqtheory.theorems.exact import wishart_moments as wm

    k, j, n, d = reduction.symbols()
    G, A5, _ = reduction.operators()
    ratio, back, R = reduction.certificate()
    telescoped = lambda R: sp.cancel(R.subs(j, j + 1) * ratio - R - sum(a * r for a, r in zip(A5, back, strict=True)))  # noqa: E731
    assert telescoped(R) == 0 and R.subs(j, 0) == 0
    # a near miss is rejected: the certificate with q's constant term off by one does not telescope
    assert telescoped(R - j * (j + 2) / ((k - 1) * (k - 2) * (k - 3) * (j - k - n + 3))) != 0
    M = [d] + [wm.trace_moment(i) for i in range(1, 10)]
    for kk in range(3, 10):
        Y = sum(G[m].subs(k, kk) * M[kk - m] for m in range(3))
        assert sp.expand(Y - reduction.single_sum(kk)) == 0, kk
    assert reduction.single_sum(12, 7, 5) == reduction.single_sum(12).subs({n: 7, d: 5})


def test_reduction_refuses_bad_input():
    from seqtheory.theorems.exact import reduction

    for bad, error in [(True, TypeError), (2, ValueError), (2.0, TypeError), (401, ValueError)]:
        with pytest.raises(error, match="k"):
            reduction.single_sum(bad)
    with pytest.raises(TypeError, match="n_value"):
        reduction.single_sum(5, 1.5, 2)
    with pytest.raises(ValueError, match="both"):
        reduction.single_sum(5, 3)
    with pytest.raises(TypeError, match="A"):
        reduction.compose([], [1])


def test_family_sum_gives_S_and_the_complex_moments_and_one_recursion():
    """§4 (viii): S_k = −6(k−1)! Q^(2)_{k−3}, M^C_k = k! Q^(1)_{k−1}, and the family's recursion (p ≤ 3, small m);
    the recursion with n + d + 1 − p moved by one (a near miss) fails."""
    from math import factorial

    import sympy as sp

    from seqtheory.theorems.exact import reduction
    from seqtheory.theorems.exact import wishart_moments as wm

    k, _, n, d = reduction.symbols()
    for kk in range(3, 10):
        assert sp.expand(reduction.single_sum(kk) + 6 * factorial(kk - 1) * reduction.family_sum(2, kk - 3)) == 0
    for kk in range(1, 9):
        assert sp.expand(wm.complex_trace_moment(kk) - factorial(kk) * reduction.family_sum(1, kk - 1)) == 0
    for p in (1, 2, 3):
        B = reduction.family_operator(p)
        Q = [reduction.family_sum(p, m) for m in range(9)]
        apply = lambda ops, m, Q=Q: sp.expand(sum(ops[i].subs(k, m) * Q[m - i] for i in range(3)))  # noqa: E731
        assert all(apply(B, m) == 0 for m in range(2, 9))
        near = [B[0], B[1] * (n + d - p) / (n + d + 1 - p), B[2]]
        assert all(apply(near, m) != 0 for m in range(2, 9))
    # values at a point are the polynomial's, also at rationals, below the lower limits (C(x, I) at x < I) and at n = d
    points = [(2, 5, 7, 5), (3, 0, Fraction(1, 2), 3), (1, 4, 0, 9), (2, 3, -3, Fraction(5, 2)), (2, 4, 5, 5)]
    for p, m, nv, dv in points:
        assert reduction.family_sum(p, m, nv, dv) == reduction.family_sum(p, m).subs({n: nv, d: dv}, simultaneous=True)
    assert reduction.family_sum(3, 0, Fraction(1, 2), 3) == Fraction(1, 16)  # C(1/2, 3)·C(3, 3)


@given(st.sampled_from(["p", "m", "n_value", "d_value"]), HOSTILE)
def test_family_sum_fuzz(name, value):
    """Any value of one argument: a TypeError/ValueError naming it, or an exact rational."""
    from seqtheory.theorems.exact import reduction

    args = {"p": 2, "m": 3, "n_value": 5, "d_value": 4} | {name: value}
    if name in ("n_value", "d_value") and value is None:
        args = {"p": 2, "m": 3}  # neither value: the polynomial
    try:
        out = reduction.family_sum(**args)
    except (TypeError, ValueError) as err:
        assert name in str(err) or "both" in str(err)
    else:
        if "n_value" in args:
            assert out.is_Rational
        else:
            assert out.free_symbols <= set(reduction.symbols()[2:])


def test_family_refuses_bad_input():
    from seqtheory.theorems.exact import reduction

    for bad, error in [(True, TypeError), (0, ValueError), (1.0, TypeError), (51, ValueError)]:
        with pytest.raises(error, match="p"):
            reduction.family_sum(bad, 2)
        with pytest.raises(error, match="p"):
            reduction.family_operator(bad)
    with pytest.raises(ValueError, match="m"):
        reduction.family_sum(1, -1)
    with pytest.raises(TypeError, match="d_value"):
        reduction.family_sum(1, 2, 3, 0.5)
    with pytest.raises(ValueError, match="both"):
        reduction.family_sum(1, 2, None, 3)
