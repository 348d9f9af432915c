"""Attention layers modified the way contrastive learning suggests, each with its dual model (Ren & Liu, NeurIPS
2024, arXiv:2310.13220, §5 — the abstract: "drawing inspiration from existing representation learning methods
especially contrastive learning, we propose potential modifications for the attention layer").

The paper's §5 text was not reached; the three modifications are this toolkit's reconstruction of the ones the
abstract and the dual-model view point to, each derived exactly in ``docs/attention_sparsemax_dual.md``
(§ "Modified attention").  The base is the masked layer of :mod:`seqtheory.simulate.nn.dual`: token t's dual model
``f_t(x) = W φ(x)`` starts at W = 0 and takes GD steps on ``L_t(W) = −(1/(ηD′_t)) Σ_{i≠t} y_iᵀ W φ(k_i)`` with
``D′_t = Σ_{i=1}^{T} φ(k_i)ᵀφ(q_t)``; one step of size η gives the layer's output ``h_t + Σ_{i≠t} s_ti v_i``,
``s_ti = e^{k_iᵀq_t/√d} / Σ_j e^{k_jᵀq_t/√d}``.

* **Regularised** — a ridge penalty on the dual model, ``L_t + (λ/2)‖W‖²_F``, and k steps of size η/k: the penalty
  shrinks W by ρ = 1 − ηλ/k per step while the data gradient G is constant, so
  ``W_k = −ηG · (1 − ρ^k)/(ηλ)``: the layer becomes ``h_t + c_k(ηλ) Σ_{i≠t} s_ti v_i`` with
  ``c_k(x) = (1 − (1 − x/k)^k)/x`` (c_1 = 1: one step from W = 0 never feels the penalty; c_k → (1 − e^{−x})/x).
* **Augmented** — the two views of a token that the dual model pairs, key and value, are made by nonlinear maps
  ``g(x) = x + tanh(x U)`` before the projections (``k_i = g_K(h_i) W_K``, ``v_i = g_V(h_i) W_V``) instead of the
  linear views ``h_i W_K``, ``h_i W_V``: the layer is attention over the augmented keys and values.
* **Negative samples** — each training pair (k_i, v_i) gets a negative pair (k_i, v_{π(i)}), π(i) = i + 1 mod T,
  whose score is pushed down: ``L_t + (β/(ηD′_t)) Σ_{i≠t} v_{π(i)}ᵀ W φ(k_i)``; one step gives
  ``h_t + Σ_{i≠t} s_ti (v_i − β v_{π(i)})``.

Two implementations, as for every kernel: the dual side (``contrastive_dual_layer``: features, explicit GD steps on
the modified dual loss) and the attention side (``contrastive_attention_layer``: the hand-written softmax kernel
with the closed-form modification); the claims in ``theorems/renliu2024/modified.py`` hold them equal.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn import dual


def regularised_scale(x: float, steps: int) -> float:
    """c_k(x) = (1 − (1 − x/k)^k)/x for x = ηλ ≥ 0 (c_k(0) = 1): k GD steps of size η/k on the ridge-penalised
    dual loss shrink the unpenalised update by this factor."""
    x = validate.real("x", x, 0.0)
    steps = validate.integer("steps", steps, 1)
    if x <= 1e-6:
        # c_k(x) = (1/k) Σ_{j<k} (1 − x/k)^j = 1 − x(k − 1)/(2k) + x²(k − 1)(k − 2)/(6k²) − O(x³): no 0/0 and no
        # underflow of x/k for tiny (even subnormal) x
        k = steps
        return 1.0 - x * (k - 1) / (2 * k) + x * x * (k - 1) * (k - 2) / (6 * k * k)
    # 1 − (1 − x/k)^k = −expm1(k·log1p(−x/k)) without cancellation; (1 − x/k) ≤ 0 is taken directly
    rho = 1.0 - x / steps
    shrink = -np.expm1(steps * np.log1p(-x / steps)) if rho > 0 else 1.0 - rho**steps
    return float(shrink / x)


def augment(x: np.ndarray, u: np.ndarray | None) -> np.ndarray:
    """The augmented view g(x) = x + tanh(x U) of tokens x (T, d_h) (U (d_h, d_h)); ``u=None`` is the identity."""
    return x if u is None else x + np.tanh(x @ u)


def _views(h, wq, wk, wv, u_k, u_v, shift):
    """Validated queries (T, d), keys (T, d), values (T, d_h) and the negatives' values v_{π(i)} (T, d_h)."""
    h, wq, wk, wv, _ = dual.layer_weights(h, wq, wk, wv)
    d_h = h.shape[1]
    u_k = None if u_k is None else validate.square("u_k", u_k, d_h)
    u_v = None if u_v is None else validate.square("u_v", u_v, d_h)
    shift = validate.integer("shift", shift, 1)
    q = h @ wq  # (T, d): queries stay linear views
    k = augment(h, u_k) @ wk  # (T, d)
    v = augment(h, u_v) @ wv  # (T, d_h)
    return h, q, k, v, np.roll(v, -shift, axis=0)  # (T, d_h): row i holds v_{(i + shift) mod T}


