"""Gradient flow learns the construction (Thm 4.1): reduced flow trajectories with their stages, and the
block structure of a dense LSA trained with the CoT loss.

Huang, Wang, Lee 2025 (arXiv:2502.21212), Thm 4.1.  Left: (v(t), w(t)) from several Assumption-4.1-style
initialisations (solve_ivp on the exact reduced loss); dotted lines mark the end of the fast v-phase and
convergence.  Right: |V| and |W| of the trained dense model — the non-zero blocks are V_31, W_13 and W_24.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from seqtheory.simulate import cot, training
from seqtheory.theorems.exact import cot_flow

NAME = "cot_dynamics"
DEFAULTS = {"n": 20, "d": 4, "k": 4, "eta": 0.5, "inits": [[0.05, 0.05], [0.3, 0.1], [0.1, 0.4]],
            "train_d": 3, "train_steps": 3000}
QUICK = {"n": 12, "d": 2, "k": 2, "eta": 0.5, "inits": [[0.05, 0.05]], "train_d": 2, "train_steps": 200}


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    p = {**DEFAULTS, **params}
    n, d, k, eta = int(p["n"]), int(p["d"]), int(p["k"]), float(p["eta"])
    t = np.geomspace(1e-3, 50.0, 400)
    trajectories, switch, converged = [], [], []
    for v0, w0 in p["inits"]:
        sol = cot_flow.integrate_flow(n, d, eta, k, v0, w0)
        trajectories.append(sol.sol(np.minimum(t, sol.t[-1])))
        st = cot_flow.stages(sol, eta, n, d, k, w0)
        switch.append(st["t_switch"])
        converged.append(st["t_converged"])
    td = int(p["train_d"])
    res = training.train_lsa(np.random.default_rng(seed), n, td, steps=int(p["train_steps"]), batch=256,
                             loss_and_grad=lambda V, W, pr: cot.cot_loss_and_grad(V, W, pr, eta, k))
    return {"t": t, "trajectories": np.array(trajectories), "inits": np.array(p["inits"], dtype=float),
            "t_switch": np.array(switch), "t_converged": np.array(converged), "eta": np.array(eta),
            "n": np.array(n), "d": np.array(d), "k": np.array(k), "V": res.V, "W": res.W}


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(12, 4), layout="constrained")
    ax, vx, wx = fig.subplots(1, 3, width_ratios=[1.4, 1, 1])
    t = data["t"]
    for i, traj in enumerate(data["trajectories"]):
        v0, w0 = data["inits"][i]
        ax.plot(t, traj[0], color=f"C{i}", label=f"v(t), start ({v0:g}, {w0:g})")
        ax.plot(t, traj[1], color=f"C{i}", ls="--", label="w(t)" if i == 0 else None)
        ax.axvline(data["t_switch"][i], color=f"C{i}", ls=":", lw=1)
        ax.axvline(data["t_converged"][i], color=f"C{i}", ls=":", lw=1)
    eta = float(data["eta"])
    ax.axhline(-eta, color="k", lw=0.8)
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set(xscale="log", xlabel="flow time t", ylabel="v (solid), w (dashed)",
           title=f"reduced gradient flow → (−η, 1), n={int(data['n'])}, d={int(data['d'])}, k={int(data['k'])}")
    ax.legend(fontsize=7)
    D = data["V"].shape[0]
    d = (D - 2) // 2
    ticks = [0, d, d + 1, 2 * d + 1]
    names = ["x", "y", "w", "1"]
    for axis, M, label in ((vx, data["V"], "V (trained)"), (wx, data["W"], "W (trained)")):
        im = axis.imshow(np.abs(M), cmap="viridis")
        axis.set_xticks(ticks, names)
        axis.set_yticks(ticks, names)
        axis.set_title(f"|{label}|")
        fig.colorbar(im, ax=axis, shrink=0.8)
    return fig
