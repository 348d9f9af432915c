"""Conversion of user inputs to exact sympy values, shared by the symbolic claim modules.

Integers stay integers; ``Fraction``/sympy rationals stay exact; a Python float is read as the decimal
literal it prints as (``0.1`` → ``1/10``), which is what a user typing it meant.  Sympy symbols pass through
so the same functions return closed forms.
"""

from __future__ import annotations

import numbers
import sys
from fractions import Fraction
from typing import TYPE_CHECKING

from seqtheory.simulate import validate

if TYPE_CHECKING:
    import sympy as sp


def _sympy_object(x) -> bool:
    """Whether x is a sympy object — without importing sympy: if it is not loaded, x cannot be one."""
    sp = sys.modules.get("sympy")
    return sp is not None and isinstance(x, sp.Basic)


def is_symbolic(x) -> bool:
    return _sympy_object(x) and bool(x.free_symbols)


def plain_integer(name: str, x, low: int = 1) -> int:
    """A Python int ≥ low from an int or a sympy Integer (no sympy import on the numeric path)."""
    if _sympy_object(x):
        if not x.is_Integer:
            raise ValueError(f"{name} must be an integer ≥ {low}, got {x}")
        x = int(x)
    return validate.integer(name, x, low)


def exact_integer(name: str, x, low: int = 1):
    """A sympy Integer ≥ low, or a symbol passed through."""
    import sympy as sp

    if is_symbolic(x):
        return x
    if isinstance(x, sp.Basic):
        if not x.is_Integer:
            raise ValueError(f"{name} must be an integer ≥ {low}, got {x}")
        x = int(x)
    return sp.Integer(validate.integer(name, x, low))


def exact_real(name: str, x, low=None, low_open: bool = False):
    """A sympy Rational (float read as its decimal literal), or a symbol passed through."""
    import sympy as sp

    if is_symbolic(x):
        return x
    if isinstance(x, sp.Basic):
        if not x.is_real or not x.is_finite:
            raise ValueError(f"{name} must be a finite real number, got {x}")
        value = sp.nsimplify(x) if not x.is_Rational else x
    elif isinstance(x, Fraction):
        value = sp.Rational(x.numerator, x.denominator)
    elif isinstance(x, numbers.Integral) and not isinstance(x, bool):
        value = sp.Integer(int(x))
    else:
        value = sp.Rational(repr(validate.real(name, x)))
    if low is not None and (value < low or (low_open and value == low)):
        bound = f"> {low}" if low_open else f"≥ {low}"
        raise ValueError(f"{name} must be {bound}, got {x}")
    return value


def poly_from_dict(coeffs: dict[tuple[int, int], int], n: sp.Symbol, d: sp.Symbol) -> sp.Expr:
    """``{(i, j): c}`` → the sympy polynomial ``Σ c nⁱ dʲ``."""
    import sympy as sp

    return sp.Add(*(c * n**i * d**j for (i, j), c in coeffs.items()))
