"""Softmax attention as one gradient-descent step of a dual model (Ren & Liu, NeurIPS 2024, arXiv:2310.13220).

With a feature map φ such that ``exp(qᵀk) ≈ φ(q)ᵀφ(k)``, the dual model ``f(x) = W φ(x)`` starts at W = 0 and
takes GD steps on the *linear* loss ``L(W) = −(1/(ηD′)) Σ_i v_iᵀ W φ(k_i)``; its gradient is the constant
``−(1/(ηD′)) Σ_i v_i φ(k_i)ᵀ``, so k steps of size η/k equal one step of size η, and the test output
``f(q) = (1/D′) Σ_i v_i φ(k_i)ᵀφ(q)`` is softmax attention when ``D′ = Σ_i φ(k_i)ᵀφ(q)``.
The identity is formal: L is unbounded below (no minimiser) and D′ depends on the query.
The 1/√d scale of attention is absorbed by feeding q/d^{1/4} and k/d^{1/4}.

Feature maps: exact-in-the-limit Taylor features ``x^α/√α!`` over multi-indices |α| ≤ P (the multinomial
theorem gives φ(q)ᵀφ(k) = Σ_{m≤P} (qᵀk)^m/m!), and positive random features
``φ(x) = d_r^{−1/2} e^{−‖x‖²/2} [e^{ω_jᵀx}]_j``, ω_j ~ N(0, I) (unbiased for exp(qᵀk)).
"""

from __future__ import annotations

from itertools import combinations_with_replacement
from math import factorial, prod, sqrt

import numpy as np

from seqtheory.simulate import validate


def _n_features(d: int, degree: int) -> float:
    """C(d + degree, degree), the number of multi-indices with |α| ≤ degree, as a float (no huge ints)."""
    from math import lgamma

    return float(np.exp(lgamma(d + degree + 1) - lgamma(d + 1) - lgamma(degree + 1)))


def taylor_features(x, degree: int) -> np.ndarray:
    """x (..., d) → (..., #multi-indices with |α| ≤ degree) with entries x^α/√α!."""
    x = validate.array("x", x, ndim_min=1)
    degree = validate.integer("degree", degree, 0)
    d = x.shape[-1]
    validate.budget(f"taylor_features(degree={degree}): C(d+degree, degree) = #features per row",
                    float(np.prod(x.shape[:-1], dtype=float)) * _n_features(d, degree))
    cols = [np.ones(x.shape[:-1])]
    for m in range(1, degree + 1):
        for combo in combinations_with_replacement(range(d), m):
            counts = np.bincount(combo, minlength=d)
            norm = sqrt(prod(factorial(int(c)) for c in counts))
            # each unordered multi-index α appears once; the multinomial coefficient m!/α! is split as
            # (x^α/√α!)(y^α/√α!) · (m!/m!) — the 1/m! of exp's series cancels the m!/α! count exactly
            cols.append(np.prod(x[..., list(combo)], axis=-1) / norm)
    return np.stack(cols, axis=-1)


def taylor_degree_for(max_abs_dot: float, rel_tol: float = 1e-13) -> int:
    """Smallest P with a^{P+1}/(P+1)! · e^{a} ≤ rel_tol · e^{−a} (remainder bound vs the smallest exp)."""
    a = validate.real("max_abs_dot", max_abs_dot, 0.0)
    if a == 0:
        return 0
    log_tol = np.log(rel_tol)
    P, log_term = 0, np.log(a)  # log of a^{P+1}/(P+1)!, compared in log space (no overflow)
    while log_term + 2 * a > log_tol:
        P += 1
        log_term += np.log(a / (P + 1))
        if P > 200:
            raise ValueError(f"|qᵀk| up to {a:g} needs more than 200 Taylor terms; rescale the inputs")
    return P


def positive_random_features(x, omega) -> np.ndarray:
    """x (..., d), omega (d_r, d) → (..., d_r): d_r^{−1/2} exp(ωᵀx − ‖x‖²/2)."""
    x = validate.array("x", x, ndim_min=1)
    omega = validate.array("omega", omega, ndim=2)
    return np.exp(x @ omega.T - 0.5 * np.sum(x**2, axis=-1, keepdims=True)) / np.sqrt(omega.shape[0])


def dual_gd_output(q, k, v, features, eta: float = 1.0, steps: int = 1) -> np.ndarray:
    """Test output of the dual model after ``steps`` GD steps of size eta/steps from W = 0.

    q (n_q, d), k (n_k, d), v (n_k, d_v); ``features`` maps (..., d) → (..., D).  Returns (n_q, d_v)."""
    q = validate.array("q", q, ndim=2)
    k = validate.array("k", k, ndim=2)
    v = validate.array("v", v, ndim=2)
    eta = validate.real("eta", eta, 0.0, low_open=True)
    steps = validate.integer("steps", steps, 1)
    s = q.shape[-1] ** -0.25
    phi_q, phi_k = features(q * s), features(k * s)  # (n_q, D), (n_k, D)
    d_prime = phi_q @ phi_k.sum(axis=0)  # (n_q,): D′ per query
    out = np.zeros((q.shape[0], v.shape[1]))
    for i in range(q.shape[0]):
        grad = -(v.T @ phi_k) / (eta * d_prime[i])  # (d_v, D): ∇_W L, constant in W
        W = np.zeros_like(grad)
        for _ in range(steps):
            W = W - (eta / steps) * grad
        out[i] = W @ phi_q[i]
    return out


