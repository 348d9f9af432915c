"""Trained COPY: a tiny Mamba vs a tiny Transformer at (roughly) equal parameter budgets — an observation — with the
state-size law of Thm 3 beside it.

Empirical and seeded, not a theorem (Ren, Li, Liu 2024, §5; Jelassi et al. 2024 make the same comparison
at scale).  Both models are trained with the same optimiser, learning rate, steps and batch on COPY strings of
each length, and scored by next-token accuracy on the copied half.  Caveat stated with the data: the step
budget is small (CPU, numpy), so low accuracy mixes capacity with under-training.

Beside the trained curves, the law of Ren, Li, Liu's Thm 3 as the toolkit's hand-set construction realises it
(:func:`seqtheory.simulate.copy.linear_state_copy_accuracy`: token s written to state slot s mod N, read back from
its slot): with as many slots as symbols it copies exactly; with the trained Mamba's N state columns, tokens share
slots once the length exceeds N and its accuracy falls (mean over ``construction_draws`` strings).  It is the
construction's curve, not a bound on the trained model (whose state is E·N numbers per block).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.simulate import copy
from seqtheory.simulate.nn import mamba_train as mt
from seqtheory.simulate.nn import train, transformer

NAME = "copy_training"
DEFAULTS = {"lengths": [8, 16, 32, 64], "steps": 300, "batch": 16, "alphabet": 8,
            "mamba": {"d_model": 32, "E": 64, "N": 8, "R": 4, "K": 4, "n_layers": 2},
            "transformer": {"d_model": 32, "n_heads": 4, "n_layers": 2, "d_ff": 64}, "construction_draws": 20}
QUICK = {"lengths": [4], "steps": 20, "batch": 8, "alphabet": 4,
         "mamba": {"d_model": 8, "E": 8, "N": 2, "R": 2, "K": 2, "n_layers": 1},
         "transformer": {"d_model": 8, "n_heads": 2, "n_layers": 1, "d_ff": 16}, "construction_draws": 3}


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    p = {**DEFAULTS, **params}
    lengths = [int(n) for n in p["lengths"]]
    vocab = int(p["alphabet"]) + 1
    mcfg = mt.MambaConfig(vocab=vocab, **p["mamba"])
    tcfg = transformer.Config(vocab=vocab, max_len=2 * max(lengths) + 1, **p["transformer"])
    acc_m, acc_t = [], []
    for i, n in enumerate(lengths):
        rm, rt, em, et = (np.random.default_rng(s) for s in np.random.SeedSequence([seed, i]).spawn(4))
        pm, _ = mt.train_copy(mcfg, rm, n, int(p["steps"]), batch=int(p["batch"]))
        pt, _ = train.train_copy(tcfg, rt, n, int(p["steps"]), batch=int(p["batch"]))
        acc_m.append(mt.copy_accuracy(pm, mcfg, em, n, batch=128))
        acc_t.append(train.copy_accuracy(pt, tcfg, et, n, batch=128))
    slots = int(p["mamba"]["N"])
    draws = int(p["construction_draws"])
    construction = [np.mean([copy.linear_state_copy_accuracy(n, vocab - 1, rng, slots=slots) for _ in range(draws)])
                    for n, rng in ((n, np.random.default_rng([seed, 10_000 + i])) for i, n in enumerate(lengths))]
    return {"lengths": np.array(lengths), "mamba": np.array(acc_m), "transformer": np.array(acc_t),
            "construction": np.array(construction), "slots": np.array(slots),
            "mamba_params": np.array(mt.n_params(mt.init_params(mcfg, np.random.default_rng(0)))),
            "transformer_params": np.array(mt.n_params(transformer.init_params(tcfg, np.random.default_rng(0)))),
            "chance": np.array(1.0 / (vocab - 1)), "steps": np.array(int(p["steps"]))}


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(6.5, 4.8), layout="constrained")
    ax = fig.subplots()
    ax.plot(data["lengths"], data["transformer"], "o-", label=f"Transformer ({int(data['transformer_params'])} params)")
    ax.plot(data["lengths"], data["mamba"], "s-", label=f"Mamba ({int(data['mamba_params'])} params)")
    ax.plot(data["lengths"], data["construction"], "k--", lw=1,
            label=f"Thm 3's construction with the Mamba's N = {int(data['slots'])} slots (hand-set)")
    ax.axvline(float(data["slots"]), color="0.7", lw=0.8)
    ax.axhline(float(data["chance"]), color="0.5", ls=":", label="chance")
    ax.set(xscale="log", xlabel="string length", ylabel="copy token accuracy", ylim=(0, 1.05),
           title=f"trained COPY, {int(data['steps'])} Adam steps each (observation)")
    ax.set_xticks(data["lengths"], [str(int(n)) for n in data["lengths"]])
    ax.minorticks_off()
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2)
    return fig
