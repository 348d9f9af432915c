"""Argument validation shared by every public entry point: bad input raises a ``ValueError`` (bad value) or a
``TypeError`` (bad type: bool for int, complex for real, strings, objects) that names the parameter and its valid
domain — never a NaN, a hang, a silent coercion or a wrong answer.  Allocations above a documented budget fail
fast (:func:`budget`)."""

from __future__ import annotations

import numbers
import os

import numpy as np


class ArgumentTypeError(TypeError, ValueError):
    """A parameter of the wrong type (bool for an int, complex for a real, a string, an object array).

    A ``TypeError`` that is also a ``ValueError`` (as numpy's ``AxisError`` is both a ``ValueError`` and an
    ``IndexError``), so ``except ValueError`` keeps catching every bad argument."""


#: Largest allocation (bytes) a public entry point may ask for before it fails fast; override with the
#: environment variable ``SEQTHEORY_MEMORY_BUDGET`` (bytes).  4 GiB by default: the test machines have 24 GiB.
DEFAULT_MEMORY_BUDGET = 4 * 2**30


def memory_budget() -> int:
    """The allocation budget in bytes (see :data:`DEFAULT_MEMORY_BUDGET`)."""
    raw = os.environ.get("SEQTHEORY_MEMORY_BUDGET")
    if raw is None:
        return DEFAULT_MEMORY_BUDGET
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"SEQTHEORY_MEMORY_BUDGET must be a whole number of bytes, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"SEQTHEORY_MEMORY_BUDGET must be positive, got {value}")
    return value


def budget(name: str, elements, itemsize: int = 8) -> None:
    """Fail fast (``ValueError`` naming ``name``) if an array of ``elements`` items would exceed the budget."""
    need = int(elements) * int(itemsize)
    if need > memory_budget():
        raise ValueError(f"{name} would need {_bytes(need)} of memory, over the budget of {_bytes(memory_budget())} "
                         "(set SEQTHEORY_MEMORY_BUDGET to raise it)")


def _bytes(n: int) -> str:
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} B"