# ------------------------------------------------------------------------------------------------------
# the paper's layer: every token a query, its own value masked out, the residual, an optional linear FFN


def layer_weights(h, wq, wk, wv, w_mlp=None):
    """Tokens h (T, d_h) and weights: wq, wk (d_h, d), wv and w_mlp (d_h, d_h), each validated by name."""
    h = validate.array("h", h, ndim=2)
    d_h = h.shape[1]
    wq, wk = validate.array("wq", wq, ndim=2), validate.array("wk", wk, ndim=2)
    if wq.shape[0] != d_h or wk.shape != wq.shape:
        raise ValueError(f"wq and wk must both have shape ({d_h}, d) for tokens h {h.shape}, got {wq.shape} and "
                         f"{wk.shape}")
    wv = validate.square("wv", wv, d_h)
    return h, wq, wk, wv, None if w_mlp is None else validate.square("w_mlp", w_mlp, d_h)


def masked_attention_layer(h, wq, wk, wv, w_mlp=None) -> np.ndarray:
    """One softmax attention layer in the form Ren & Liu state it, on the hand-written attention kernel.

    h (T, d_h) tokens (demonstrations and the query, the query last); every token t is a query:
    ``h_t + Σ_{i≠t} v_i e^{k_iᵀq_t/√d} / Σ_{i=1}^{T} e^{k_iᵀq_t/√d}`` — its own value masked out, its own key kept in
    the normaliser (N + 1 keys for the query) — with q = h wq, k = h wk, v = h wv.  With ``w_mlp`` (d_h, d_h) a
    linear FFN follows: the output is (h_t + attention_t) w_mlp.  Returns (T, d_h)."""
    from seqtheory.simulate.nn import attention

    h, wq, wk, wv, w_mlp = layer_weights(h, wq, wk, wv, w_mlp)
    q, k, v = h @ wq, h @ wk, h @ wv  # (T, d) each
    T = h.shape[0]
    others = v[None, :, :] * ~np.eye(T, dtype=bool)[:, :, None]  # (T, T, d): query t's values, v_t zeroed
    out = h + attention.softmax_attention(q[:, None, :], k[None, :, :], others)[:, 0, :]  # (T, d_h)
    return out if w_mlp is None else out @ w_mlp


def dual_layer(h, wq, wk, wv, features, w_mlp=None, eta: float = 1.0) -> np.ndarray:
    """The same layer as T dual models, one per query token t (Ren & Liu's dual model, the mask as stated):
    f_t(x) = W φ(x) from W = 0, one GD step of size η on
    ``L_t(W) = −(1/(η D′_t)) Σ_{i≠t} y_iᵀ W φ(k_i)``, ``D′_t = Σ_{i=1}^{T} φ(k_i)ᵀφ(q_t)`` (the normaliser over every
    key, the training pairs every token but t), labels y_i = v_i (or v_i w_mlp after a linear FFN); the token's
    output is its residual (h_t, or h_t w_mlp) plus the test prediction f_t(q_t).  Returns (T, d_h)."""
    h, wq, wk, wv, w_mlp = layer_weights(h, wq, wk, wv, w_mlp)
    eta = validate.real("eta", eta, 0.0, low_open=True)
    q, k, v = h @ wq, h @ wk, h @ wv  # (T, d) each
    s = q.shape[-1] ** -0.25  # the 1/√d of attention, split between q and k
    phi_q, phi_k = features(q * s), features(k * s)  # (T, D)
    labels = v if w_mlp is None else v @ w_mlp  # (T, d_h)
    residual = h if w_mlp is None else h @ w_mlp
    d_prime = phi_q @ phi_k.sum(axis=0)  # (T,): D′_t over all T keys
    out = np.empty_like(residual)
    for t in range(h.shape[0]):
        train = np.arange(h.shape[0]) != t  # the training pairs: every token but the query itself
        grad = -(labels[train].T @ phi_k[train]) / (eta * d_prime[t])  # (d_h, D): ∇_W L_t, constant in W
        W = -eta * grad  # one GD step from W = 0
        out[t] = residual[t] + W @ phi_q[t]
    return out


# ------------------------------------------------------------------------------------------------------
# inputs of the layer identities (the claims of theorems/renliu2024/layer.py and modified.py)


def layer_inputs(seed: int, n: int, d: int, spread: float, layers: int = 1):
    """Tokens h (n + 1, d) — the demonstrations, then the query — and per layer (wq, wk, wv, w_mlp), each weight
    N(0, 1/d), from ``seed``."""
    rng = np.random.default_rng(seed)
    h = spread * rng.standard_normal((n + 1, d))  # (T, d)
    weights = [tuple(rng.standard_normal((d, d)) / np.sqrt(d) for _ in range(4)) for _ in range(layers)]
    return h, weights


def exact_kernel_features(q: np.ndarray, k: np.ndarray):
    """Taylor features of the degree that makes e^{qᵀk/√d} exact to 1e-13 on these queries (n_q, d) and keys."""
    degree = taylor_degree_for(float(np.abs(q @ k.T).max()) / np.sqrt(q.shape[1]))
    return lambda x: taylor_features(x, degree)


def identity_scale(h: np.ndarray, rtol: float) -> float:
    """The error unit of the layer identities: ``rtol`` relative to the tokens' size, max(1, max|h|)."""
    return rtol * max(1.0, float(np.abs(h).max()))
