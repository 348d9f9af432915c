"""Layer kernels with hand-written backward: linear, LayerNorm, GELU (tanh form), cross-entropy."""

from __future__ import annotations

import numpy as np

LN_EPS = 1e-5
_C = np.sqrt(2.0 / np.pi)


def layernorm_forward(x, g, b):
    """y = (x − μ)/√(σ² + ε) · g + b over the last axis."""
    mu = x.mean(axis=-1, keepdims=True)
    inv = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + LN_EPS)
    xhat = (x - mu) * inv
    return xhat * g + b, (xhat, inv, g)


def layernorm_backward(dy, cache):
    xhat, inv, g = cache
    dg = np.sum(dy * xhat, axis=tuple(range(dy.ndim - 1)))
    db = np.sum(dy, axis=tuple(range(dy.ndim - 1)))
    dxhat = dy * g
    dx = inv * (dxhat - dxhat.mean(axis=-1, keepdims=True) - xhat * np.mean(dxhat * xhat, axis=-1, keepdims=True))
    return dx, dg, db


def gelu_forward(x):
    """GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))."""
    t = np.tanh(_C * (x + 0.044715 * x**3))
    return 0.5 * x * (1 + t), (x, t)


def gelu_backward(dy, cache):
    x, t = cache
    return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t**2) * _C * (1 + 3 * 0.044715 * x**2))


def cross_entropy(logits, targets, weights):
    """Mean weighted token cross-entropy and its gradient w.r.t. the logits.

    logits (..., V), integer targets (...), weights (...) ≥ 0 (0 = position not scored)."""
    z = logits - logits.max(axis=-1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    total = max(float(np.sum(weights)), 1e-12)
    picked = np.take_along_axis(logp, targets[..., None], axis=-1)[..., 0]
    loss = -float(np.sum(weights * picked)) / total
    grad = np.exp(np.where(logp < -700.0, -np.inf, logp))  # no subnormal probabilities (slow BLAS)
    np.put_along_axis(grad, targets[..., None], np.take_along_axis(grad, targets[..., None], axis=-1) - 1, axis=-1)
    return loss, grad * (weights / total)[..., None]
