"""Attention modified as contrastive learning suggests, trained (Ren & Liu 2024, §5; the
``renliu2024/modified-icl`` claims): does the modification lower the in-context regression error?

Left: the training loss (squared error at the query, a running mean over 100 steps) of the base, negative-sample
and augmented layers, mean over seeds as a line, min–max as a band.  Right: each seed's final error on fresh
prompts, the modified layer's against the base layer's (paired: one initialisation, one prompt stream); points
below the diagonal are improvements.  Each seed is one task of the runner (``seqtheory figures modified_icl --jobs
N``), seeded from (seed, seed index).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.figures.bands import seed_band
from seqtheory.simulate import contrastive_icl as replica
from seqtheory.simulate import parallel

NAME = "modified_icl"
PARALLEL = True
DEFAULTS = {"seeds": 8, "steps": replica.STEPS}
QUICK = {"seeds": 2, "steps": 200}
#: Running-mean window of the loss curves (steps; a tenth of the run when that is shorter).
SMOOTH = 100
_STYLES = {"base": "k-", "negative": "C0-", "augmented": "C1-"}
_LABELS = {"base": "base layer", "negative": f"negative samples (β = {replica.BETA:g})",
           "augmented": "augmented views x + tanh(xU)"}


def _run(task) -> list[np.ndarray]:
    """One seed (module level: it must pickle for the pool): [errors (variants + trivial,), losses (variants,
    steps)]."""
    s, p, seed = task
    runs = replica.train_all(np.random.SeedSequence([seed, s]), steps=int(p["steps"]))
    errors = np.array([runs[v][0] for v in replica.VARIANTS] + [runs["trivial"]])
    return [errors, np.stack([runs[v][1] for v in replica.VARIANTS])]


def compute(params: dict, seed: int, jobs: int = 1, scheduler: str | None = None) -> dict[str, np.ndarray]:
    """Every number the figure shows; deterministic in (params, seed) whatever ``jobs``."""
    p = {**DEFAULTS, **params}
    seeds = int(p["seeds"])
    results = parallel.collect(parallel.execute([(s, p, seed) for s in range(seeds)], jobs, scheduler, _run), seeds)
    return {"errors": np.stack([r[0] for r in results]),  # (seeds, variants + 1): the last column predicts 0
            "losses": np.stack([r[1] for r in results])}  # (seeds, variants, steps), variants as replica.VARIANTS


def _smooth(losses: np.ndarray) -> np.ndarray:
    """Running mean over the last axis (window min(SMOOTH, steps // 10), at least 1), 'valid' part only."""
    w = max(1, min(SMOOTH, losses.shape[-1] // 10))
    c = np.cumsum(np.concatenate([np.zeros(losses.shape[:-1] + (1,)), losses], axis=-1), axis=-1)
    return (c[..., w:] - c[..., :-w]) / w


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    variants = list(replica.VARIANTS)
    smooth = _smooth(data["losses"])  # (seeds, variants, steps − w + 1)
    steps = np.arange(smooth.shape[-1]) + data["losses"].shape[-1] - smooth.shape[-1] + 1
    for j, v in enumerate(variants):
        seed_band(left, steps, smooth[:, j], _LABELS[v], _STYLES[v])
    window = data["losses"].shape[-1] - smooth.shape[-1] + 1
    left.set(xlabel="training step", ylabel=f"squared error at the query (running mean, {window} steps)",
             yscale="log", title="training (mean over seeds, min–max band)")
    left.legend(fontsize=7)
    errors = data["errors"]  # (seeds, variants + 1)
    base = errors[:, variants.index("base")]
    for j, v in enumerate(variants):
        if v != "base":
            right.plot(base, errors[:, j], "o", color=_STYLES[v][:2], label=_LABELS[v])
    lo = 0.95 * float(errors[:, :-1].min())
    hi = 1.05 * float(errors[:, :-1].max())
    right.plot([lo, hi], [lo, hi], color="0.6", lw=0.8, label="no change")
    right.set(xlim=(lo, hi), ylim=(lo, hi), xlabel="base layer's error on fresh prompts",
              ylabel="modified layer's error", aspect="equal",
              title=f"paired final errors (predicting 0: {errors[:, -1].mean():.2f})")
    right.legend(fontsize=7)
    return fig
