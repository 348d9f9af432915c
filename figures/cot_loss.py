"""CoT vs no CoT (Fig. 2 analogue) and the heavy-tail finding: mean vs median k-step loss.

Huang, Wang, Lee 2025 (arXiv:2502.21212), Thm 3.2.  Left: the exact evaluation loss L_k(η) of k CoT steps
(curve), a dense LSA trained with the CoT loss and evaluated autoregressively (points, ±2 s.e.), and the best
no-CoT loss d(d+1)/(n+d+1).  Right: at a fixed η the exact *mean* L_k(η) turns and diverges while the Monte
Carlo *median* keeps falling geometrically.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.simulate import cot, training
from seqtheory.simulate.quantiles import median_estimate
from seqtheory.simulate.tasks import sample_prompts
from seqtheory.theorems.exact.lsa_gd import mean_losses, optimal_loss

NAME = "cot_loss"
DEFAULTS = {"n": 24, "d": 4, "eta": 0.5, "k_max": 8, "train_k": 4, "train_steps": 3000, "eval_samples": 20_000,
            "tail_n": 8, "tail_d": 4, "tail_eta": 0.75, "tail_k_max": 40, "tail_samples": 20_000}
QUICK = {"n": 12, "d": 2, "eta": 0.5, "k_max": 3, "train_k": 2, "train_steps": 200, "eval_samples": 1000,
         "tail_n": 8, "tail_d": 2, "tail_eta": 0.75, "tail_k_max": 8, "tail_samples": 500}


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    p = {**DEFAULTS, **params}
    n, d, eta, K = int(p["n"]), int(p["d"]), float(p["eta"]), int(p["k_max"])
    ks = np.arange(1, K + 1)
    exact = np.array([float(x) for x in mean_losses(n, d, eta, K)[1:]])
    train_rng, eval_rng, tail_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))
    kt = int(p["train_k"])
    res = training.train_lsa(train_rng, n, d, steps=int(p["train_steps"]), batch=256,
                             loss_and_grad=lambda V, W, pr: cot.cot_loss_and_grad(V, W, pr, eta, kt))
    prompts = sample_prompts(eval_rng, int(p["eval_samples"]), n, d)
    preds = cot.cot_rollout(prompts.X, prompts.y, res.V, res.W, K)  # (K, B, d)
    errs = np.sum((preds - prompts.w_star) ** 2, axis=-1)  # (K, B)
    tn, td, te, TK = int(p["tail_n"]), int(p["tail_d"]), float(p["tail_eta"]), int(p["tail_k_max"])
    tail_ks = np.arange(0, TK + 1)
    mean = np.array([float(x) for x in mean_losses(tn, td, te, TK)])
    tail_prompts = sample_prompts(tail_rng, int(p["tail_samples"]), tn, td)
    logs = cot.spectral_log_losses(tail_prompts, te, tail_ks)  # (B, K+1)
    medians = [median_estimate(np.exp(np.clip(logs[:, i], -700, 700))) for i in range(tail_ks.size)]
    return {
        "n": np.array(n), "d": np.array(d), "eta": np.array(eta), "ks": ks, "exact": exact,
        "trained": errs.mean(axis=1), "trained_se": errs.std(axis=1, ddof=1) / np.sqrt(errs.shape[1]),
        "train_k": np.array(kt), "no_cot": np.array(float(optimal_loss(n, d))),
        "tail_n": np.array(tn), "tail_d": np.array(td), "tail_eta": np.array(te), "tail_ks": tail_ks,
        "tail_mean": mean, "tail_median": np.array([m.value for m in medians]),
    }


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(10, 4), layout="constrained")
    ax, bx = fig.subplots(1, 2)
    ks = data["ks"]
    ax.plot(ks, data["exact"], "o-", ms=3, label=rf"exact $L_k(\eta)$, η = {float(data['eta']):g}")
    ax.errorbar(ks, data["trained"], yerr=2 * data["trained_se"], fmt="s", ms=5, mfc="none", capsize=2,
                label=f"dense LSA trained with CoT (k = {int(data['train_k'])}), autoregressive")
    ax.axhline(float(data["no_cot"]), color="C3", ls="--", label=r"best no-CoT loss $d(d+1)/(n+d+1)$")
    ax.set(yscale="log", xlabel="CoT steps k", ylabel=r"$E\|\hat w_k - w^*\|^2$",
           title=f"CoT vs no CoT, n = {int(data['n'])}, d = {int(data['d'])}")
    ax.legend(fontsize=8)
    tk = data["tail_ks"]
    # two y axes: the mean spans dozens of decades and would flatten the median on a shared axis
    bx.plot(tk, data["tail_median"], "s-", ms=3, color="C0", label="Monte Carlo median (left axis)")
    bx.set(yscale="log", xlabel="k", title=f"heavy tails: n = {int(data['tail_n'])}, d = {int(data['tail_d'])}, "
                                            f"η = {float(data['tail_eta']):g}")
    bx.set_ylabel("median k-step loss", color="C0")
    cx = bx.twinx()
    cx.plot(tk, data["tail_mean"], "o-", ms=3, color="C3", label="exact mean, Wishart moments (right axis)")
    cx.set_yscale("log")
    cx.set_ylabel("mean k-step loss", color="C3")
    handles = bx.get_legend_handles_labels()[0] + cx.get_legend_handles_labels()[0]
    bx.legend(handles, [h.get_label() for h in handles], fontsize=8, loc="upper center")
    return fig
