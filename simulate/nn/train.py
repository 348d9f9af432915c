"""Training loops for the numpy transformer (Adam with weight decay, cosine schedule, seeded)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn import layers, transformer
from seqtheory.simulate.nn.tasks import copy_batch, regression_batch
from seqtheory.simulate.optim import Adam, cosine_lr


def fit(params: dict, step_fn: Callable[[dict, int], tuple[float, dict]], steps: int, lr: float,
        weight_decay: float = 0.0) -> tuple[dict, np.ndarray]:
    """Run ``steps`` Adam updates; ``step_fn(params, step) -> (loss, grads)``.  Returns (params, losses)."""
    steps = validate.integer("steps", steps, 1)
    opt = Adam(weight_decay=weight_decay)
    losses = np.empty(steps)
    for step in range(steps):
        losses[step], grads = step_fn(params, step)
        params = opt.step(params, grads, cosine_lr(step, steps, lr, warmup=max(1, steps // 20)))
    return params, losses


def train_tokens(config: transformer.Config, draw_batch: Callable, steps: int, rng: np.random.Generator,
                 lr: float = 3e-3, dtype=np.float32, record_every: int = 0, record: Callable | None = None,
                 weight_decay: float = 0.0, schedule: str = "constant", stop: int | None = None
                 ) -> tuple[dict, np.ndarray]:
    """Next-token training of a token model: Adam (decoupled ``weight_decay``, AdamW, when positive) at a constant
    rate ``lr``, or with ``schedule="cosine"`` a linear warm-up over steps/50 then cosine decay to 0 at ``steps``;
    ``draw_batch(rng) -> (inputs, targets, weights)`` each step (fresh samples or draws from a fixed set — the
    caller decides), float32 by default.  ``stop`` ends the run after that many steps of the same schedule (the
    first steps of the full run, bit for bit: a cheap replay of a recorded training).
    ``record(step, params)`` every ``record_every`` steps.  Returns the parameters and the per-step losses."""
    steps = validate.integer("steps", steps, 1)
    rng = validate.generator("rng", rng)
    weight_decay = validate.real("weight_decay", weight_decay, 0.0)
    if schedule not in ("constant", "cosine"):
        raise ValueError(f"schedule must be 'constant' or 'cosine', got {schedule!r}")
    run = steps if stop is None else validate.integer("stop", stop, 1, steps)
    params = transformer.init_params(config, rng, dtype=dtype)
    opt = Adam(weight_decay=weight_decay)
    losses = np.empty(run)
    for step in range(run):
        inputs, targets, weights = draw_batch(rng)
        out, cache = transformer.forward(params, config, inputs)
        losses[step], dout = layers.cross_entropy(out, targets, np.asarray(weights, dtype=dtype))
        rate = lr if schedule == "constant" else cosine_lr(step, steps, lr, warmup=max(1, steps // 50))
        params = opt.step(params, transformer.backward(params, config, dout, cache), rate)
        if record is not None and record_every and (step + 1) % record_every == 0:
            record(step + 1, params)
    return params, losses


def train_copy(config: transformer.Config, rng: np.random.Generator, length: int, steps: int, batch: int = 64,
               lr: float = 3e-3) -> tuple[dict, np.ndarray]:
    """Train on COPY with sequences of ``length`` symbols from an alphabet of config.vocab − 1."""
    params = transformer.init_params(config, rng)

    def step_fn(p, _):
        b = copy_batch(rng, batch, length, config.vocab - 1)
        out, cache = transformer.forward(p, config, b.inputs)
        loss, dout = layers.cross_entropy(out, b.targets, b.weights)
        return loss, transformer.backward(p, config, dout, cache)
    return fit(params, step_fn, steps, lr)


def copy_accuracy(params, config: transformer.Config, rng: np.random.Generator, length: int,
                  batch: int = 512) -> float:
    """Token accuracy on the copied half (teacher-forced, i.e. next-token prediction)."""
    b = copy_batch(rng, batch, length, config.vocab - 1)
    out, _ = transformer.forward(params, config, b.inputs)
    hits = (out.argmax(axis=-1) == b.targets) & (b.weights > 0)
    return float(hits.sum() / b.weights.sum())


def train_regression(config: transformer.Config, rng: np.random.Generator, n: int, d: int, steps: int,
                     batch: int = 64, lr: float = 1e-3) -> tuple[dict, np.ndarray]:
    """Train to predict the query label from the last position (squared error)."""
    params = transformer.init_params(config, rng)

    def step_fn(p, _):
        b = regression_batch(rng, batch, n, d)
        out, cache = transformer.forward(p, config, b.inputs)
        resid = out[:, -1, 0] - b.targets
        dout = np.zeros_like(out)
        dout[:, -1, 0] = 2 * resid / batch
        return float(np.mean(resid**2)), transformer.backward(p, config, dout, cache)
    return fit(params, step_fn, steps, lr)
