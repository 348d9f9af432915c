"""Wishart samplers and Monte Carlo estimators of trace moments (the numeric side of docs/wishart_moments.md).

``W = XXᵀ`` with X (d, n) iid N(0, 1).  Two independent samplers: our own (Gaussian X, then XXᵀ) and
``scipy.stats.wishart`` (Bartlett decomposition; needs n ≥ d).  Traces of powers use eigenvalues
(``tr W^k = Σ λ^k``), which is cheaper and more accurate than repeated matrix products.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from seqtheory.simulate import validate
from seqtheory.simulate.stats import Estimate
from seqtheory.simulate.tails import TailedMean


def sample_wishart(rng: np.random.Generator, n: int, d: int, size: int, field: str = "real") -> np.ndarray:
    """``size`` draws of W = XXᵀ (real) or XX* (complex, E|X_ij|² = 1), shape (size, d, d)."""
    rng = validate.generator("rng", rng)
    n, d, size = validate.integer("n", n, 1), validate.integer("d", d, 1), validate.integer("size", size, 1)
    validate.budget(f"sample_wishart(n={n}, d={d}, size={size}): X (size, d, n)", 4.0 * size * d * max(n, d))
    if field == "real":
        X = rng.standard_normal((size, d, n))  # (size, d, n)
        return X @ np.swapaxes(X, -1, -2)
    if field == "complex":
        X = (rng.standard_normal((size, d, n)) + 1j * rng.standard_normal((size, d, n))) / np.sqrt(2)
        return X @ np.conj(np.swapaxes(X, -1, -2))
    raise ValueError(f"field must be 'real' or 'complex', got {field!r}")


def sample_wishart_scipy(rng: np.random.Generator, n: int, d: int, size: int) -> np.ndarray:
    """``size`` draws from ``scipy.stats.wishart(df=n, scale=I_d)`` (an independent sampler; n ≥ d)."""
    rng = validate.generator("rng", rng)
    d = validate.integer("d", d, 1)
    n = validate.integer("n", n, d)
    size = validate.integer("size", size, 1)
    validate.budget(f"sample_wishart_scipy(n={n}, d={d}, size={size}): draws (size, d, d)", 4.0 * size * d * d)
    draws = stats.wishart(df=n, scale=np.eye(d)).rvs(size=size, random_state=rng)
    return np.asarray(draws, dtype=np.float64).reshape(size, d, d)


def eigenvalues(W: np.ndarray) -> np.ndarray:
    """Eigenvalues of a batch of Hermitian matrices, shape (size, d), clipped at 0 (W is PSD)."""
    return np.clip(np.linalg.eigvalsh(W), 0.0, None)


def mixed_trace_draws(eigs: np.ndarray, parts) -> np.ndarray:
    """Per-draw Π_i tr W^{parts_i} from eigenvalues (size, d); negative parts are inverse powers."""
    out = np.ones(eigs.shape[0])
    for p in parts:
        out = out * np.sum(eigs ** float(p), axis=-1)
    return out


def mc_mixed_moment(rng: np.random.Generator, parts, n: int, d: int, samples: int,
                    sampler: str = "own", chunk: int = 50_000) -> Estimate:
    """Monte Carlo estimate (mean ± s.e.) of E Π tr W^{parts_i}; ``sampler`` is "own" or "scipy"."""
    samples = validate.integer("samples", samples, 2)
    draw = {"own": lambda m: sample_wishart(rng, n, d, m), "scipy": lambda m: sample_wishart_scipy(rng, n, d, m)}
    if sampler not in draw:
        raise ValueError(f"sampler must be 'own' or 'scipy', got {sampler!r}")
    values = [mixed_trace_draws(eigenvalues(draw[sampler](min(chunk, samples - s))), parts)
              for s in range(0, samples, chunk)]
    return TailedMean.of(np.concatenate(values))


def mc_edge_exceedance(rng: np.random.Generator, n: int, d: int, t: float, samples: int,
                       chunk: int = 20_000) -> Estimate:
    """Monte Carlo of P(√λ_max(S) ≥ 1 + √(d/n) + t), S = W/n, as a Bernoulli mean ± s.e.

    A zero count gets the conservative s.e. of one success, so a bound check is never vacuous."""
    t = validate.real("t", t, 0.0)
    samples = validate.integer("samples", samples, 2)
    edge = 1.0 + np.sqrt(d / n) + t
    hits = 0
    for s in range(0, samples, chunk):
        m = min(chunk, samples - s)
        lam_max = eigenvalues(sample_wishart(rng, n, d, m))[:, -1] / n  # (m,)
        hits += int(np.count_nonzero(np.sqrt(lam_max) >= edge))
    p = hits / samples
    se = np.sqrt(max(p * (1 - p), 1.0 / samples) / samples)
    return Estimate(p, float(se), samples)
