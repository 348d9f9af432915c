"""Optimisers over parameters held as plain dicts of float64 arrays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from seqtheory.simulate import validate


@dataclass
class Adam:
    """Adam (Kingma & Ba 2015) with optional decoupled weight decay (AdamW, Loshchilov & Hutter 2019).

    ``step(params, grads, lr)`` returns updated copies; ``lr`` is passed per step so schedules stay outside.
    """

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0
    t: int = 0
    m: dict = field(default_factory=dict)
    v: dict = field(default_factory=dict)

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float) -> dict:
        lr = validate.real("lr", lr, 0.0, low_open=True)
        self.t += 1
        out = {}
        for key, p in params.items():
            g = grads[key]
            m = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            v = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            self.m[key], self.v[key] = m, v
            m_hat = m / (1 - self.beta1**self.t)
            v_hat = v / (1 - self.beta2**self.t)
            out[key] = p - lr * (m_hat / (np.sqrt(v_hat) + self.eps) + self.weight_decay * p)
        return out


def cosine_lr(step: int, total: int, peak: float, warmup: int = 0, floor: float = 0.0) -> float:
    """Linear warm-up to ``peak`` then cosine decay to ``floor`` at ``total`` steps."""
    if step < warmup:
        return peak * (step + 1) / warmup
    frac = (step - warmup) / max(1, total - warmup)
    return floor + 0.5 * (peak - floor) * (1 + np.cos(np.pi * min(frac, 1.0)))
