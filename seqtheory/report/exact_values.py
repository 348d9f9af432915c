"""Exact values read back from a report file **without running code from it**.

A report stores a sympy value as ``{"text", "srepr"}``. ``sympy.sympify(srepr)`` would rebuild it, but sympify
evaluates Python: a crafted report could run anything while ``seqtheory report`` builds the site. Reports are made
to be shared (CI artifacts, attachments), so :func:`rebuild` parses the ``srepr`` text with :mod:`ast` and builds
only a whitelisted grammar — the singletons in :data:`SINGLETONS` and calls of the sympy constructors in
:data:`CONSTRUCTORS` with literal arguments (numbers, strings, booleans, ``None``, tuples) and literal keyword
assumptions — with sympy's evaluation switched off, so no attribute access, no name outside the list, no arithmetic
on huge literals happens. Anything else is a ``ValueError``; the site then shows the stored ``text`` instead.
"""

from __future__ import annotations

import ast
from typing import Any

__all__ = ["CONSTRUCTORS", "MAX_NODES", "MAX_TEXT", "SINGLETONS", "rebuild"]

#: The sympy names a report's ``srepr`` may call (the classes ``sympy.srepr`` writes for the toolkit's values).
CONSTRUCTORS = frozenset({
    "Integer", "Rational", "Float", "Symbol", "Dummy", "Add", "Mul", "Pow", "Abs", "exp", "log", "sqrt", "sin",
    "cos", "binomial", "factorial", "gamma", "RisingFactorial", "FallingFactorial", "Sum", "Product", "Tuple",
    "Half", "One", "NegativeOne", "Zero", "Infinity", "NegativeInfinity", "ComplexInfinity", "NaN", "Pi", "E",
    "ImaginaryUnit", "Min", "Max", "Piecewise", "ExprCondPair", "BooleanTrue", "BooleanFalse", "StrictLessThan",
    "LessThan", "StrictGreaterThan", "GreaterThan", "Equality", "Unequality", "And", "Or", "Not",
    "ImmutableDenseMatrix", "MutableDenseMatrix", "Matrix", "Poly", "ZZ", "QQ", "Function",
})
#: The bare names ``sympy.srepr`` writes for sympy's singletons.
SINGLETONS = frozenset({"oo", "zoo", "nan", "pi", "E", "I", "true", "false"})
#: Longest ``srepr`` text accepted, and most syntax-tree nodes (a bound on the work a file can ask for).
MAX_TEXT = 2_000_000
MAX_NODES = 200_000
_MAX_LITERAL_DIGITS = 10_000


def rebuild(text: str) -> Any:
    """The sympy object written as ``text`` by ``sympy.srepr``, built without evaluating code (module docstring).

    Raises ``ValueError`` for anything outside the whitelisted grammar, ``TypeError`` if ``text`` is not a str."""
    if not isinstance(text, str):
        raise TypeError(f"srepr must be a str, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ValueError(f"srepr is {len(text)} characters long; at most {MAX_TEXT} are read")
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        raise ValueError(f"srepr is not a sympy expression ({type(exc).__name__})") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ValueError(f"srepr has more than {MAX_NODES} syntax nodes")
    import sympy as sp

    with sp.evaluate(False):
        try:
            return _build(tree.body, sp)
        except RecursionError:
            raise ValueError("srepr nests too deeply") from None


def _build(node: ast.AST, sp: Any) -> Any:
    if isinstance(node, ast.Constant):
        value = node.value
        if value is None or isinstance(value, bool | str | float):
            return value
        if isinstance(value, int):
            if len(str(abs(value))) > _MAX_LITERAL_DIGITS:
                raise ValueError(f"an integer literal longer than {_MAX_LITERAL_DIGITS} digits")
            return value
        raise ValueError(f"a literal of type {type(value).__name__} is not allowed")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
            and isinstance(node.operand.value, int | float) and not isinstance(node.operand.value, bool):
        return -_build(node.operand, sp)
    if isinstance(node, ast.Name):
        if node.id not in SINGLETONS:
            raise ValueError(f"srepr names {node.id!r}, which is not a sympy singleton")
        return getattr(sp, node.id)
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_build(e, sp) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name not in CONSTRUCTORS:
            raise ValueError(f"srepr calls {name!r}, which is not a whitelisted sympy constructor")
        args = [_build(a, sp) for a in node.args]
        kwargs = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise ValueError("srepr uses ** keyword unpacking")
            value = _build(kw.value, sp)
            if not (value is None or isinstance(value, bool | int | str)):
                raise ValueError(f"keyword {kw.arg!r} must be a literal")
            kwargs[kw.arg] = value
        return _construct(sp, name, args, kwargs)
    raise ValueError(f"srepr contains a node of type {type(node).__name__}, which is not allowed")


def _construct(sp: Any, name: str, args: list, kwargs: dict) -> Any:
    if name in ("Integer", "Rational", "Float"):
        if not all(isinstance(a, int | str | float) and not isinstance(a, bool) for a in args):
            raise ValueError(f"{name} takes literal numbers")
        if name == "Float" and args and isinstance(args[0], str) and len(args[0]) > _MAX_LITERAL_DIGITS:
            raise ValueError("a Float literal that long is not read")
    if name in ("Symbol", "Dummy", "Function") and not (args and isinstance(args[0], str)):
        raise ValueError(f"{name} takes a name")
    try:
        return getattr(sp, name)(*args, **kwargs)
    except (TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise ValueError(f"{name}{tuple(args)!r} cannot be built: {exc}"[:300]) from None
