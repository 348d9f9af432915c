"""A replica of Ren, Li, Liu's COPY experiment (arXiv:2410.03810v3, §5: "our experiments on the copy and CoT tasks
further demonstrate Mamba's limitations compared to Transformers in learning these tasks"): the toolkit's Mamba and
Transformer, of matched size, trained with the same optimiser, schedule, batch and step budget on COPY.

Setting (the text's own settings were not reached): strings of L = 16 symbols from an alphabet of 8, then SEP, then
the string again (:func:`seqtheory.simulate.nn.tasks.copy_batch`); next-token loss on the copied half; Adam 3e-3
with the cosine schedule of :func:`seqtheory.simulate.nn.train.fit`, batch 16, 600 steps for both models; Mamba
2 blocks (d_model 32, E 64, N 8, R 4, K 4: 18 016 parameters), Transformer 2 blocks (d_model 32, 4 heads, d_ff 64:
18 240 parameters).  Scored by teacher-forced token accuracy on the copied half of 256 fresh strings (chance 1/8).

A replica is one seed of both trainings (fresh data streams per model); its measures are the two accuracies, the
parameter counts and each training's fingerprint (the sum of its first :data:`REPLAY` losses), which
:func:`replay` recomputes cheaply from the first steps of the same schedule.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn import mamba_train as mt
from seqtheory.simulate.nn import paired, transformer
from seqtheory.simulate.nn.tasks import copy_batch

LENGTH = 16
ALPHABET = 8
STEPS = 600
BATCH = 16
LR = 3e-3
EVAL_BATCH = 256
#: Steps whose losses fingerprint a training (its replay).
REPLAY = 20

MAMBA = mt.MambaConfig(vocab=ALPHABET + 1, d_model=32, E=64, N=8, R=4, K=4, n_layers=2)
TRANSFORMER = transformer.Config(vocab=ALPHABET + 1, max_len=2 * LENGTH + 1, d_model=32, n_heads=4, n_layers=2,
                                 d_ff=64)
#: Each model: (initialiser, forward, backward, config).
MODELS: dict[str, paired.Model] = {
    "mamba": (mt.init_params, mt.forward, mt.backward, MAMBA),
    "transformer": (transformer.init_params, transformer.forward, transformer.backward, TRANSFORMER),
}


def _batch(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    b = copy_batch(rng, BATCH, LENGTH, ALPHABET)
    return b.inputs, b.targets, b.weights  # (BATCH, 2L + 1) each


def _train(name: str, rng: np.random.Generator, steps: int, stop: int | None = None) -> tuple[dict, np.ndarray]:
    """COPY training of model ``name`` (Adam, cosine schedule over ``steps``); with ``stop`` only the first steps."""
    return paired.train(paired.model(MODELS, name), _batch, rng, steps, LR, stop)


def accuracy(name: str, params: dict, rng: np.random.Generator) -> float:
    """Teacher-forced token accuracy on the copied half of :data:`EVAL_BATCH` fresh strings."""
    _, forward, _, cfg = paired.model(MODELS, name)
    b = copy_batch(validate.generator("rng", rng), EVAL_BATCH, LENGTH, ALPHABET)
    out, _ = forward(params, cfg, b.inputs)  # (batch, 2L + 1, vocab)
    hits = (out.argmax(axis=-1) == b.targets) & (b.weights > 0)
    return float(hits.sum() / b.weights.sum())


def _streams(seed_seq: np.random.SeedSequence) -> dict[str, tuple[np.random.Generator, np.random.Generator]]:
    """Per model: its training stream and its evaluation stream (children of ``seed_seq`` by spawn key)."""
    return {name: (paired.child_stream(seed_seq, 2 * i), paired.child_stream(seed_seq, 2 * i + 1))
            for i, name in enumerate(MODELS)}


def replica(seed_seq: np.random.SeedSequence, steps: int = STEPS) -> dict[str, float]:
    """Both trainings of one seed: ``<model>_acc``, ``<model>_params``, ``<model>_replay``, and ``chance``."""
    out: dict[str, float] = {"chance": 1.0 / ALPHABET, "length": float(LENGTH), "steps": float(steps)}
    for name, (train_rng, eval_rng) in _streams(seed_seq).items():
        params, losses = _train(name, train_rng, steps)
        out[f"{name}_acc"] = accuracy(name, params, eval_rng)
        out[f"{name}_params"] = float(sum(v.size for v in params.values()))
        out[f"{name}_replay"] = paired.fingerprint(losses, REPLAY)
    return out


def replay(seed_seq: np.random.SeedSequence, steps: int = STEPS) -> dict[str, float]:
    """The fingerprints of :func:`replica` from the first :data:`REPLAY` steps of each training."""
    return {f"{name}_replay": paired.fingerprint(_train(name, train_rng, steps, stop=REPLAY)[1], REPLAY)
            for name, (train_rng, _) in _streams(seed_seq).items()}

