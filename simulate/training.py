"""Training the one-layer LSA on fresh prompts each step (seeded): dense (V, W) by Adam, and the sparse CoT class
(V_31, W_13) by plain SGD."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import cot, lsa, validate
from seqtheory.simulate.optim import Adam, cosine_lr
from seqtheory.simulate.tasks import Prompts, sample_prompts


@dataclass(frozen=True)
class TrainResult:
    """Final weights and the training-loss curve (batch means, one per step)."""

    V: np.ndarray
    W: np.ndarray
    losses: np.ndarray


LossAndGrad = Callable[[np.ndarray, np.ndarray, Prompts], tuple[np.ndarray, np.ndarray, np.ndarray]]


def train_lsa(rng: np.random.Generator, n: int, d: int, *, steps: int = 3000, batch: int = 512,
              lr: float = 1e-2, init_scale: float = 0.1, loss_and_grad: LossAndGrad | None = None,
              V0=None, W0=None) -> TrainResult:
    """Train dense (V, W) by Adam with a cosine schedule on fresh prompts each step.

    ``loss_and_grad(V, W, prompts) -> (per-prompt losses, dV, dW)`` defaults to the no-CoT evaluation loss.
    Initial weights are iid N(0, init_scale²) unless ``V0``/``W0`` are given.
    """
    rng = validate.generator("rng", rng)
    n, d = validate.integer("n", n, 1), validate.integer("d", d, 1)
    steps, batch = validate.integer("steps", steps, 1), validate.integer("batch", batch, 1)
    lr = validate.real("lr", lr, 0.0, low_open=True)
    init_scale = validate.real("init_scale", init_scale, 0.0)
    fn = loss_and_grad or lsa.no_cot_loss_and_grad
    D = lsa.token_dim(d)
    params = {
        "V": init_scale * rng.standard_normal((D, D)) if V0 is None else validate.square("V0", V0, D).copy(),
        "W": init_scale * rng.standard_normal((D, D)) if W0 is None else validate.square("W0", W0, D).copy(),
    }
    opt = Adam()
    curve = np.empty(steps)
    for step in range(steps):
        losses, dV, dW = fn(params["V"], params["W"], sample_prompts(rng, batch, n, d))
        curve[step] = losses.mean()
        params = opt.step(params, {"V": dV, "W": dW}, cosine_lr(step, steps, lr, warmup=steps // 20))
    return TrainResult(V=params["V"], W=params["W"], losses=curve)


def sgd_sparse_cot(rng: np.random.Generator, n: int, d: int, eta: float, k: int, V31, W13, lr: float, steps: int,
                   batch: int) -> tuple[np.ndarray, np.ndarray]:
    """Plain SGD (no momentum, constant rate) on the full sparse-class matrices (V_31, W_13) with a fresh batch of
    prompts each step, on the teacher-forced CoT loss (:func:`seqtheory.simulate.cot.sparse_cot_loss_and_grad`).
    Returns the final (V_31, W_13)."""
    V31, W13 = np.array(V31, dtype=float), np.array(W13, dtype=float)
    for _ in range(steps):
        _, g_v, g_w = cot.sparse_cot_loss_and_grad(V31, W13, sample_prompts(rng, batch, n, d), eta, k)
        V31, W13 = V31 - lr * g_v, W13 - lr * g_w
    return V31, W13
