"""Chain of thought (CoT) for the one-layer LSA: appended columns, autoregressive rollout, teacher-forced loss.

Huang, Wang, Lee 2025 (arXiv:2502.21212), §2–4 (docs/notation.md, docs/huang2025_thm3_2_cot.md).  CoT step i appends
the column ``(0_d; 0; w_i; 1)`` to the prompt; the model reads its prediction from the new last column.  Training uses
the true GD iterates (teacher forcing), evaluation feeds back the model's own outputs (autoregressive).

Losses (the toolkit's conventions; the paper's ½ factors are unconfirmed):

* teacher-forced CoT loss ``L^CoT = ½ E Σ_{i<k} ‖f(Z_i)[:, −1] − (0; 0; w_{i+1}; 1)‖²`` (whole column);
* evaluation loss ``L^Eval_k = E‖ŵ_k − w*‖²`` after k autoregressive steps.

Sparse parameterisation: only ``V_31 = V[w, x]`` and ``W_13 = W[x, w]`` are free, ``W_24 = W[y, one] = −1``;
then the step is ``ŵ ↦ ŵ + V_31 S (W_13 ŵ − w*)`` (the CoT columns drop out: their x, y parts are 0).
"""

from __future__ import annotations

import warnings

import numpy as np

from seqtheory.simulate import lsa, validate
from seqtheory.simulate.stats import Estimate, Observation
from seqtheory.simulate.tails import TailedMean
from seqtheory.simulate.tasks import Prompts, check_prompts, sample_prompts


class DivergenceWarning(UserWarning):
    """Some prompt has ηλ_max(S) > 2 (for the GD construction): its iterates grow like |1 − ηλ|^k."""


def cot_append(Z, w) -> np.ndarray:
    """Append the CoT column (0; 0; w; 1): Z (..., D, N), w (..., d) → (..., D, N+1)."""
    Z = validate.array("Z", Z, ndim_min=2)
    w = validate.array("w", w, ndim_min=1)
    D = Z.shape[-2]
    d = (D - 2) // 2
    if D != lsa.token_dim(d) or w.shape != Z.shape[:-2] + (d,):
        raise ValueError(f"w must have shape {Z.shape[:-2] + (d,)} for Z of shape {Z.shape}, got {w.shape}")
    col = np.zeros(Z.shape[:-1] + (1,))
    col[..., lsa.row_blocks(d)["w"], 0] = w
    col[..., -1, 0] = 1.0
    return np.concatenate([Z, col], axis=-1)


def gd_iterates(prompts: Prompts, eta: float, k: int) -> np.ndarray:
    """GD iterates w_0 = 0, …, w_k on (1/2n)‖Xᵀw − y‖², shape (k+1, B, d): w_{i+1} = w_i − ηS(w_i − w*)."""
    prompts = check_prompts("prompts", prompts)
    eta = validate.real("eta", eta, 0.0, low_open=True)
    k = validate.integer("k", k, 0)
    validate.budget(f"gd_iterates(k={k}): the iterates (k+1, batch, d)", float(k + 1) * prompts.batch * prompts.d)
    S = prompts.covariance()  # (B, d, d)
    out = np.zeros((k + 1, prompts.batch, prompts.d))
    for i in range(k):
        out[i + 1] = out[i] - eta * np.einsum("bij,bj->bi", S, out[i] - prompts.w_star)
    return out


def cot_rollout(X, y, V, W, k: int) -> np.ndarray:
    """Autoregressive CoT: the k predictions ŵ_1..ŵ_k, each fed back as the next CoT column.

    X (..., d, n), y (..., n) → (k, ..., d).  The full forward is used (every column), so this is also the
    reference for the sparse-structure identity.
    """
    k = validate.integer("k", k, 1)
    Z = lsa.embed(X, y)
    n = Z.shape[-1] - 1
    d = Z.shape[-2] // 2 - 1
    # the last step's prompt (…, D, n+1+k) and its (…, n+1+k, n+1+k) attention products
    validate.budget(f"cot_rollout(k={k}): the grown prompt and its attention products",
                    3.0 * np.prod(Z.shape[:-2], dtype=float) * (n + 1 + k) * max(Z.shape[-2], n + 1 + k))
    wb = lsa.row_blocks(d)["w"]
    preds = []
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(k):
            w_hat = lsa.forward(Z, V, W, n, check=step == 0)[..., wb, -1]
            preds.append(w_hat)
            if not np.all(np.isfinite(w_hat)):
                warnings.warn(f"CoT rollout overflowed at step {step + 1} of {k}: the iteration diverges "
                              "(e.g. ηλ_max(S) > 2 for the GD construction); later steps are inf/NaN",
                              DivergenceWarning, stacklevel=2)
                preds.extend([np.full_like(w_hat, np.nan)] * (k - step - 1))
                break
            Z = cot_append(Z, w_hat)
    return np.stack(preds)


