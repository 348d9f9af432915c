"""Out-of-distribution CoT (Fig. 3 analogue): median error of the trained CoT model vs k on x ~ N(0, Σ).

Huang, Wang, Lee 2025 (arXiv:2502.21212), Thm 4.2.  Curves: the median over prompts of ‖w_k − w*‖² for
covariances Σ of condition numbers κ (λ_max(Σ) = 1), with the sufficient condition
ηλ_max(Σ)(1+√(d/n))² < 2 marked per curve (κ = 1 is the in-distribution case).  The κ = 2, η = 1.5 curve
violates the condition yet decays: the condition is sufficient, not necessary (a recorded finding).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.simulate import cot
from seqtheory.simulate.tasks import make_sigma, sample_prompts

NAME = "cot_ood"
DEFAULTS = {"n": 40, "d": 4, "etas": [0.8, 0.8, 0.8, 1.5, 1.5], "kappas": [1.0, 2.0, 8.0, 1.0, 2.0], "k_max": 60,
            "samples": 4000}
QUICK = {"n": 20, "d": 2, "etas": [0.8, 1.5], "kappas": [1.0, 2.0], "k_max": 10, "samples": 300}


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    p = {**DEFAULTS, **params}
    n, d, K = int(p["n"]), int(p["d"]), int(p["k_max"])
    ks = np.arange(0, K + 1)
    medians, conditions = [], []
    for i, (eta, kappa) in enumerate(zip(p["etas"], p["kappas"], strict=True)):
        sigma = make_sigma(d, kappa, i)
        prompts = sample_prompts(np.random.default_rng([seed, i]), int(p["samples"]), n, d, sigma=sigma)
        medians.append(np.median(cot.spectral_log_losses(prompts, eta, ks), axis=0) / np.log(10))
        conditions.append(eta * (1 + np.sqrt(d / n)) ** 2)
    return {"ks": ks, "log10_median": np.array(medians), "etas": np.array(p["etas"], dtype=float),
            "kappas": np.array(p["kappas"], dtype=float), "condition": np.array(conditions),
            "n": np.array(n), "d": np.array(d)}


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.subplots()
    for i, curve in enumerate(data["log10_median"]):
        cond = data["condition"][i]
        ax.plot(data["ks"], curve, label=f"κ = {data['kappas'][i]:g}, η = {data['etas'][i]:g}: "
                                          f"ηλ_max(1+√(d/n))² = {cond:.2f} {'<' if cond < 2 else '≥'} 2")
    ax.set(xlabel="CoT steps k", ylabel=r"$\log_{10}$ median $\|w_k - w^*\|^2$",
           title=f"OOD covariates, n = {int(data['n'])}, d = {int(data['d'])}")
    ax.legend(fontsize=7)
    return fig
