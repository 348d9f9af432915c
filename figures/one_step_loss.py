"""No CoT is at best one GD step: L_1(η) with Monte Carlo points, and trained LSA vs d(d+1)/(n+d+1).

Huang, Wang, Lee 2025 (arXiv:2502.21212), Thm 3.1 / Cor 3.1.  Left: the exact one-step loss
``L_1(η) = d − 2ηd + η²d(n+d+1)/n`` (curve), Monte Carlo estimates (points, ±2 standard errors) and
η* = n/(n+d+1).  Right: the no-CoT loss of a dense LSA trained by Adam, against the bound, as n/d grows.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from seqtheory.simulate import lsa, training
from seqtheory.theorems.exact import lsa_gd

NAME = "one_step_loss"
DEFAULTS = {"n": 20, "d": 5, "etas": [0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0, 1.15, 1.3, 1.45],
            "mc_samples": 20_000, "train_d": 4, "train_ns": [4, 8, 16, 32, 64], "train_steps": 2000,
            "eval_samples": 100_000}
QUICK = {"n": 20, "d": 5, "etas": [0.3, 0.8, 1.3], "mc_samples": 2_000, "train_d": 2, "train_ns": [8, 16],
         "train_steps": 300, "eval_samples": 5_000}


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    """All numbers the figure shows; deterministic in (params, seed)."""
    p = {**DEFAULTS, **params}
    n, d = int(p["n"]), int(p["d"])
    curve_loss = sp.lambdify(lsa_gd.eta, lsa_gd.one_step_loss(lsa_gd.eta, n, d), "numpy")
    grid = np.linspace(0.0, 1.6 * float(lsa_gd.optimal_step(n, d)) + 0.6, 200)
    streams = np.random.SeedSequence(seed).spawn(2 + 2 * len(p["train_ns"]))
    mc = [lsa.mc_one_step_loss(np.random.default_rng(streams[0]), e, n, d, int(p["mc_samples"]))
          for e in p["etas"]]
    td = int(p["train_d"])
    trained = []
    for i, tn in enumerate(p["train_ns"]):
        res = training.train_lsa(np.random.default_rng(streams[2 + 2 * i]), tn, td, steps=int(p["train_steps"]))
        trained.append(lsa.mc_no_cot_loss(np.random.default_rng(streams[3 + 2 * i]), res.V, res.W, tn, td,
                                          samples=int(p["eval_samples"])))
    ns = np.asarray(p["train_ns"], dtype=float)
    return {
        "eta_grid": grid, "loss_grid": np.asarray(curve_loss(grid), dtype=float) * np.ones_like(grid),
        "eta_mc": np.asarray(p["etas"], dtype=float), "loss_mc": np.array([e.value for e in mc]),
        "stderr_mc": np.array([e.stderr for e in mc]),
        "eta_star": np.array(float(lsa_gd.optimal_step(n, d))), "loss_star": np.array(float(lsa_gd.optimal_loss(n, d))),
        "n": np.array(n), "d": np.array(d), "train_d": np.array(td), "train_n": ns,
        "bound": np.array([float(lsa_gd.optimal_loss(int(m), td)) for m in ns]),
        "loss_trained": np.array([e.value for e in trained]), "stderr_trained": np.array([e.stderr for e in trained]),
    }


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(10, 4), layout="constrained")
    ax, bx = fig.subplots(1, 2)
    n, d = int(data["n"]), int(data["d"])
    ax.plot(data["eta_grid"], data["loss_grid"], color="C0", label=r"exact $L_1(\eta)$")
    ax.errorbar(data["eta_mc"], data["loss_mc"], yerr=2 * data["stderr_mc"], fmt="o", color="C1", ms=4,
                capsize=2, label="Monte Carlo (±2 s.e.)")
    ax.axvline(float(data["eta_star"]), color="0.5", ls="--", lw=1)
    ax.plot([float(data["eta_star"])], [float(data["loss_star"])], "k*", ms=10,
            label=rf"$\eta^*=n/(n+d+1)$, $L^*={float(data['loss_star']):.3f}$")
    ax.set(xlabel=r"step size $\eta$", ylabel=r"$E\|w_1-w^*\|^2$", title=f"one GD step, n={n}, d={d}")
    ax.legend(fontsize=8)
    ratio = data["train_n"] / float(data["train_d"])
    fine = np.geomspace(ratio.min(), ratio.max(), 100)
    td = float(data["train_d"])
    bx.plot(fine, td * (td + 1) / (fine * td + td + 1), color="C0", label=r"bound $d(d+1)/(n+d+1)$")
    bx.errorbar(ratio, data["loss_trained"], yerr=2 * data["stderr_trained"], fmt="s", color="C3", ms=5,
                capsize=2, label="trained dense LSA (no CoT)")
    bx.set(xscale="log", yscale="log", xlabel="n / d", ylabel=r"$E\|\hat w-w^*\|^2$",
           title=f"trained LSA reaches the bound, d={int(td)}")
    bx.legend(fontsize=8)
    return fig
