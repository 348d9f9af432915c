"""Closed-form moments of Ren & Liu's dual model on Gaussian keys with positive random features (the generalisation
bound of ``theorems/renliu2024/bound.py``; derivation: ``docs/attention_sparsemax_dual.md`` § 7).

Keys k ~ N(0, s² I_d), values v = A k + τ ε (ε ~ N(0, I_{d_v})), features φ_j(k) = d_r^{−1/2} e^{ω_jᵀk − ‖k‖²/2}.
Completing the square, with t = s²/(1 + s²) and u = s²/(1 + 2s²):
E[k φ_j(k)] = t ω_j (1 + s²)^{−d/2} e^{t‖ω_j‖²/2} / √d_r and
E[‖v‖² φ_j(k)²] = (1 + 2s²)^{−d/2} e^{2u‖ω_j‖²} (‖2uAω_j‖² + u·tr AᵀA + τ² d_v) / d_r.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate.dual_bound import Setting

__all__ = ["cross_moment", "gap_variance", "second_moment"]


def cross_moment(s: Setting) -> np.ndarray:
    """C = E vφ(k)ᵀ (d_v, d_r), exactly."""
    s2, d = s.spread**2, s.d
    t = s2 / (1 + s2)
    w2 = np.sum(s.omega**2, axis=1)  # (d_r,) ‖ω_j‖²
    g = (1 + s2) ** (-d / 2) * np.exp(t * w2 / 2) / np.sqrt(s.omega.shape[0])  # (d_r,) E φ_j(k)
    return s.a @ (t * s.omega.T * g)  # (d_v, d) @ (d, d_r): A E[k φ(k)ᵀ]


def second_moment(s: Setting) -> float:
    """E ‖v‖² ‖φ(k)‖², exactly."""
    s2, d, d_r = s.spread**2, s.d, s.omega.shape[0]
    u = s2 / (1 + 2 * s2)
    w2 = np.sum(s.omega**2, axis=1)  # (d_r,)
    h = (1 + 2 * s2) ** (-d / 2) * np.exp(2 * u * w2)  # (d_r,) E e^{2ω_jᵀk − ‖k‖²}
    mean_v2 = np.sum((2 * u * s.omega @ s.a.T) ** 2, axis=1) + u * np.sum(s.a**2) + s.noise**2 * s.a.shape[0]
    return float(np.sum(h * mean_v2) / d_r)


def gap_variance(s: Setting) -> float:
    """σ² = E‖v‖²‖φ(k)‖² − ‖C‖²_F: N times the mean square of the worst gap over the unit ball."""
    return second_moment(s) - float(np.sum(cross_moment(s) ** 2))
