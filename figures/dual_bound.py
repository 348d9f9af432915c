"""The dual model's generalisation gap against its bound over N demonstration tokens (Ren & Liu 2024, §3, as
reconstructed: ``theorems/renliu2024/bound.py``).

Log-log: the measured mean worst gap over ‖W‖_F ≤ 1 (points, ±2 standard errors), its exact root-mean-square
σ/√N (line) and the Rademacher bound 2√(E‖v‖²‖φ‖²/N) (dashed) — the bound holds at every N, loose by a constant
factor, and the gap falls at the rate N^(−1/2).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.simulate import dual_bound
from seqtheory.theorems.exact import dual_moments

NAME = "dual_bound"
DEFAULTS = {"ns": [4, 8, 16, 32, 64, 128, 256, 512, 1024], "replicas": 4000, "d": 3, "d_v": 2, "d_r": 16,
            "spread": 0.7, "noise": 0.5}
QUICK = {"ns": [4, 16, 64], "replicas": 200, "d": 2, "d_v": 2, "d_r": 4, "spread": 0.7, "noise": 0.5}


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    """Every number the figure shows; deterministic in (params, seed) — one stream per N."""
    p = {**DEFAULTS, **params}
    s = dual_bound.setting(int(p["d"]), int(p["d_v"]), int(p["d_r"]), float(p["spread"]), float(p["noise"]))
    c = dual_moments.cross_moment(s)  # (d_v, d_r)
    sigma2 = dual_moments.gap_variance(s)
    ns = np.asarray(p["ns"], dtype=float)
    streams = np.random.SeedSequence(seed).spawn(len(ns))
    gaps = [dual_bound.sup_gaps(s, c, int(n), int(p["replicas"]), np.random.default_rng(ss))
            for n, ss in zip(ns, streams, strict=True)]
    return {"n": ns, "gap": np.array([g.mean() for g in gaps]),
            "stderr": np.array([g.std(ddof=1) / np.sqrt(g.size) for g in gaps]),
            "rms": np.sqrt(sigma2 / ns), "bound": 2 * np.sqrt(dual_moments.second_moment(s) / ns),
            "slope": np.array(np.polyfit(np.log(ns), np.log([g.mean() for g in gaps]), 1)[0])}


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.subplots()
    ax.errorbar(data["n"], data["gap"], yerr=2 * data["stderr"], fmt="o", color="C1", ms=4, capsize=2,
                label=f"measured E sup gap (slope {float(data['slope']):.2f})")
    ax.plot(data["n"], data["rms"], color="C0", label=r"exact RMS gap $\sigma/\sqrt{N}$ (≥ the mean)")
    ax.plot(data["n"], data["bound"], "k--", label=r"Rademacher bound $2\sqrt{E\|v\|^2\|\varphi\|^2/N}$")
    ax.set(xscale="log", yscale="log", xlabel="demonstration tokens N", ylabel=r"worst gap over $\|W\|_F \leq 1$",
           title="dual model: generalisation gap vs bound (reconstructed §3)")
    ax.legend(fontsize=8)
    return fig
