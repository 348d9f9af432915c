"""§4 (ix): G is a creative telescoper of the zonal summand (seqtheory.theorems.exact.g_certificate)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seqtheory.theorems.exact import g_certificate as gc
from seqtheory.theorems.exact import reduction, zonal


def _F(k: int, b: int, c: int, n: Fraction, d: Fraction) -> Fraction:
    """The zonal summand from zonal's own weight and brackets (a shape: a ≥ b ≥ 1)."""
    shape = zonal._shape(k - b - c, b, c)
    w = zonal.coefficient_abc(k - b - c, b, c)
    out = Fraction(w.numerator, w.denominator)
    for t in zonal.pochhammer_shifts(shape):
        out *= (n + t) * (d + t)
    return out


def test_the_certificate_identity_holds_exactly_and_a_near_miss_does_not():
    G = reduction.operators()[0]
    assert gc.check()
    assert not gc.check([G[0], G[1], G[2] + 1])


def test_the_ratios_are_the_zonal_summands_and_the_identity_holds_at_shapes():
    """Against zonal's exact terms (another code path than the closed form the notebook uses)."""
    n, d = Fraction(37, 7), Fraction(23, 5)
    k = 13
    for b, c in [(2, 3), (3, 1), (1, 4), (4, 0)]:
        F0 = _F(k, b, c, n, d)
        rat = gc.ratios(k, b, c, n, d)
        value = lambda key, rat=rat: _prod(rat[key][0]) / _prod(rat[key][1])  # noqa: E731
        assert value("b") == _F(k, b + 1, c, n, d) / F0 and value("c") == _F(k, b, c + 1, n, d) / F0
        assert value(1) == _F(k - 1, b, c, n, d) / F0 and value(2) == _F(k - 2, b, c, n, d) / F0
        g = [1, -2 * (n + d - 1), (n - d) ** 2 - (2 * k - 3) ** 2]
        R1 = lambda b_, c_: gc.at(k, b_, c_, n, d)[0] * _F(k, b_, c_, n, d)  # noqa: E731
        R2 = lambda b_, c_: gc.at(k, b_, c_, n, d)[1] * _F(k, b_, c_, n, d)  # noqa: E731
        lhs = sum(g[i] * _F(k - i, b, c, n, d) for i in range(3))
        assert lhs == R1(b + 1, c) - R1(b, c) + R2(b, c + 1) - R2(b, c)
        assert gc.at(k, b, 0, n, d)[1] == 0  # R_2 vanishes on the edge c = 0


def _prod(xs):
    out = Fraction(1)
    for x in xs:
        out *= x
    return out


def test_certificate_expressions_agree_with_the_pointwise_values():
    k, b, c, n, d = gc.symbols()
    R1, R2 = gc.certificate()
    point = {k: 11, b: 2, c: 3, n: Fraction(5, 3), d: Fraction(7, 2)}
    at = gc.at(11, 2, 3, Fraction(5, 3), Fraction(7, 2))
    assert R1.subs(point) == at[0] and R2.subs(point) == at[1]


def test_at_and_check_refuse_bad_input():
    with pytest.raises(TypeError, match="k"):
        gc.at(True, 1, 1, 3, 4)
    with pytest.raises(TypeError, match="n_value"):
        gc.at(9, 1, 1, 3.5, 4)
    with pytest.raises(ZeroDivisionError, match="pole"):
        gc.at(9, 0, 1, 3, 4)  # b = 0 is a factor of D
    with pytest.raises(TypeError, match="operator"):
        gc.check("G")
    with pytest.raises(TypeError, match="operator"):
        gc.check([1, 2])
    with pytest.raises(TypeError, match="operator"):
        gc.check(["1", "k", "n"])  # text is refused, never parsed
    with pytest.raises(TypeError, match="operator"):
        gc.check([1, True, 0.5])


HOSTILE = st.one_of(st.booleans(), st.floats(allow_nan=True), st.complex_numbers(), st.text(max_size=3), st.none(),
                    st.integers(-10**6, 10**6), st.fractions())


@given(st.sampled_from(["k", "b", "c", "n_value", "d_value"]), HOSTILE)
def test_at_fuzz(name, value):
    """Any value of one argument: a TypeError/ValueError naming it, a ZeroDivisionError at a pole, or two
    exact rationals."""
    args = {"k": 9, "b": 2, "c": 1, "n_value": Fraction(37, 7), "d_value": Fraction(23, 5)} | {name: value}
    try:
        out = gc.at(**args)
    except (TypeError, ValueError) as err:
        assert name in str(err)
    except ZeroDivisionError as err:
        assert "pole" in str(err)
    else:
        assert all(isinstance(x, Fraction) for x in out)