def _teacher_states(prompts: Prompts, eta: float, k: int):
    """C_i = Z_i Z_iᵀ/n (k, B, D, D), query columns z_i (k, B, D) and target columns (k, B, D)."""
    D, d, n = lsa.token_dim(prompts.d), prompts.d, prompts.n
    wb = lsa.row_blocks(d)["w"]
    iterates = gd_iterates(prompts, eta, k)  # (k+1, B, d)
    Z0 = lsa.embed(prompts.X, prompts.y)  # (B, D, n+1)
    C = lsa.second_moment(Z0, n)  # (B, D, D): data columns and the w_0 = 0 query column
    cols = np.zeros((k + 1, prompts.batch, D))
    cols[:, :, wb] = iterates
    cols[:, :, -1] = 1.0
    Cs, queries = [], []
    for i in range(k):
        if i > 0:  # teacher forcing: append the true iterate w_i as a CoT column
            C = C + np.einsum("ba,bc->bac", cols[i], cols[i]) / n
        Cs.append(C)
        queries.append(cols[i])
    return np.stack(Cs), np.stack(queries), cols[1:]


def cot_loss_and_grad(V, W, prompts: Prompts, eta: float, k: int):
    """Teacher-forced CoT loss ½ Σ_{i<k} ‖f(Z_i)[:, −1] − (0; 0; w_{i+1}; 1)‖² per prompt (B,), and the
    gradient of its batch mean w.r.t. dense V, W (each (D, D))."""
    prompts = check_prompts("prompts", prompts)
    D = lsa.token_dim(prompts.d)
    V, W = validate.square("V", V, D), validate.square("W", W, D)
    k = validate.integer("k", k, 1)
    C, zq, target = _teacher_states(prompts, eta, k)  # (k, B, D, D), (k, B, D), (k, B, D)
    out, h = lsa.last_column(C, zq, V, W)  # (k, B, D)
    resid = out - target
    losses = 0.5 * np.sum(resid**2, axis=(0, 2))  # (B,)
    g = resid / prompts.batch  # cotangent of the batch mean of ½‖·‖² summed over steps
    dV = g.reshape(-1, D).T @ h.reshape(-1, D)  # Σ g hᵀ
    cvg = (C @ (g @ V)[..., None])[..., 0]  # C Vᵀ g
    dW = cvg.reshape(-1, D).T @ zq.reshape(-1, D)  # Σ (C Vᵀ g) z_qᵀ
    return losses, dV, dW


def sparse_to_dense(V31, W13, W24: float = -1.0) -> tuple[np.ndarray, np.ndarray]:
    """Embed the sparse parameters into dense (V, W)."""
    V31 = validate.array("V31", V31, ndim=2)
    d = V31.shape[0]
    W13 = validate.square("W13", W13, d)
    V31 = validate.square("V31", V31, d)
    b = lsa.row_blocks(d)
    D = lsa.token_dim(d)
    V, W = np.zeros((D, D)), np.zeros((D, D))
    V[b["w"], b["x"]] = V31
    W[b["x"], b["w"]] = W13
    W[d, 2 * d + 1] = W24
    return V, W


def sparse_cot_loss_and_grad(V31, W13, prompts: Prompts, eta: float, k: int):
    """Teacher-forced CoT loss in the sparse class (only the w-block can be wrong there) and its gradient
    w.r.t. V_31, W_13 (each (d, d)): r_i = w_i + V_31 S(W_13 w_i − w*) − w_{i+1}."""
    prompts = check_prompts("prompts", prompts)
    d = prompts.d
    V31, W13 = validate.square("V31", V31, d), validate.square("W13", W13, d)
    S = prompts.covariance()  # (B, d, d)
    iterates = gd_iterates(prompts, eta, k)  # (k+1, B, d)
    wi, target = iterates[:-1], iterates[1:]  # (k, B, d)
    inner = wi @ W13.T - prompts.w_star  # (k, B, d) = W_13 w_i − w*
    s_inner = np.einsum("bij,kbj->kbi", S, inner)  # S (W_13 w_i − w*)
    resid = wi + s_inner @ V31.T - target  # (k, B, d)
    losses = 0.5 * np.sum(resid**2, axis=(0, 2))
    g = resid / prompts.batch
    dV31 = np.einsum("kbi,kbj->ij", g, s_inner)
    sv_g = np.einsum("bij,kbj->kbi", S, g @ V31)  # S V_31ᵀ g
    dW13 = np.einsum("kbi,kbj->ij", sv_g, wi)
    return losses, dV31, dW13


def antithetic(prompts: Prompts) -> Prompts:
    """The batch together with its mirror w* → −w* (same X): odd-in-w* sample averages vanish exactly."""
    prompts = check_prompts("prompts", prompts)
    return Prompts(X=np.concatenate([prompts.X, prompts.X]), y=np.concatenate([prompts.y, -prompts.y]),
                   w_star=np.concatenate([prompts.w_star, -prompts.w_star]))


