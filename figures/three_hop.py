"""From two hops to three (the question of Yao, Ren, Liao, Liu 2025's code; the ``yao2025/three-hop`` claims): how
much three-hop CoT data a model trained on two-hop facts needs before it answers held-out three-hop queries.

One panel: against the three-hop share of the training chains (0 = two-hop facts only), the share of held-out
three-hop queries whose greedy CoT decoding is right through b1, through b2 and through t (exact match), and the
two-hop ID exact match of the same model; mean over seeds as a line, min–max as a band.  Each (share, seed) is one
task of the runner (``seqtheory figures three_hop --jobs N``), seeded from (seed, seed index): the facts and the
model seed are the same at every share, so the curves are paired across shares.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.figures.bands import seed_band
from seqtheory.simulate import parallel
from seqtheory.simulate import three_hop as replica

NAME = "three_hop"
PARALLEL = True
DEFAULTS = {"shares": [0.0, 0.01, 0.03, 0.1, 0.3], "seeds": 3, "steps": replica.STEPS}
QUICK = {"shares": [0.0, 0.1], "seeds": 1, "steps": 20}


def _run(task) -> list[float]:
    """One replica at one share (module level: it must pickle for the pool): [two-hop ID, through b1, b2, t]."""
    (share, s), p, seed = task
    r = replica.replica(np.random.SeedSequence([seed, s]), steps=int(p["steps"]), share=share)
    return [r["mix_id"], r["mix_b1"], r["mix_b2"], r["mix_three"]]


def compute(params: dict, seed: int, jobs: int = 1, scheduler: str | None = None) -> dict[str, np.ndarray]:
    """Every number the figure shows; deterministic in (params, seed) whatever ``jobs``."""
    p = {**DEFAULTS, **params}
    shares = [float(x) for x in p["shares"]]
    tasks = [(x, s) for x in shares for s in range(int(p["seeds"]))]
    results = parallel.collect(parallel.execute([(t, p, seed) for t in tasks], jobs, scheduler, _run), len(tasks))
    runs = np.array(results).reshape(len(shares), int(p["seeds"]), 4)  # (shares, seeds, [ID, b1, b2, t])
    return {"shares": np.array(shares), "runs": runs, "steps": np.array(int(p["steps"]))}


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(6.5, 4.2), layout="constrained")
    ax = fig.subplots()
    x = data["shares"]
    runs = data["runs"]  # (shares, seeds, 4)
    for j, (label, style) in enumerate((("two-hop ID exact match", "k:"), ("three-hop: right through b1", "s--"),
                                        ("three-hop: through b2", "^--"), ("three-hop exact match (through t)",
                                                                           "o-"))):
        seed_band(ax, x, runs[:, :, j].T, label, style)
    ax.axvline(replica.THREE_SHARE, color="0.6", lw=0.8)
    ax.text(replica.THREE_SHARE, 0.3, "the claims' share ", fontsize=7, color="0.4", ha="right")
    ax.set_xscale("symlog", linthresh=0.01)
    ax.set(xlabel="three-hop training facts / two-hop training facts (symlog; 0 = two-hop only)",
           ylabel="greedy exact match (CoT)", ylim=(-0.02, 1.02), xlim=(0.0, 1.2 * float(np.max(x, initial=0.01))),
           title=f"two hops to three: held-out three-hop queries ({int(data['steps'])} steps)")
    ax.legend(fontsize=7, loc="center left")
    return fig
