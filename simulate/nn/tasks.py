"""Small sequence tasks for training the numpy transformer: COPY and in-context linear regression."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import validate


@dataclass(frozen=True)
class TokenBatch:
    """inputs (B, T) and targets (B, T) integer tokens; weights (B, T) mark the scored positions."""

    inputs: np.ndarray
    targets: np.ndarray
    weights: np.ndarray


def copy_batch(rng: np.random.Generator, batch: int, length: int, alphabet: int) -> TokenBatch:
    """Sequences ``a_1..a_L SEP a_1..a_L`` (SEP = alphabet); the model is scored on predicting the copy."""
    rng = validate.generator("rng", rng)
    batch, length = validate.integer("batch", batch, 1), validate.integer("length", length, 1)
    alphabet = validate.integer("alphabet", alphabet, 2)
    body = rng.integers(0, alphabet, size=(batch, length))
    seq = np.concatenate([body, np.full((batch, 1), alphabet), body], axis=1)  # (B, 2L+1)
    weights = np.zeros((batch, 2 * length))
    weights[:, length:] = 1.0  # positions whose target is a copied token
    return TokenBatch(seq[:, :-1], seq[:, 1:], weights)


@dataclass(frozen=True)
class RegressionBatch:
    """inputs (B, n+1, d+1): rows (x_i, y_i) then (x_q, 0); targets (B,) = y_q."""

    inputs: np.ndarray
    targets: np.ndarray


def regression_batch(rng: np.random.Generator, batch: int, n: int, d: int) -> RegressionBatch:
    """In-context linear regression: w ~ N(0, I_d), x ~ N(0, I_d), y = ⟨w, x⟩ (noiseless)."""
    rng = validate.generator("rng", rng)
    X = rng.standard_normal((batch, n + 1, d))
    w = rng.standard_normal((batch, d))
    y = np.einsum("bnd,bd->bn", X, w)
    inputs = np.concatenate([X, y[..., None]], axis=-1)
    inputs[:, -1, -1] = 0.0  # hide the query label
    return RegressionBatch(inputs, y[:, -1])