def contrastive_attention_layer(h, wq, wk, wv, *, scale: float = 1.0, beta: float = 0.0, u_k=None, u_v=None,
                                shift: int = 1) -> np.ndarray:
    """``h_t + scale · Σ_{i≠t} s_ti (v_i − β v_{π(i)})`` for every token t, on the hand-written softmax kernel.

    h (T, d_h); wq, wk (d_h, d); wv (d_h, d_h); ``u_k``, ``u_v`` (d_h, d_h) augment the keys' and values' views;
    ``shift`` fixes π(i) = i + shift mod T.  Returns (T, d_h)."""
    from seqtheory.simulate.nn import attention

    scale = validate.real("scale", scale)
    beta = validate.real("beta", beta, 0.0)
    h, q, k, v, v_neg = _views(h, wq, wk, wv, u_k, u_v, shift)
    T = h.shape[0]
    targets = (v - beta * v_neg)[None, :, :] * ~np.eye(T, dtype=bool)[:, :, None]  # (T, T, d_h): own pair zeroed
    return h + scale * attention.softmax_attention(q[:, None, :], k[None, :, :], targets)[:, 0, :]


def contrastive_dual_layer(h, wq, wk, wv, features, *, eta: float = 1.0, lam: float = 0.0, steps: int = 1,
                           beta: float = 0.0, u_k=None, u_v=None, shift: int = 1) -> np.ndarray:
    """The same layer as T dual models trained by explicit GD: token t's ``W`` starts at 0 and takes ``steps``
    steps of size η/steps on ``L_t(W) + (β/(ηD′_t)) Σ_{i≠t} v_{π(i)}ᵀ W φ(k_i) + (λ/2)‖W‖²_F``; the output is
    ``h_t + W φ(q_t)``.  ``features`` maps (..., d) → (..., D) with φ(q)ᵀφ(k) = e^{qᵀk} (the 1/√d split between q
    and k as in :func:`seqtheory.simulate.nn.dual.dual_layer`).  Returns (T, d_h)."""
    eta = validate.real("eta", eta, 0.0, low_open=True)
    lam = validate.real("lam", lam, 0.0)
    steps = validate.integer("steps", steps, 1)
    beta = validate.real("beta", beta, 0.0)
    h, q, k, v, v_neg = _views(h, wq, wk, wv, u_k, u_v, shift)
    T = h.shape[0]
    s = q.shape[-1] ** -0.25
    phi_q, phi_k = features(q * s), features(k * s)  # (T, D) each
    d_prime = phi_q @ phi_k.sum(axis=0)  # (T,): D′_t over all T keys
    out = np.empty_like(h)
    for t in range(T):  # reference loop over the T dual models (each a small matrix GD)
        train = np.arange(T) != t
        data_grad = -((v[train] - beta * v_neg[train]).T @ phi_k[train]) / (eta * d_prime[t])  # (d_h, D)
        W = np.zeros_like(data_grad)
        for _ in range(steps):
            W = W - (eta / steps) * (data_grad + lam * W)  # ∇(L_t + negatives + (λ/2)‖W‖²) = G + λW
        out[t] = h[t] + W @ phi_q[t]
    return out
