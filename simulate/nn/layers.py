"""Layer kernels with hand-written backward: linear, LayerNorm, GELU (tanh form), cross-entropy."""

from __future__ import annotations

import numpy as np

LN_EPS = 1e-5
_C = float(np.sqrt(2.0 / np.pi))  # a Python float: it must not upcast float32 arrays


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
    """GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).  Products, not powers (np.power is slow
    in float32), in place on one buffer; the dtype of x is kept."""
    t = x * x  # x²
    t *= 0.044715
    t += 1
    t *= x  # x + 0.044715x³
    t *= _C
    np.tanh(t, out=t)
    y = t + 1
    y *= x
    y *= 0.5
    return y, (x, t)


def gelu_backward(dy, cache):
    """dy · [½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)]."""
    x, t = cache
    inner = x * x  # x²
    inner *= 3 * 0.044715
    inner += 1
    inner *= _C
    inner *= x
    sech2 = t * t
    np.subtract(1, sech2, out=sech2)  # 1 − t²
    inner *= sech2
    inner += 1
    inner += t
    inner *= 0.5
    inner *= dy
    return inner


def cross_entropy(logits, targets, weights):
    """Mean weighted token cross-entropy and its gradient w.r.t. the logits.

    logits (..., V), integer targets (...), weights (...) ≥ 0 (0 = position not scored)."""
    z = logits - logits.max(axis=-1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    total = max(float(np.sum(weights)), 1e-12)
    picked = np.take_along_axis(logp, targets[..., None], axis=-1)[..., 0]
    loss = -float(np.sum(weights * picked)) / total
    floor = float(np.log(np.finfo(logp.dtype).tiny))  # below: a subnormal probability (slow BLAS), flushed to 0
    grad = np.exp(np.where(logp < floor, -np.inf, logp))
    np.put_along_axis(grad, targets[..., None], np.take_along_axis(grad, targets[..., None], axis=-1) - 1, axis=-1)
    return loss, grad * (weights / total)[..., None]
