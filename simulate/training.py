"""Training the one-layer LSA on fresh prompts each step (seeded): dense (V, W) by Adam, and the sparse CoT class
(V_31, W_13) by plain SGD."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import cot, lsa, validate
from seqtheory.simulate.optim import Adam, cosine_lr
from seqtheory.simulate.stats import Observation
from seqtheory.simulate.tails import TailedMean
from seqtheory.simulate.tasks import Prompts, sample_prompts


@dataclass(frozen=True)
class TrainResult:
    """Final weights and the training-loss curve (batch means, one per step)."""

    V: np.ndarray
    W: np.ndarray
    losses: np.ndarray


LossAndGrad = Callable[[np.ndarray, np.ndarray, Prompts], tuple[np.ndarray, np.ndarray, np.ndarray]]


def train_lsa(rng: np.random.Generator, n: int, d: int, *, steps: int = 3000, batch: int = 512,
              lr: float = 1e-2, init_scale: float = 0.1, loss_and_grad: LossAndGrad | None = None,
              V0=None, W0=None) -> TrainResult:
    """Train dense (V, W) by Adam with a cosine schedule on fresh prompts each step.

    ``loss_and_grad(V, W, prompts) -> (per-prompt losses, dV, dW)`` defaults to the no-CoT evaluation loss.
    Initial weights are iid N(0, init_scale²) unless ``V0``/``W0`` are given.
    """
    rng = validate.generator("rng", rng)
    n, d = validate.integer("n", n, 1), validate.integer("d", d, 1)
    steps, batch = validate.integer("steps", steps, 1), validate.integer("batch", batch, 1)
    lr = validate.real("lr", lr, 0.0, low_open=True)
    init_scale = validate.real("init_scale", init_scale, 0.0)
    fn = loss_and_grad or lsa.no_cot_loss_and_grad
    D = lsa.token_dim(d)
    params = {
        "V": init_scale * rng.standard_normal((D, D)) if V0 is None else validate.square("V0", V0, D).copy(),
        "W": init_scale * rng.standard_normal((D, D)) if W0 is None else validate.square("W0", W0, D).copy(),
    }
    opt = Adam()
    curve = np.empty(steps)
    for step in range(steps):
        losses, dV, dW = fn(params["V"], params["W"], sample_prompts(rng, batch, n, d))
        curve[step] = losses.mean()
        params = opt.step(params, {"V": dV, "W": dW}, cosine_lr(step, steps, lr, warmup=steps // 20))
    return TrainResult(V=params["V"], W=params["W"], losses=curve)


def sgd_sparse_cot(rng: np.random.Generator, n: int, d: int, eta: float, k: int, V31, W13, lr: float, steps: int,
                   batch: int) -> tuple[np.ndarray, np.ndarray]:
    """Plain SGD (no momentum, constant rate) on the full sparse-class matrices (V_31, W_13) with a fresh batch of
    prompts each step, on the teacher-forced CoT loss (:func:`seqtheory.simulate.cot.sparse_cot_loss_and_grad`).
    Returns the final (V_31, W_13)."""
    rng = validate.generator("rng", rng)
    n, d, k = validate.integer("n", n, 1), validate.integer("d", d, 1), validate.integer("k", k, 1)
    eta = validate.real("eta", eta, 0.0, low_open=True)
    lr = validate.real("lr", lr, 0.0, low_open=True)
    steps, batch = validate.integer("steps", steps, 1), validate.integer("batch", batch, 1)
    V31, W13 = validate.square("V31", V31, d).copy(), validate.square("W13", W13, d).copy()
    for _ in range(steps):
        _, g_v, g_w = cot.sparse_cot_loss_and_grad(V31, W13, sample_prompts(rng, batch, n, d), eta, k)
        V31, W13 = V31 - lr * g_v, W13 - lr * g_w
    return V31, W13


def train_looped(rng: np.random.Generator, n: int, d: int, k: int, steps: int, batch: int, lr: float, free_w: bool,
                 v0: float = -0.5, w0: float = 1.0) -> tuple[float, float, np.ndarray]:
    """A tied-weight looped sparse LSA (V₃₁ = vI, W₁₃ = wI, W₂₄ = −1 applied k times to the prompt) trained by Adam
    on the batch final-step loss ‖w_k − w*‖² over (v, w) (w frozen at w0 unless ``free_w``).

    On the query's w-block the loop is ``w_{t+1} = w_t + vS(w·w_t − w*)`` from w_0 = 0; gradients by forward-mode
    differentiation of that recursion.  Adam's steps do not shrink with the loss (tiny near the optimum when n ≫ d)
    and its second moment damps the heavy-tailed batches.  Returns the averages of (v, w) over the last quarter of
    the run (the iterates jitter around the optimum, slightly towards the flatter, smaller-η side of the loss) and
    the per-step losses."""
    rng = validate.generator("rng", rng)
    n, d, k = validate.integer("n", n, 1), validate.integer("d", d, 1), validate.integer("k", k, 1)
    steps, batch = validate.integer("steps", steps, 1), validate.integer("batch", batch, 1)
    lr = validate.real("lr", lr, 0.0, low_open=True)
    free_w = validate.boolean("free_w", free_w)
    params = {"v": np.array(validate.real("v0", v0)), "w": np.array(validate.real("w0", w0))}
    opt = Adam()
    losses = np.empty(steps)
    trail = []
    for step in range(steps):
        v, w = float(params["v"]), float(params["w"])
        p = sample_prompts(rng, batch, n, d)
        S = p.covariance()  # (B, d, d)
        u = np.zeros((batch, d))  # (B, d): the query's w-block
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


def train_cot_and_evaluate(train_rng: np.random.Generator, eval_rng: np.random.Generator, n: int, d: int, k: int,
                           eta: float, V0=None, W0=None, steps: int = 3000, batch: int = 256,
                           eval_samples: int = 40_000) -> Observation:
    """A dense LSA trained by Adam on the teacher-forced CoT loss (from (V0, W0), or an iid N(0, 0.1²) start when
    None), then evaluated autoregressively: the mean of ‖ŵ_k − w*‖² over ``eval_samples`` fresh prompts, with the
    learned products V₃₁W₁₃, V₃₁W₂₄ and the final training loss in the detail."""
    eval_rng = validate.generator("eval_rng", eval_rng)
    eval_samples = validate.integer("eval_samples", eval_samples, 2)
    res = train_lsa(train_rng, n, d, steps=steps, batch=batch, V0=V0, W0=W0,
                    loss_and_grad=lambda V, W, p: cot.cot_loss_and_grad(V, W, p, eta, k))
    b = lsa.row_blocks(d)
    V31, W13, W24 = res.V[b["w"], b["x"]], res.W[b["x"], b["w"]], res.W[d, 2 * d + 1]
    p = sample_prompts(eval_rng, eval_samples, n, d)
    final = cot.cot_rollout(p.X, p.y, res.V, res.W, k)[-1]  # (B, d)
    est = TailedMean.of(np.sum((final - p.w_star) ** 2, axis=-1))
    detail = (f"max|V31·W13 + ηI| = {np.abs(V31 @ W13 + eta * np.eye(d)).max():.2g}, "
              f"max|V31·W24 − ηI| = {np.abs(V31 * W24 - eta * np.eye(d)).max():.2g}, "
              f"final teacher-forced loss {res.losses[-50:].mean():.2g}")
    return Observation(est, detail)


def fit_fixed_sample(rng: np.random.Generator, n: int, d: int, samples: int, V0, W0,
                     max_iter: int = 500) -> tuple[np.ndarray, np.ndarray, float]:
    """An adversary against the no-CoT bound: L-BFGS on the mean no-CoT loss of one fixed sample of ``samples``
    prompts, from (V0, W0), with the exact gradient; returns the fitted (V, W) and their in-sample loss (which can
    dip below the population optimum by fitting the sample)."""
    from scipy.optimize import minimize

    n, d = validate.integer("n", n, 1), validate.integer("d", d, 1)
    samples = validate.integer("samples", samples, 1)
    D = lsa.token_dim(d)
    prompts = sample_prompts(rng, samples, n, d)

    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        V, W = x[: D * D].reshape(D, D), x[D * D:].reshape(D, D)
        losses, dV, dW = lsa.no_cot_loss_and_grad(V, W, prompts)
        return float(losses.mean()), np.concatenate([dV.ravel(), dW.ravel()])

    x0 = np.concatenate([validate.square("V0", V0, D).ravel(), validate.square("W0", W0, D).ravel()])
    res = minimize(objective, x0, jac=True, method="L-BFGS-B", options={"maxiter": max_iter, "gtol": 1e-12})
    return res.x[: D * D].reshape(D, D), res.x[D * D:].reshape(D, D), float(res.fun)
