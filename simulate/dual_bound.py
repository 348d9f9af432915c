"""Sampling the generalisation gap of Ren & Liu's dual model over N demonstration tokens (arXiv:2310.13220, §3's
bound, as reconstructed in ``docs/attention_sparsemax_dual.md`` § "The generalisation bound").

The dual model ``f(x) = W φ(x)`` with positive random features ``φ(k) = d_r^{−1/2} exp(Ωk − ‖k‖²/2)`` (Ω (d_r, d))
is trained on N demonstration pairs (k_i, v_i) with the linear dual loss ``ℓ(W; k, v) = −vᵀWφ(k)``.  Its empirical
risk is ``−⟨W, Ĉ_N⟩`` with ``Ĉ_N = (1/N) Σ_i v_i φ(k_i)ᵀ`` and its population risk ``−⟨W, C⟩``, C = E vφ(k)ᵀ, so
over the ball ‖W‖_F ≤ B the worst generalisation gap is exactly ``B ‖Ĉ_N − C‖_F`` (Cauchy–Schwarz, attained at
W ∝ Ĉ_N − C).  This module draws that gap; the population quantities come from the caller.

Data: keys k ~ N(0, s² I_d), values v = A k + τ ε with ε ~ N(0, I_{d_v}); Ω and A are fixed by the setting (the
model's feature map and the task), the seed drives only the demonstrations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import validate

#: The seed of the fixed parts of a setting (Ω, A): the setting is a function of its sizes and scales alone.
SETTING_SEED = 20240531


@dataclass(frozen=True)
class Setting:
    """The task and the feature map: Ω (d_r, d), A (d_v, d), key scale s, value noise τ."""

    omega: np.ndarray
    a: np.ndarray
    spread: float
    noise: float

    @property
    def d(self) -> int:
        return self.omega.shape[1]


def setting(d: int, d_v: int, d_r: int, spread: float, noise: float) -> Setting:
    """The setting with these sizes and scales (Ω ~ N(0, I), A ~ N(0, 1/d), both from :data:`SETTING_SEED`)."""
    d, d_v, d_r = (validate.integer(name, v, 1) for name, v in (("d", d), ("d_v", d_v), ("d_r", d_r)))
    spread = validate.real("spread", spread, 0.0, low_open=True)
    noise = validate.real("noise", noise, 0.0)
    rng = np.random.default_rng(SETTING_SEED)
    omega = rng.standard_normal((d_r, d))  # (d_r, d)
    a = rng.standard_normal((d_v, d)) / np.sqrt(d)  # (d_v, d)
    return Setting(omega, a, spread, noise)


def features(s: Setting, k: np.ndarray) -> np.ndarray:
    """φ(k) for keys k (..., d) → (..., d_r)."""
    return np.exp(k @ s.omega.T - 0.5 * np.sum(k**2, axis=-1, keepdims=True)) / np.sqrt(s.omega.shape[0])


#: Replicas drawn per chunk: bounds the (chunk, N, d_r) feature array.
CHUNK_ELEMENTS = 4_000_000


def sup_gaps(s: Setting, c: np.ndarray, n: int, replicas: int, rng: np.random.Generator) -> np.ndarray:
    """``replicas`` independent draws of the worst gap over the unit ball, ``‖Ĉ_N − C‖_F``, each from N fresh
    demonstrations; ``c`` (d_v, d_r) is the population cross moment C.  Returns (replicas,)."""
    n = validate.integer("n", n, 1)
    replicas = validate.integer("replicas", replicas, 1)
    rng = validate.generator("rng", rng)
    c = validate.array("c", c, ndim=2)
    d_v, d_r = s.a.shape[0], s.omega.shape[0]
    if c.shape != (d_v, d_r):
        raise ValueError(f"c must have shape (d_v, d_r) = {(d_v, d_r)}, got {c.shape}")
    per_chunk = max(1, CHUNK_ELEMENTS // (n * d_r))
    validate.budget("sup_gaps: one chunk of features", min(replicas, per_chunk) * n * d_r)
    out = []
    for start in range(0, replicas, per_chunk):
        m = min(per_chunk, replicas - start)
        k = s.spread * rng.standard_normal((m, n, s.d))  # (m, N, d) keys
        v = k @ s.a.T + s.noise * rng.standard_normal((m, n, d_v))  # (m, N, d_v) values
        c_hat = np.einsum("mnv,mnr->mvr", v, features(s, k)) / n  # (m, d_v, d_r): Ĉ_N per replica
        out.append(np.sqrt(np.sum((c_hat - c) ** 2, axis=(1, 2))))  # (m,)
    return np.concatenate(out)