def spectral_log_losses(prompts: Prompts, eta: float, ks) -> np.ndarray:
    """log ‖w_k − w*‖² for GD from w_0 = 0, per prompt and k, via S = U diag(λ) Uᵀ:
    ‖w_k − w*‖² = Σ_i (1 − ηλ_i)^{2k} c_i² with c = Uᵀw*.  Computed in log space (no overflow for huge k).
    Returns (B, len(ks))."""
    prompts = check_prompts("prompts", prompts)
    eta = validate.real("eta", eta, 0.0, low_open=True)
    ks = np.asarray(ks, dtype=float)
    lam, U = np.linalg.eigh(prompts.covariance())  # (B, d), (B, d, d)
    c2 = np.einsum("bji,bj->bi", U, prompts.w_star) ** 2  # (B, d)
    with np.errstate(divide="ignore"):
        log_factor = np.log(np.abs(1.0 - eta * lam))  # (B, d); −inf where ηλ = 1 exactly
        terms = 2.0 * ks[None, :, None] * log_factor[:, None, :] + np.log(c2)[:, None, :]  # (B, K, d)
    top = np.max(terms, axis=-1, keepdims=True)
    safe_top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return (np.log(np.sum(np.exp(terms - safe_top), axis=-1, keepdims=True)) + safe_top)[..., 0]


def limit_losses(prompts: Prompts, eta: float, rank_tol: float = 1e-10) -> np.ndarray:
    """lim_{k→∞} ‖w_k − w*‖² per prompt: ‖P_null w*‖² if ηλ_max(S) < 2, +∞ if ηλ_max(S) > 2.

    Eigenvalues below ``rank_tol·max(1, λ_max)`` count as the null space of S (which is d − n dimensional
    a.s. when n < d); components with 0 < ηλ < 2 decay geometrically."""
    prompts = check_prompts("prompts", prompts)
    eta = validate.real("eta", eta, 0.0, low_open=True)
    lam, U = np.linalg.eigh(prompts.covariance())
    c2 = np.einsum("bji,bj->bi", U, prompts.w_star) ** 2
    null = lam <= rank_tol * np.maximum(1.0, lam[:, -1:])
    out = np.sum(np.where(null, c2, 0.0), axis=-1)
    return np.where(eta * lam[:, -1] > 2.0, np.inf, out)


def kstep_draws(rng: np.random.Generator, n: int, d: int, k: int, eta: float, samples: int) -> np.ndarray:
    """``samples`` draws of ‖ŵ_k − w*‖² from the autoregressive rollout of the dense construction (V₃₁ = −ηI,
    W₁₃ = I, W₂₄ = −1) on fresh prompts, in chunks (:func:`~seqtheory.simulate.lsa.chunked_draws`)."""
    V, W = lsa.gd_construction(d, eta)

    def chunk(r: np.random.Generator, m: int) -> np.ndarray:
        p = sample_prompts(r, m, n, d)
        final = cot_rollout(p.X, p.y, V, W, k)[-1]  # (m, d)
        return np.sum((final - p.w_star) ** 2, axis=-1)  # (m,)

    size = n + k + 1  # columns of the grown prompt
    return lsa.chunked_draws(rng, samples, max((2 * d + 2) * size, size * size), chunk)


def mc_kstep_loss(rng: np.random.Generator, n: int, d: int, k: int, eta: float, samples: int = 20_000) -> Estimate:
    """Monte Carlo of E‖ŵ_k − w*‖² (:func:`kstep_draws`), with the draws' tails
    (:class:`~seqtheory.simulate.tails.TailedMean`)."""
    return TailedMean.of(kstep_draws(rng, n, d, k, eta, samples))


def ood_median_log_rate(rng: np.random.Generator, n: int, d: int, eta: float, sigma, k_rate: int = 400,
                        prompts: int = 4000) -> Observation:
    """Per-step log-rate of the median CoT error on N(0, Σ) prompts: [log med L_K − log med L_{K/2}]/(K/2) with
    K = ``k_rate`` (exact spectral rollouts, :func:`spectral_log_losses`), with P̂(ηλ_max(S) < 2) in the detail."""
    p = sample_prompts(rng, prompts, n, d, sigma=sigma)
    logs = spectral_log_losses(p, eta, [k_rate // 2, k_rate])  # (B, 2)
    med = np.median(logs, axis=0)
    rate = float((med[1] - med[0]) / (k_rate / 2))
    lam = np.linalg.eigvalsh(p.covariance())[:, -1]
    return Observation(Estimate.exact(rate), f"P̂(ηλ_max(S) < 2) = {np.mean(eta * lam < 2):.3f}; "
                                             f"median log-loss at k={k_rate}: {med[1]:.3g}")
