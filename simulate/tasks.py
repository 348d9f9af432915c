"""In-context weight-prediction tasks (Huang, Wang, Lee 2025, §2; docs/notation.md).

Each prompt draws a task vector ``w* ~ N(0, I_d)``, covariates ``x_1..x_n ~ iid N(0, Σ)`` and noiseless labels
``y_j = ⟨w*, x_j⟩``.  The model must output w* itself (weight prediction, not label prediction).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import validate


@dataclass(frozen=True)
class Prompts:
    """A batch of B prompts: ``X`` (B, d, n), ``y`` (B, n), ``w_star`` (B, d)."""

    X: np.ndarray
    y: np.ndarray
    w_star: np.ndarray

    @property
    def n(self) -> int:
        return self.X.shape[-1]

    @property
    def d(self) -> int:
        return self.X.shape[-2]

    @property
    def batch(self) -> int:
        return self.X.shape[0]

    def covariance(self) -> np.ndarray:
        """Empirical covariance S = XXᵀ/n per prompt, shape (B, d, d)."""
        return self.X @ np.swapaxes(self.X, -1, -2) / self.n


def sample_prompts(rng: np.random.Generator, batch: int, n: int, d: int, sigma=None) -> Prompts:
    """Sample ``batch`` prompts with ``n`` examples in dimension ``d``; covariates ~ N(0, sigma) (default I; a
    singular — positive semidefinite — sigma is allowed: its null directions carry no signal)."""
    rng = validate.generator("rng", rng)
    batch = validate.integer("batch", batch, 1)
    n = validate.integer("n", n, 1)
    d = validate.integer("d", d, 1)
    # the prompts and the per-prompt (d, d), (2d+2, 2d+2) and (n+1, n+1) arrays the LSA and CoT code forms from them
    validate.budget(f"sample_prompts(batch={batch}, n={n}, d={d}) and the LSA arrays built from them",
                    3.0 * batch * max(d * n, (2 * d + 2) ** 2, (n + 1) ** 2))
    X = rng.standard_normal((batch, d, n))  # (B, d, n)
    if sigma is not None:
        X = covariance_root(validate.psd("sigma", sigma, d)) @ X  # (B, d, n), columns ~ N(0, Σ)
    w_star = rng.standard_normal((batch, d))  # (B, d)
    y = np.einsum("bdn,bd->bn", X, w_star)  # (B, n)
    return Prompts(X=X, y=y, w_star=w_star)


def covariance_root(sigma: np.ndarray) -> np.ndarray:
    """A square root R with RRᵀ = Σ: the Cholesky factor when Σ is positive definite, U diag(√λ) otherwise."""
    try:
        return np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        lam, U = np.linalg.eigh(sigma)
        return U * np.sqrt(np.clip(lam, 0.0, None))


def check_prompts(name: str, value) -> Prompts:
    """``value`` if it is a :class:`Prompts` batch; an ``ArgumentTypeError`` naming ``name`` otherwise."""
    if not isinstance(value, Prompts):
        raise validate.ArgumentTypeError(f"{name} must be a Prompts batch (from sample_prompts), got "
                                         f"{type(value).__name__}")
    return value


def make_sigma(d: int, kappa: float, sigma_seed: int) -> np.ndarray:
    """A covariance with eigenvalues geometric in [1/κ, 1] (λ_max = 1) in a random basis from ``sigma_seed``
    (the out-of-distribution prompts of Thm 4.2)."""
    d = validate.integer("d", d, 1)
    kappa = validate.real("kappa", kappa, 1.0)
    Q, _ = np.linalg.qr(np.random.default_rng(sigma_seed).standard_normal((d, d)))
    return Q @ np.diag(np.geomspace(1.0 / kappa, 1.0, d)) @ Q.T


def covariance_with_spectrum(eigenvalues, sigma_seed: int) -> np.ndarray:
    """Q diag(eigenvalues) Qᵀ with Q a random orthogonal basis from ``sigma_seed`` (zero eigenvalues allowed: a
    singular covariance)."""
    lam = validate.array("eigenvalues", eigenvalues, ndim=1)
    if np.any(lam < 0):
        raise ValueError(f"eigenvalues must be ≥ 0, got {lam.tolist()}")
    Q, _ = np.linalg.qr(np.random.default_rng(sigma_seed).standard_normal((lam.size, lam.size)))
    return Q @ np.diag(lam) @ Q.T
