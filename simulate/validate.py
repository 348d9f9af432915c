"""Argument validation shared by every public entry point: bad input raises a ``ValueError`` that names the
parameter and its valid domain, never a NaN, a hang or a silent wrong answer."""

from __future__ import annotations

import numbers

import numpy as np


def integer(name: str, value, low: int = 1, high: int | None = None) -> int:
    """Return ``value`` as ``int`` if it is an integer in ``[low, high]``; otherwise raise ``ValueError``."""
    rng = f"[{low}, {high}]" if high is not None else f"≥ {low}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer() and np.isfinite(float(value)):
            value = int(value)
        else:
            raise ValueError(f"{name} must be an integer {rng}, got {value!r}")
    value = int(value)
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be an integer {rng}, got {value}")
    return value


def real(name: str, value, low: float | None = None, high: float | None = None,
         low_open: bool = False, high_open: bool = False) -> float:
    """Return ``value`` as ``float`` if it is a finite real in the stated interval; else raise ``ValueError``."""
    lo = "-∞" if low is None else f"{low:g}"
    hi = "∞" if high is None else f"{high:g}"
    interval = f"{'(' if low_open or low is None else '['}{lo}, {hi}{')' if high_open or high is None else ']'}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number in {interval}, got {value!r}")
    x = float(value)
    bad = (not np.isfinite(x)
           or (low is not None and (x < low or (low_open and x == low)))
           or (high is not None and (x > high or (high_open and x == high))))
    if bad:
        raise ValueError(f"{name} must be a real number in {interval}, got {value!r}")
    return x


def array(name: str, value, ndim_min: int | None = None, ndim: int | None = None,
          finite: bool = True, keep_float32: bool = False) -> np.ndarray:
    """Return ``value`` as a float64 array (float32 kept if ``keep_float32``), checking its rank and that every
    entry is finite."""
    a = np.asarray(value)
    if not (keep_float32 and a.dtype == np.float32):
        a = np.asarray(a, dtype=np.float64)
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {a.shape}")
    if ndim_min is not None and a.ndim < ndim_min:
        raise ValueError(f"{name} must have at least {ndim_min} dimensions, got shape {a.shape}")
    if finite and not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must contain only finite values (no NaN or inf)")
    return a


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


def generator(name: str, value) -> np.random.Generator:
    """Require an explicit ``np.random.Generator`` (never global random state)."""
    if not isinstance(value, np.random.Generator):
        raise ValueError(f"{name} must be a numpy.random.Generator (e.g. np.random.default_rng(seed)), "
                         f"got {type(value).__name__}")
    return value
