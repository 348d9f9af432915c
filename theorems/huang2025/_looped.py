"""A tied-weight looped sparse LSA trained on the final-step loss only (Huang, Wang, Lee 2025, §3 looped reading).

The looped model applies the same sparse layer (V₃₁ = vI, W₁₃ = wI, W₂₄ = −1) k times to the prompt; on the
query's w-block this is ``w_{t+1} = w_t + vS(w·w_t − w*)`` from w_0 = 0 (the identity the looped-construction claim
checks to rounding).  With A = I + vwS = I − η′S (η′ = −vw) and c = 1/w − 1:
``w_k − w* = [cI − (1 + c)A^k] w*``, so with w* ~ N(0, I)

    L(c, η′) = E tr[cI − (1 + c)A^k]² = c²d − 2c(1 + c)T_k(η′) + (1 + c)²T_{2k}(η′),  T_j(η′) = E tr(I − η′S)^j,

exact from the Wishart moments.  At c = 0 (w = 1) this is GD's L_k(η′) = T_{2k}(η′); minimising the quadratic in c
gives ``L = T_{2k} − (T_{2k} − T_k)²/(d − 2T_k + T_{2k})`` at ``c = (T_k − T_{2k})/(d − 2T_k + T_{2k})`` — below
min_η L_k(η) wherever T_k ≠ T_{2k}: a looped model free to scale W₁₃ beats every GD step size.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb

import numpy as np
from scipy.optimize import minimize_scalar

from seqtheory.theorems.exact import wishart_moments as wm


def power_trace_coefficients(j: int, n: int, d: int, moments: list[int] | None = None) -> list[Fraction]:
    """T_j(η) = E tr(I − ηS)^j = Σ_m C(j, m)(−η)^m M_m/n^m as exact coefficients of η^m; ``moments`` may pass
    M_0..M_j already computed."""
    m = moments or [wm.trace_moment_value(i, n, d) for i in range(j + 1)]
    return [Fraction(comb(j, i) * (-1) ** i * m[i], n**i) for i in range(j + 1)]


def _poly(coeffs: list[Fraction], eta: float) -> float:
    return float(sum(float(c) * eta**m for m, c in enumerate(coeffs)))


def free_scale_optimum(k: int, n: int, d: int) -> tuple[float, float, float]:
    """(η′, c, L) minimising L(c, η′) over both: c in closed form for each η′, η′ by a bounded scalar search."""
    tk, t2k = power_trace_coefficients(k, n, d), power_trace_coefficients(2 * k, n, d)

    def best_c(eta: float) -> tuple[float, float]:
        a_k, a_2k = _poly(tk, eta), _poly(t2k, eta)
        curvature = d - 2 * a_k + a_2k
        c = (a_k - a_2k) / curvature
        return c, a_2k - (a_2k - a_k) ** 2 / curvature

    res = minimize_scalar(lambda e: best_c(e)[1], bounds=(1e-6, 2.0), method="bounded",
                          options={"xatol": 1e-10})
    c, value = best_c(float(res.x))
    return float(res.x), c, value


def train(rng: np.random.Generator, n: int, d: int, k: int, steps: int, batch: int, lr: float, free_w: bool,
          v0: float = -0.5, w0: float = 1.0):
    """Adam on the batch final-step loss ‖w_k − w*‖² over (v, w) (w frozen at w0 unless ``free_w``), gradients by
    forward-mode differentiation of the loop recursion.  Adam's steps do not shrink with the loss (tiny near the
    optimum when n ≫ d) and its second moment damps the heavy-tailed batches.  Returns the averages of (v, w) over
    the last quarter of the run (the iterates jitter around the optimum, slightly towards the flatter, smaller-η
    side of the loss) and the per-step losses."""
    from seqtheory.simulate.optim import Adam
    from seqtheory.simulate.tasks import sample_prompts

    params = {"v": np.array(float(v0)), "w": np.array(float(w0))}
    opt = Adam()
    losses = np.empty(steps)
    trail = []
    for step in range(steps):
        v, w = float(params["v"]), float(params["w"])
        p = sample_prompts(rng, batch, n, d)
        S = p.covariance()  # (B, d, d)
        u = np.zeros((batch, d))
        du_v, du_w = np.zeros_like(u), np.zeros_like(u)
        for _ in range(k):
            r = w * u - p.w_star  # (B, d)
            Sr = np.einsum("bij,bj->bi", S, r)
            new_v = du_v + Sr + v * w * np.einsum("bij,bj->bi", S, du_v)
            new_w = du_w + v * np.einsum("bij,bj->bi", S, u + w * du_w)
            u, du_v, du_w = u + v * Sr, new_v, new_w
        err = u - p.w_star
        losses[step] = float(np.mean(np.sum(err**2, axis=1)))
        grads = {"v": np.array(2 * np.mean(np.sum(err * du_v, axis=1))),
                 "w": np.array(2 * np.mean(np.sum(err * du_w, axis=1)) if free_w else 0.0)}
        params = opt.step(params, grads, lr)
        if step >= steps - steps // 4:
            trail.append((float(params["v"]), float(params["w"])))
    v_avg, w_avg = np.mean(trail, axis=0)
    return float(v_avg), float(w_avg), losses
