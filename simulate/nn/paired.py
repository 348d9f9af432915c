"""What the Mamba-versus-Transformer replicas share (:mod:`seqtheory.simulate.copy_replica`,
:mod:`seqtheory.simulate.dp_replica`): the models by name, random streams derived by spawn key, and a supervised
training that can stop after its first steps — the cheap *replay* that ``verify`` re-runs to confirm a recorded
replica reproduces bit for bit.

A replay must see exactly the streams and the learning-rate schedule of the full run, so

* streams are children of the replica's ``SeedSequence`` built **by spawn key** (:func:`child_stream`), not by
  ``SeedSequence.spawn()``, which advances the parent's counter: a replica and its replay, or two replicas run in
  any order, get the same children;
* the replay runs the full run's schedule (``steps``) and stops after its first ``stop`` steps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn import layers
from seqtheory.simulate.nn.train import fit

__all__ = ["Model", "child_stream", "fingerprint", "model", "train"]

#: A model as the replicas use it: (initialiser, forward, backward, config).
Model = tuple[Callable, Callable, Callable, object]


def model(models: Mapping[str, Model], name) -> Model:
    """``models[name]``, or a ``ValueError`` naming ``name`` and the models there are."""
    if not isinstance(name, str) or name not in models:
        raise ValueError(f"name must be one of {sorted(models)}, got {name!r}")
    return models[name]


def child_stream(seed_seq: np.random.SeedSequence, i: int) -> np.random.Generator:
    """The generator of child ``i`` of ``seed_seq``, derived by spawn key (the same whatever was spawned before)."""
    if not isinstance(seed_seq, np.random.SeedSequence):
        raise TypeError(f"seed_seq must be a numpy SeedSequence, got {type(seed_seq).__name__}")
    i = validate.integer("i", i, 0)
    return np.random.default_rng(np.random.SeedSequence(seed_seq.entropy, spawn_key=(*seed_seq.spawn_key, i),
                                                        pool_size=seed_seq.pool_size))


class _Stop(Exception):
    """Ends a training after its first steps (the replay)."""


def train(chosen: Model, batch: Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray, np.ndarray]],
          rng: np.random.Generator, steps: int, lr: float, stop: int | None = None) -> tuple[dict, np.ndarray]:
    """Train ``chosen`` = (init, forward, backward, config) from ``rng`` with Adam and the cosine schedule of
    :func:`seqtheory.simulate.nn.train.fit` over ``steps``, each step on ``batch(rng)`` = (inputs, targets,
    weights), the loss weighted cross-entropy.  With ``stop``, only the first ``stop`` steps of that schedule.
    Returns the parameters and the losses (steps,) or (stop,)."""
    steps = validate.integer("steps", steps, 1)
    if stop is not None:
        stop = validate.integer("stop", stop, 1, steps)
    lr = validate.real("lr", lr, 0.0, low_open=True)
    rng = validate.generator("rng", rng)
    init, forward, backward, cfg = chosen
    params = init(cfg, rng)
    losses: list[float] = []

    def step_fn(p: dict, step: int) -> tuple[float, dict]:
        if step == stop:
            raise _Stop
        inputs, targets, weights = batch(rng)  # (B, S), (B, S), (B, S)
        out, cache = forward(p, cfg, inputs)  # (B, S, vocab)
        loss, dout = layers.cross_entropy(out, targets, weights)
        losses.append(float(loss))
        return loss, backward(p, cfg, dout, cache)

    try:
        params, _ = fit(params, step_fn, steps, lr)
    except _Stop:
        pass
    return params, np.array(losses)


def fingerprint(losses: np.ndarray, first: int) -> float:
    """The sum of a training's first ``first`` losses (in float64): what a replay must reproduce."""
    losses = validate.array("losses", losses, ndim=1)
    first = validate.integer("first", first, 1, len(losses))
    return float(np.sum(losses[:first], dtype=np.float64))
