"""§4 (x): A_5 telescopes along the edge a = b, and the closed-form end (†) — the proof of the five-term recursion
(seqtheory.theorems.exact.edge_certificate, seqtheory.theorems.exact.edge_boundary)."""

from __future__ import annotations

from fractions import Fraction
from math import factorial

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from seqtheory.theorems.exact import edge_boundary as eb
from seqtheory.theorems.exact import edge_certificate as ec
from seqtheory.theorems.exact import g_certificate as gc

N, D = Fraction(37, 7), Fraction(23, 5)


def _F(k: int, b: int, c: int, n: Fraction, d: Fraction) -> Fraction:
    """The closed form of §3b written out here (a second code path to g_certificate.ratios), for any a = k − b − c ≥ 1,
    b ≥ 1 — a partition or not — and 0 for c < 0."""
    if c < 0:
        return Fraction(0)
    a = k - b - c
    weight = -(-1) ** c * Fraction(2 * k * factorial(a - 1) * (2 * a - 2 * b + 1),
                                   factorial(b - 1) * (2 * a + c) * (2 * a + c + 1) * (2 * b + c - 1) * (2 * b + c)
                                   * factorial(2 * a - 1) * factorial(c)) * Fraction(2) ** (a - b)
    out = weight
    for x in (n, d):
        for j in range(a):
            out *= x + 2 * j
        for j in range(b):
            out *= x + 2 * j - 1
        for i in range(2, c + 2):
            out *= x - i
    return out


def _value(pairs) -> Fraction:
    total = Fraction(0)
    for num, den in pairs:
        term = Fraction(1)
        for x in num:
            term *= x
        for x in den:
            term /= x
        total += term
    return total


def _V(k: int, b: int) -> Fraction:
    """The six edge terms at b, from their definition."""
    c = k - 2 * b + 2
    g = [1, -2 * (N + D - 1), (N - D) ** 2 - (2 * k - 3) ** 2]

    def RF(j, c_):
        return gc.at(k, b, c_, N, D)[j] * _F(k, b, c_, N, D) if c_ >= 0 else 0

    return (RF(0, c) + RF(0, c - 1) + RF(1, c - 1) - g[1] * _F(k - 1, b, c - 2, N, D)
            - g[2] * (_F(k - 2, b, c - 2, N, D) + _F(k - 2, b, c - 3, N, D)))


def _Y(k: int, b: int) -> Fraction:
    return ec.at(k, b, N, D) * _F(k, b, k - 2 * b + 2, N, D)


def test_the_edge_identity_holds_exactly():
    assert ec.check()


