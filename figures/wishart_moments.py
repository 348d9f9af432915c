"""Exact Wishart trace moments: normalised moments against the Marchenko–Pastur limit, and exact vs Monte Carlo.

docs/wishart_moments.md.  Left: (1/d) E tr S^k = M_k/(d n^k) for several γ = d/n at fixed n, with the Marchenko–Pastur
moments Σ_r N(k,r) γ^{r−1} (Narayana numbers).  Right: Monte Carlo estimates of M_k from two independent samplers
(ours and scipy.stats.wishart), as relative deviations from the exact value with ±2 s.e. bars.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.simulate import wishart as sim
from seqtheory.theorems.exact import wishart_moments as wm

NAME = "wishart_moments"
DEFAULTS = {"n": 60, "ds": [6, 30, 60], "k_max": 16, "mc_n": 10, "mc_d": 4, "mc_k_max": 6, "mc_samples": 40_000}
QUICK = {"n": 20, "ds": [2, 10], "k_max": 6, "mc_n": 6, "mc_d": 3, "mc_k_max": 3, "mc_samples": 2_000}


def marchenko_pastur_moment(k: int, gamma: float) -> float:
    """Σ_{r=1}^{k} N(k, r) γ^{r−1} with Narayana numbers N(k, r) = C(k,r)C(k,r−1)/k."""
    from math import comb

    return sum(comb(k, r) * comb(k, r - 1) // k * gamma ** (r - 1) for r in range(1, k + 1))


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    p = {**DEFAULTS, **params}
    n, ks = int(p["n"]), np.arange(1, int(p["k_max"]) + 1)
    ds = np.asarray(p["ds"], dtype=int)
    # exact M_k/(d n^k) as floats of exact rationals (the ints are far beyond float range before division)
    normalised = np.array([[wm.trace_moment_value(int(k), n, int(dv)) / (int(dv) * n ** int(k)) for k in ks]
                           for dv in ds])
    limit = np.array([[marchenko_pastur_moment(int(k), dv / n) for k in ks] for dv in ds])
    mc_ks = np.arange(1, int(p["mc_k_max"]) + 1)
    mn, md, samples = int(p["mc_n"]), int(p["mc_d"]), int(p["mc_samples"])
    exact = np.array([float(wm.trace_moment_value(int(k), mn, md)) for k in mc_ks])
    streams = np.random.SeedSequence(seed).spawn(2 * len(mc_ks))
    own = [sim.mc_mixed_moment(np.random.default_rng(streams[2 * i]), [int(k)], mn, md, samples)
           for i, k in enumerate(mc_ks)]
    scipy_ = [sim.mc_mixed_moment(np.random.default_rng(streams[2 * i + 1]), [int(k)], mn, md, samples, "scipy")
              for i, k in enumerate(mc_ks)]
    return {
        "n": np.array(n), "ds": ds, "ks": ks, "normalised": normalised, "mp_limit": limit,
        "mc_n": np.array(mn), "mc_d": np.array(md), "mc_ks": mc_ks, "mc_exact": exact,
        "mc_own": np.array([e.value for e in own]), "mc_own_se": np.array([e.stderr for e in own]),
        "mc_scipy": np.array([e.value for e in scipy_]), "mc_scipy_se": np.array([e.stderr for e in scipy_]),
    }


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(10, 4), layout="constrained")
    ax, bx = fig.subplots(1, 2)
    n = int(data["n"])
    for i, dv in enumerate(data["ds"]):
        ax.plot(data["ks"], data["normalised"][i], "o-", ms=3, color=f"C{i}", label=f"exact, γ = {dv}/{n}")
        ax.plot(data["ks"], data["mp_limit"][i], "--", color=f"C{i}", lw=1)
    ax.plot([], [], "k--", lw=1, label="Marchenko–Pastur limit")
    ax.set(yscale="log", xlabel="k", ylabel=r"$M_k/(d\,n^k) = \frac{1}{d}E\,\mathrm{tr}\,S^k$",
           title=f"normalised moments, n = {n}")
    ax.legend(fontsize=8)
    ks, exact = data["mc_ks"], data["mc_exact"]
    for label, key, shift, color in (("own sampler", "mc_own", -0.1, "C1"), ("scipy.stats.wishart", "mc_scipy",
                                                                            0.1, "C2")):
        bx.errorbar(ks + shift, data[key] / exact - 1, yerr=2 * data[key + "_se"] / exact, fmt="o", ms=4,
                    capsize=2, color=color, label=label)
    bx.axhline(0.0, color="k", lw=1)
    bx.set(xlabel="k", ylabel="(Monte Carlo − exact) / exact",
           title=f"exact M_k vs Monte Carlo, n = {int(data['mc_n'])}, d = {int(data['mc_d'])} (±2 s.e.)")
    bx.legend(fontsize=8)
    return fig
