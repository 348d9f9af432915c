"""Exact values are rebuilt from a report's srepr by a whitelisted parser: every value the toolkit writes comes
back equal, and nothing outside the grammar (attribute access, other names, arithmetic, huge literals) runs."""

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from seqtheory.report.exact_values import rebuild

n, d, eta = sp.symbols("n d eta", positive=True)


@pytest.mark.parametrize("expr", [
    sp.Rational(272, 2639), sp.Integer(10) ** 40, -sp.Rational(3, 7) * n**2 + d / (n - d - 1),
    sp.log(2) * eta + sp.exp(-n), sp.binomial(n, 3), sp.oo, sp.zoo, sp.nan, sp.Float("0.1", 30), sp.S.Half,
    sp.Matrix([[1, n], [d, 2]]), sp.Symbol("x", integer=True, nonnegative=True),
])
def test_the_toolkits_values_come_back_equal(expr):
    back = rebuild(sp.srepr(expr))
    assert sp.srepr(back) == sp.srepr(expr) or sp.simplify(back - expr) == 0


@given(st.fractions(), st.integers(-10**30, 10**30))
def test_rationals_and_integers_round_trip(q, k):
    value = sp.Rational(q.numerator, q.denominator) * n + k
    assert sp.expand(rebuild(sp.srepr(value)) - value) == 0


@pytest.mark.parametrize("text", [
    "__import__('os').system('true')", "Integer(1).__class__", "eval('1')", "Pow(Integer(10), 10**9)",
    "lambda: 0", "Integer(" + "9" * 20_000 + ")", "Symbol(1)", "Add(*[Integer(1)])", "Symbol('x', **{'a': 1})",
    "[x for x in ()]", "Integer('1' * 10)", "Rational(Symbol('x'), 2)", "Symbol('x', positive=Integer(1))",
])
def test_anything_outside_the_grammar_is_refused(text):
    with pytest.raises(ValueError):
        rebuild(text)


def test_a_huge_power_is_not_computed():
    """Pow(10, 10^9) stays unevaluated (evaluation is off), so reading it costs nothing."""
    value = rebuild("Pow(Integer(10), Integer(1000000000))")
    assert isinstance(value, sp.Pow) and value.exp == 10**9


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError, match="srepr"):
        rebuild(b"Integer(1)")
