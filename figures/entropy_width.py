"""Entropy of trained Transformers against width, fresh vs fixed samples (Ren & Liu 2025, arXiv:2504.18929,
B1/B2/B4/B5) — observations on the CPU replica of :mod:`seqtheory.simulate.entropy_replica`, seeds as bands.

Panels: (a) Δ = H(p) − H(q) (exact, by enumeration) against width in both regimes, with the baselines on the same
fixed sample: the correctly specified bigram MLE (:func:`seqtheory.simulate.entropy.fit_chain`) and the memoriser
(the empirical distribution, ≤ log n); (b) FFN active ratio and dead fraction against width; (c) attention bypass
‖Attn(x)‖/‖x‖ per block against width; (d) one training trace of the widest model at a high learning rate on the
fixed sample: loss with detected spikes (:func:`seqtheory.simulate.nn.probes.loss_spikes`) and the dead fraction.
Every training is a runner task seeded from (seed, replica), so the data do not depend on ``--jobs``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.figures.bands import seed_band
from seqtheory.simulate import parallel

NAME = "entropy_width"
PARALLEL = True
DEFAULTS = {"widths": [8, 16, 32, 64], "steps": 1000, "seeds": 3,
            "trace": {"width": 64, "lr": 0.01, "steps": 2000, "record_every": 5}}
QUICK = {"widths": [8], "steps": 20, "seeds": 1, "trace": {"width": 8, "lr": 0.01, "steps": 60, "record_every": 5}}


def _run(task) -> dict:
    """One width point (both regimes and the baselines) or the trace (module level: it must pickle for the pool)."""
    (kind, width, s), p, seed = task
    from seqtheory.simulate import entropy_replica as er

    seed_seq = np.random.SeedSequence(seed).spawn(int(p["seeds"]))[s]  # the claims' replica seeds
    if kind == "width":
        return er.width_point(seed_seq, int(p["steps"]), width)
    return _trace(seed_seq, p["trace"])


def _trace(seed_seq, t: dict) -> dict:
    from seqtheory.simulate import entropy_replica as er
    from seqtheory.simulate.nn import probes, transformer
    from seqtheory.simulate.nn import train as nn_train

    target, _, fixed, init_ss = er.setting(seed_seq)
    probe = er.probe_batch(seed_seq, target)
    config = er.model_config(int(t["width"]))
    dead = []

    def record(step, params):
        _, cache = transformer.forward(params, config, probe)
        dead.append(max(d for _, d in probes.ffn_activity(cache)))

    _, losses = nn_train.train_tokens(config, er.draws(target, fixed)["fixed"], int(t["steps"]),
                                      np.random.default_rng(init_ss), lr=float(t["lr"]),
                                      record_every=int(t["record_every"]), record=record)
    return {"losses": losses, "dead": np.array(dead), "spikes": probes.loss_spikes(losses)}


def compute(params: dict, seed: int, jobs: int = 1, scheduler: str | None = None) -> dict[str, np.ndarray]:
    p = {**DEFAULTS, **params}
    widths, S = [int(w) for w in p["widths"]], int(p["seeds"])
    tasks = [("width", w, s) for w in widths for s in range(S)] + [("trace", 0, 0)]
    results = parallel.collect(parallel.execute([(t, p, seed) for t in tasks], jobs, scheduler, _run), len(tasks))
    by = dict(zip(tasks, results, strict=True))
    regimes = ("fresh", "fixed")

    def grid(get):
        return np.array([[[get(by[("width", w, s)][g]) for s in range(S)] for w in widths] for g in regimes])

    trace = by[("trace", 0, 0)]
    return {
        "widths": np.array(widths),
        "gap": grid(lambda m: m["gap"]),  # (2 regimes, W, S)
        "active": grid(lambda m: m["active"]), "dead": grid(lambda m: m["dead"]),
        "bypass": grid(lambda m: m["bypass"]),  # (2, W, S, blocks)
        "mle_gap": np.array([by[("width", widths[0], s)]["mle"] for s in range(S)]),  # (S,): width-free
        "memoriser_gap": np.array([by[("width", widths[0], s)]["memoriser"] for s in range(S)]),  # (S,)
        "trace_losses": trace["losses"], "trace_dead": trace["dead"], "trace_spikes": trace["spikes"],
        "trace_every": np.array(int(p["trace"]["record_every"])), "trace_width": np.array(int(p["trace"]["width"])),
        "trace_lr": np.array(float(p["trace"]["lr"])), "steps": np.array(int(p["steps"])),
    }


def _width_axis(ax, widths) -> None:
    ax.set_xscale("log", base=2)
    ax.set_xticks(widths, [str(w) for w in widths])
    ax.tick_params(axis="x", which="minor", bottom=False, labelbottom=False)


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(12, 8.5), layout="constrained")
    (a, b), (c, d) = fig.subplots(2, 2)
    w = data["widths"]
    for g, name in enumerate(("fresh samples", "300 fixed samples")):
        seed_band(a, w, data["gap"][g].T, name, "o-")
    a.axhline(data["mle_gap"].mean(), color="k", ls="--", label="bigram MLE on the fixed sample")
    a.axhline(data["memoriser_gap"].mean(), color="0.5", ls=":", label="memoriser (empirical law)")
    a.axhline(0, color="0.8", lw=0.8)
    _width_axis(a, w)
    a.set(xlabel="width d", ylabel="Δ = H(p) − H(q) (nats)",
          title=f"(a) B1/B2: entropy gap, {int(data['steps'])} steps (band: min–max over seeds)")
    a.legend(fontsize=7)
    for g, name in enumerate(("fresh", "fixed")):
        seed_band(b, w, data["active"][g].T, f"active ratio, {name}", "o-")
        seed_band(b, w, data["dead"][g].T, f"dead fraction, {name}", "s:")
    _width_axis(b, w)
    b.set(xlabel="width d", ylabel="share", ylim=(-0.02, 1), title="(b) B4: FFN activity")
    b.legend(fontsize=7)
    for g, name in enumerate(("fresh", "fixed")):
        for blk in range(data["bypass"].shape[-1]):
            seed_band(c, w, data["bypass"][g, :, :, blk].T, f"block {blk + 1}, {name}",
                      "o-" if g == 0 else "s:")
    _width_axis(c, w)
    c.set(yscale="log", xlabel="width d", ylabel="‖Attn(x)‖ / ‖x‖",
          title="(c) B4: attention update against the residual stream")
    c.legend(fontsize=7)
    steps = np.arange(1, len(data["trace_losses"]) + 1)
    d.plot(steps, data["trace_losses"], lw=0.6, label="loss")
    d.plot(data["trace_spikes"] + 1, data["trace_losses"][data["trace_spikes"]], "rv", label="detected spikes")
    d.set(xlabel="step", ylabel="training loss",
          title=f"(d) B5: d = {int(data['trace_width'])}, lr = {float(data['trace_lr']):g}, fixed sample")
    d2 = d.twinx()
    d2.plot(np.arange(1, len(data["trace_dead"]) + 1) * int(data["trace_every"]), data["trace_dead"], color="C2",
            label="dead fraction (max over blocks)")
    d2.set(ylabel="dead fraction")
    d.legend(loc="upper left", fontsize=7)
    d2.legend(loc="upper right", fontsize=7)
    fig.suptitle("Ren & Liu 2025 (arXiv:2504.18929) on a CPU replica — the paper's own numbers were not reachable, so "
                 "no reference points are marked; settings are the toolkit's (docs/renliu2025_entropy.md)", fontsize=9)
    return fig