@pytest.mark.parametrize("k", [10, 11, 14])
def test_the_edge_identity_between_values_and_its_telescoped_sum(k):
    A5 = [k + 1, -(2 * k - 3) * (N + D - 1), (k - 4) * ((N - D) ** 2 - (k - 2) ** 2)]
    W = [sum(A5[i] * _V(k - i, b) for i in range(3)) for b in range(3, k // 2 + 3)]
    assert all(w == _Y(k, b + 1) - _Y(k, b) for b, w in zip(range(3, k // 2 + 3), W, strict=True))
    assert _Y(k, k // 2 + 3) == 0 and sum(W) == -_Y(k, 3) != 0  # the sum telescopes to the b = 3 end
    for b in range(3, k // 2 + 2):  # the six terms as multiples of T(k, b), against the values
        assert _value(ec.edge_terms(k, b, N, D)) * _F(k, b, k - 2 * b + 2, N, D) == _V(k, b)


def test_a_near_miss_certificate_fails():
    assert _value(ec.identity_terms(12, 4, N, D)) == 0
    assert _value(ec.identity_terms(12, 4, N, D, lambda B: ec.ptilde(12, B, N, D) + 1)) != 0  # P̃ + 1
    with pytest.raises(TypeError, match="p_tilde"):
        ec.check("P")  # text is refused, never parsed


RATIONALS = st.fractions(min_value=-40, max_value=40, max_denominator=9)


@given(RATIONALS, RATIONALS, RATIONALS, RATIONALS)
@example(Fraction(12), Fraction(4), N, D)
@example(Fraction(9), Fraction(3), Fraction(1), Fraction(1))  # k = 9, the smallest k the proof uses; n = d = 1
def test_the_edge_identity_holds_at_any_rational_point_off_its_poles(k, b, n, d):
    """(⋆⋆⋆)/T is an identity of rational functions: at any point where no denominator vanishes it sums to 0."""
    try:
        total = _value(ec.identity_terms(k, b, n, d))
    except ZeroDivisionError:
        return
    assert total == 0


@given(RATIONALS, RATIONALS, RATIONALS, RATIONALS)
def test_p_tilde_is_symmetric_in_n_and_d(k, b, n, d):
    assert ec.ptilde(k, b, n, d) == ec.ptilde(k, b, d, n)


def test_the_closed_form_end_holds_exactly_and_a_near_miss_does_not():
    assert eb.check()
    k, _, _, n, d = gc.symbols()
    assert not eb.check(extra=1 / (k * (n + d)))
    for bad in ("1/k", 0.5, True, [1]):  # text is refused, never parsed
        with pytest.raises(TypeError, match="extra"):
            eb.check(extra=bad)


@pytest.mark.parametrize("k", [10, 13])
def test_the_closed_form_end_between_values(k):
    """(†) at a rational point, E and C from their definitions (H(k−3) from h_ratio)."""
    kk, _, c, n, d = gc.symbols()
    h = eb.h_ratio()

    def EC(K):
        g = [1, -2 * (N + D - 1), (N - D) ** 2 - (2 * K - 3) ** 2]
        RF = lambda j, b_, c_: gc.at(K, b_, c_, N, D)[j] * _F(K, b_, c_, N, D)  # noqa: E731
        H = Fraction(str(h.subs({kk: K, c: K - 3, n: N, d: D}))) * _F(K, 1, K - 3, N, D)
        E = H + g[0] * (_F(K, 1, K - 2, N, D) + _F(K, 1, K - 3, N, D) + _F(K, 2, K - 4, N, D)) + g[1] * _F(
            K - 1, 1, K - 3, N, D)
        C = RF(0, 2, K - 4) - RF(0, 3, K - 4) + RF(1, 1, K - 3) + RF(1, 2, K - 4) - g[2] * _F(K - 2, 2, K - 5, N, D)
        return E + C

    A5 = [k + 1, -(2 * k - 3) * (N + D - 1), (k - 4) * ((N - D) ** 2 - (k - 2) ** 2)]
    assert sum(A5[i] * EC(k - i) for i in range(3)) == _Y(k, 3)


def test_at_refuses_bad_input():
    with pytest.raises(TypeError, match="k"):
        ec.at(True, 3, N, D)
    with pytest.raises(TypeError, match="n_value"):
        ec.at(12, 3, 3.5, D)
    with pytest.raises(ValueError, match="k"):
        ec.at(0, 3, N, D)
    with pytest.raises(ZeroDivisionError, match="pole"):
        ec.at(7, 3, N, D)  # k − 7 is a factor of the denominator


HOSTILE = st.one_of(st.booleans(), st.floats(allow_nan=True), st.complex_numbers(), st.text(max_size=3), st.none(),
                    st.integers(-10**6, 10**6), st.fractions())


@given(st.sampled_from(["k", "b", "n_value", "d_value"]), HOSTILE)
def test_at_fuzz(name, value):
    """Any value of one argument: a TypeError/ValueError naming it, a ZeroDivisionError at a pole, or an exact
    rational."""
    args = {"k": 12, "b": 4, "n_value": N, "d_value": D} | {name: value}
    try:
        out = ec.at(**args)
    except (TypeError, ValueError) as err:
        assert name in str(err)
    except ZeroDivisionError as err:
        assert "pole" in str(err)
    else:
        assert isinstance(out, Fraction)