def integer(name: str, value, low: int = 1, high: int | None = None) -> int:
    """Return ``value`` as ``int`` if it is an integer in ``[low, high]``.

    A bool, a float (even 3.0), a complex or a string is a ``TypeError`` (no silent coercion); an integer outside
    the range is a ``ValueError``; both name the parameter and the valid range."""
    rng = f"[{low}, {high}]" if high is not None else f"≥ {low}"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{name} must be an integer {rng}, got {type(value).__name__} {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be an integer {rng}, got {value}")
    return value


def real(name: str, value, low: float | None = None, high: float | None = None,
         low_open: bool = False, high_open: bool = False) -> float:
    """Return ``value`` as ``float`` if it is a finite real in the stated interval.

    A bool, a complex or a string is a ``TypeError``; NaN, ±inf or a value outside the interval is a
    ``ValueError``; both name the parameter and the interval."""
    lo = "-∞" if low is None else f"{low:g}"
    hi = "∞" if high is None else f"{high:g}"
    interval = f"{'(' if low_open or low is None else '['}{lo}, {hi}{')' if high_open or high is None else ']'}"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be a real number in {interval}, got {type(value).__name__} {value!r}")
    x = float(value)
    bad = (not np.isfinite(x)
           or (low is not None and (x < low or (low_open and x == low)))
           or (high is not None and (x > high or (high_open and x == high))))
    if bad:
        raise ValueError(f"{name} must be a real number in {interval}, got {value!r}")
    return x


#: dtype kinds accepted as real data: signed/unsigned integers and floats.  Booleans, complex numbers,
#: strings, objects, dates and raw bytes are refused (``TypeError``), never coerced.
REAL_KINDS = frozenset("iuf")


def array(name: str, value, ndim_min: int | None = None, ndim: int | None = None,
          finite: bool = True, keep_float32: bool = False, allow_empty: bool = False,
          allow_neg_inf: bool = False) -> np.ndarray:
    """Return ``value`` as a float64 array (float32 kept if ``keep_float32``).

    Refuses (``TypeError``) boolean, complex, string and object data; checks the rank, that no axis is empty
    (unless ``allow_empty``) and, if ``finite``, that every entry is finite (``allow_neg_inf`` lets −∞ through,
    for scores where it marks a masked entry).  Every error names the parameter."""
    try:
        a = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested sequences
        raise ArgumentTypeError(f"{name} must be a rectangular array of real numbers ({exc})") from None
    if a.dtype.kind not in REAL_KINDS:
        raise ArgumentTypeError(f"{name} must hold real numbers (integer or float dtype), got dtype {a.dtype}")
    if not (keep_float32 and a.dtype == np.float32):
        a = np.asarray(a, dtype=np.float64)
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {a.shape}")
    if ndim_min is not None and a.ndim < ndim_min:
        raise ValueError(f"{name} must have at least {ndim_min} dimensions, got shape {a.shape}")
    if not allow_empty and a.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {a.shape}")
    if finite:
        ok = np.isfinite(a)
        if allow_neg_inf and not ok.all():
            ok |= a == -np.inf
        if not ok.all():
            extra = " except −inf (masked entries)" if allow_neg_inf else ""
            raise ValueError(f"{name} must contain only finite values{extra}; it has NaN or inf")
    return a


def tokens(name: str, value, vocab: int | None = None, ndim: int = 2) -> np.ndarray:
    """A non-empty integer array of rank ``ndim`` (symbols, token ids), with entries in [0, vocab) when ``vocab``
    is given.  Bool, float, complex, string, object and ragged data are refused naming the parameter."""
    try:
        a = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested sequences
        raise ArgumentTypeError(f"{name} must be a rectangular integer array ({exc})") from None
    if a.dtype.kind not in "iu":
        raise ArgumentTypeError(f"{name} must hold integers (symbols), got dtype {a.dtype}")
    if a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {a.shape}")
    if vocab is not None and (a.min() < 0 or a.max() >= vocab):
        raise ValueError(f"{name}: symbols must lie in [0, {vocab}), got range [{a.min()}, {a.max()}]")
    return a


def boolean(name: str, value) -> bool:
    """A real ``bool`` (or numpy bool); anything else is a ``TypeError`` naming the parameter."""
    if not isinstance(value, bool | np.bool_):
        raise ArgumentTypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def square(name: str, value, size: int) -> np.ndarray:
    """A finite float64 matrix of shape (size, size)."""
    a = array(name, value, ndim=2)
    if a.shape != (size, size):
        raise ValueError(f"{name} must have shape ({size}, {size}), got {a.shape}")
    return a


def spd(name: str, value, size: int) -> np.ndarray:
    """A symmetric positive-definite float64 matrix of shape (size, size)."""
    a = square(name, value, size)
    if not np.allclose(a, a.T, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(a).max()))):
        raise ValueError(f"{name} must be symmetric positive definite; it is not symmetric")
    try:
        np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} must be symmetric positive definite; it is not positive definite") from None
    return a


def psd(name: str, value, size: int) -> np.ndarray:
    """A symmetric positive-semidefinite float64 matrix of shape (size, size) (eigenvalues ≥ −size·ε·max|a|)."""
    a = square(name, value, size)
    scale = max(1.0, float(np.abs(a).max()))
    if not np.allclose(a, a.T, rtol=1e-12, atol=1e-12 * scale):
        raise ValueError(f"{name} must be symmetric positive semidefinite; it is not symmetric")
    if np.linalg.eigvalsh(a).min() < -size * float(np.finfo(float).eps) * scale:
        raise ValueError(f"{name} must be symmetric positive semidefinite; it has a negative eigenvalue")
    return a


def generator(name: str, value) -> np.random.Generator:
    """Require an explicit ``np.random.Generator`` (never global random state)."""
    if not isinstance(value, np.random.Generator):
        raise ValueError(f"{name} must be a numpy.random.Generator (e.g. np.random.default_rng(seed)), "
                         f"got {type(value).__name__}")
    return value
