"""Gradient flow of a smooth loss, integrated to high accuracy: the numeric side of the training-dynamics claims
(Huang, Wang, Lee 2025, Thm 4.1; ``docs/huang2025_thm4_1_dynamics.md``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.integrate import solve_ivp

#: Integration tolerances (LSODA switches between stiff and non-stiff methods; the reduced CoT flows are stiff
#: near the plateau).
RTOL, ATOL = 1e-10, 1e-12
#: The flow stops once the gradient norm falls below this (a stationary point, to the integrator's accuracy).
GRADIENT_FLOOR = 1e-13


def gradient_flow(field: Callable[[float, np.ndarray], np.ndarray], y0, t_max: float = 5_000.0):
    """``solve_ivp`` (LSODA, rtol 1e-10, atol 1e-12) of ẏ = field(t, y) = −∇L(y) from ``y0`` up to ``t_max``,
    stopped once ‖field‖ < 1e-13; the solution carries a dense output (``sol.sol(t)``)."""

    def stationary(t, y):
        return float(np.linalg.norm(field(t, y))) - GRADIENT_FLOOR
    stationary.terminal = True
    return solve_ivp(field, (0.0, t_max), np.asarray(y0, dtype=float), method="LSODA", rtol=RTOL, atol=ATOL,
                     dense_output=True, events=stationary)
