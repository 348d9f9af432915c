"""Central-difference vector–Jacobian products in float64, for checking hand-written backward passes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def central_vjp(f: Callable[..., np.ndarray], args: Sequence[np.ndarray], cotangent, h: float = 1e-6
                ) -> list[np.ndarray]:
    """∂⟨cotangent, f(*args)⟩/∂args[i] for every argument, by (f(x + h e) − f(x − h e)) / 2h per entry.

    Truncation error is O(h²·f‴) and rounding O(ε·|f|/h); h = 1e-6 balances both to ≈ 1e-10 relative."""
    args = [np.array(a, dtype=np.float64) for a in args]
    cot = np.asarray(cotangent, dtype=np.float64)
    grads = []
    for idx, arg in enumerate(args):
        g = np.zeros_like(arg)
        for pos in np.ndindex(arg.shape):
            plus = [a.copy() for a in args]
            minus = [a.copy() for a in args]
            plus[idx][pos] += h
            minus[idx][pos] -= h
            g[pos] = np.sum(cot * (np.asarray(f(*plus)) - np.asarray(f(*minus)))) / (2 * h)
        grads.append(g)
    return grads


def central_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-6) -> np.ndarray:
    """Gradient of a scalar function of one array by central differences."""
    return central_vjp(lambda a: np.asarray(f(a)), [x], 1.0, h)[0]


def check_parameter_gradients(loss, params: dict, grads: dict, rng: np.random.Generator, per_param: int = 2,
                              h: float = 1e-6, atol: float = 1e-7) -> None:
    """For ``per_param`` random entries of every parameter array, assert the analytic gradient matches the
    central difference of the scalar ``loss(params)`` to ``atol`` (raises AssertionError naming the key)."""
    for key, value in params.items():
        for _ in range(per_param):
            idx = tuple(int(rng.integers(0, s)) for s in value.shape)
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][idx] += h
            minus[key][idx] -= h
            numeric = (loss(plus) - loss(minus)) / (2 * h)
            assert abs(numeric - grads[key][idx]) < atol, (key, idx, numeric, grads[key][idx])
