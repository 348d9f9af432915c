"""One-layer linear self-attention (LSA) for in-context weight prediction.

Huang, Wang, Lee, *Transformers Learn to Implement Multi-step Gradient Descent with Chain of Thought*,
ICLR 2025, arXiv:2502.21212, §2 (docs/notation.md).

Embedding (token dimension D = 2d+2, row blocks ``[x (d) | y (1) | w (d) | 1 (1)]``)::

    Z_0 = [[x_1 … x_n, 0 ], [y_1 … y_n, 0 ], [0 … 0, w_0], [0 … 0, 1]]  ∈ R^{D×(n+1)}

Model ``f(Z) = Z + V Z (Zᵀ W Z)/n`` with ``V = W^{PV}``, ``W = W^{KQ}`` and normaliser n (the number of
in-context examples, also when CoT columns are appended).  The prediction is the w-block of the last column.

Simplification used in the fast path: only the last column is needed for a prediction, and
``f(Z)[:, -1] = z_q + V C W z_q`` with ``C = Z Zᵀ / n`` (D×D), so nothing of size (n+1)² is formed.
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.stats import Estimate
from seqtheory.simulate.tails import TailedMean
from seqtheory.simulate.tasks import Prompts, check_prompts, sample_prompts


def token_dim(d: int) -> int:
    """D = 2d + 2."""
    return 2 * d + 2


def row_blocks(d: int) -> dict[str, slice]:
    """Row slices of the embedding: ``x`` (d rows), ``y`` (1), ``w`` (d), ``one`` (1)."""
    return {"x": slice(0, d), "y": slice(d, d + 1), "w": slice(d + 1, 2 * d + 1),
            "one": slice(2 * d + 1, 2 * d + 2)}


def embed(X, y, w0=None) -> np.ndarray:
    """Embed prompts: ``X`` (..., d, n), ``y`` (..., n), ``w0`` (..., d) or None (zeros) → Z (..., 2d+2, n+1)."""
    X = validate.array("X", X, ndim_min=2)
    d, n = X.shape[-2:]
    y = validate.array("y", y, ndim_min=1)
    if y.shape != X.shape[:-2] + (n,):
        raise ValueError(f"y must have shape {X.shape[:-2] + (n,)} to match X {X.shape}, got {y.shape}")
    lead = X.shape[:-2]
    if w0 is None:
        w0 = np.zeros(lead + (d,))
    w0 = validate.array("w0", w0, ndim_min=1)
    if w0.shape != lead + (d,):
        raise ValueError(f"w0 must have shape {lead + (d,)} to match X {X.shape}, got {w0.shape}")
    b = row_blocks(d)
    Z = np.zeros(lead + (token_dim(d), n + 1))  # (..., D, n+1)
    Z[..., b["x"], :n] = X
    Z[..., d, :n] = y
    Z[..., b["w"], n] = w0
    Z[..., 2 * d + 1, n] = 1.0
    return Z


def _check_weights(V, W, D: int) -> tuple[np.ndarray, np.ndarray]:
    return validate.square("V", V, D), validate.square("W", W, D)


def forward(Z, V, W, n: int, check: bool = True) -> np.ndarray:
    """f(Z) = Z + V Z (Zᵀ W Z)/n for Z (..., D, N); vectorised over leading axes.

    ``check=False`` skips the finiteness check of Z (for internal loops that handle divergence themselves)."""
    Z = validate.array("Z", Z, ndim_min=2, finite=check)
    n = validate.integer("n", n, 1)
    V, W = _check_weights(V, W, Z.shape[-2])
    attn = np.swapaxes(Z, -1, -2) @ W @ Z  # (..., N, N): zᵢᵀ W zⱼ
    return Z + V @ Z @ attn / n  # (..., D, N)


def forward_reference(Z, V, W, n: int) -> np.ndarray:
    """Loop reference for :func:`forward` on a single prompt Z (D, N): column c is
    ``z_c + (1/n) Σ_j (V z_j)(z_jᵀ W z_c)``."""
    Z = validate.array("Z", Z, ndim=2)
    V, W = _check_weights(V, W, Z.shape[0])
    D, N = Z.shape
    out = Z.copy()
    for c in range(N):
        for j in range(N):
            score = sum(Z[a, j] * W[a, b] * Z[b, c] for a in range(D) for b in range(D))
            for r in range(D):
                out[r, c] += sum(V[r, a] * Z[a, j] for a in range(D)) * score / n
    return out


def second_moment(Z, n: int) -> np.ndarray:
    """C = Z Zᵀ / n, shape (..., D, D)."""
    return Z @ np.swapaxes(Z, -1, -2) / n


def last_column(C, zq, V, W) -> tuple[np.ndarray, np.ndarray]:
    """Last column of f(Z) from C = ZZᵀ/n (..., D, D) and the query column zq (..., D).

    Returns ``(out, h)`` with ``h = C W z_q`` (..., D) and ``out = z_q + V h`` (..., D).
    """
    h = (C @ (zq @ W.T)[..., None])[..., 0]  # (..., D) = C W z_q
    return zq + h @ V.T, h


def predict(Z, V, W, n: int) -> np.ndarray:
    """ŵ: the w-block of the last column of f(Z); Z (..., D, N) → (..., d)."""
    Z = validate.array("Z", Z, ndim_min=2)
    n = validate.integer("n", n, 1)
    D = Z.shape[-2]
    if D < 4 or D % 2:
        raise ValueError(f"Z's token dimension (axis −2) must be D = 2d + 2 with d ≥ 1 (even, ≥ 4: row blocks "
                         f"[x (d) | y | w (d) | 1]), got D = {D}")
    V, W = _check_weights(V, W, D)
    d = (D - 2) // 2
    out, _ = last_column(second_moment(Z, n), Z[..., -1], V, W)
    return out[..., row_blocks(d)["w"]]


def loss_and_grad(C, zq, target_w, V, W) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-prompt squared errors ‖ŵ − w_target‖² and the gradient of their **mean** w.r.t. dense V, W.

    ``C`` (..., D, D), ``zq`` (..., D), ``target_w`` (..., d).  Returns ``(losses (...,), dV (D, D), dW (D, D))``.
    """
    D = C.shape[-1]
    d = (D - 2) // 2
    wb = row_blocks(d)["w"]
    out, h = last_column(C, zq, V, W)  # (..., D)
    resid = out[..., wb] - target_w  # (..., d)
    losses = np.sum(resid**2, axis=-1)
    count = losses.size
    g = np.zeros_like(out)
    g[..., wb] = 2.0 * resid / count  # cotangent of the mean loss
    cvg = (C @ (g @ V)[..., None])[..., 0]  # (..., D) = C Vᵀ g   (C symmetric)
    dV = g.reshape(-1, D).T @ h.reshape(-1, D)  # (D, D) = Σ g hᵀ
    dW = cvg.reshape(-1, D).T @ zq.reshape(-1, D)  # (D, D) = Σ (C Vᵀ g) z_qᵀ
    return losses, dV, dW


def no_cot_loss(V, W, prompts: Prompts) -> np.ndarray:
    """Per-prompt no-CoT evaluation loss ‖ŵ − w*‖² (w_0 = 0), shape (B,)."""
    prompts = check_prompts("prompts", prompts)
    Z = embed(prompts.X, prompts.y)  # (B, D, n+1)
    return np.sum((predict(Z, V, W, prompts.n) - prompts.w_star) ** 2, axis=-1)


def no_cot_loss_and_grad(V, W, prompts: Prompts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """No-CoT evaluation loss per prompt and the analytic gradient of its batch mean w.r.t. V, W."""
    prompts = check_prompts("prompts", prompts)
    D = token_dim(prompts.d)
    V, W = _check_weights(V, W, D)
    Z = embed(prompts.X, prompts.y)  # (B, D, n+1)
    return loss_and_grad(second_moment(Z, prompts.n), Z[:, :, -1], prompts.w_star, V, W)


def effective_map(V, W, d: int) -> np.ndarray:
    """The linear-in-w* part of the no-CoT prediction, ŵ_odd = M S w*, with ``M = c V_wx + V_wy uᵀ``.

    Here ``u = W[x, last]``, ``c = W[y, last]`` (the query column is (0; 0; 0; 1) when w_0 = 0).  One GD step
    of size η is ``M = ηI``.  Returns M (d, d).
    """
    d = validate.integer("d", d, 1)
    V, W = _check_weights(V, W, token_dim(d))
    b = row_blocks(d)
    u = W[b["x"], -1]  # (d,)
    c = W[d, -1]
    return c * V[b["w"], b["x"]] + np.outer(V[b["w"], d], u)


def gd_construction(d: int, eta: float) -> tuple[np.ndarray, np.ndarray]:
    """Thm 3.2's construction: V_wx = −ηI, W_xw = I, W_y,one = −1, all else 0; returns dense (V, W) (D, D).

    With query column (0; 0; ŵ; 1) the prediction is ŵ − ηS(ŵ − w*): one GD step from ŵ.  Without CoT
    (ŵ = w_0 = 0) it is the single step ηSw*.
    """
    d = validate.integer("d", d, 1)
    eta = validate.real("eta", eta, 0.0, low_open=True)
    b = row_blocks(d)
    D = token_dim(d)
    V = np.zeros((D, D))
    W = np.zeros((D, D))
    V[b["w"], b["x"]] = -eta * np.eye(d)
    W[b["x"], b["w"]] = np.eye(d)
    W[d, 2 * d + 1] = -1.0
    return V, W


# --- Monte Carlo of the no-CoT losses (Thm 3.1 / Cor 3.1) ---------------------------------------------------------


def one_step_draws(rng: np.random.Generator, samples: int, n: int, d: int, eta: float) -> np.ndarray:
    """``samples`` draws of ‖w_1 − w*‖² on fresh prompts, with w_1 = ηSw* computed directly (no LSA involved)."""
    p = sample_prompts(rng, samples, n, d)
    w1 = eta * np.einsum("bij,bj->bi", p.covariance(), p.w_star)  # (B, d)
    return np.sum((w1 - p.w_star) ** 2, axis=-1)  # (B,)


def one_step_conditional_draws(rng: np.random.Generator, samples: int, n: int, d: int, eta: float) -> np.ndarray:
    """``samples`` draws of E[‖w_1 − w*‖² | X] = ‖ηS − I‖²_F: :func:`one_step_draws` with w* ~ N(0, I) integrated
    out exactly (w_1 − w* = (ηS − I)w*, and E‖Aw*‖² = ‖A‖²_F).  Same mean, and the draws' kurtosis is an order of
    magnitude lower (the χ² factor of w* is gone), which is what a z-test needs at small n."""
    S = sample_prompts(rng, samples, n, d).covariance()  # (B, d, d)
    A = eta * S - np.eye(d)  # (B, d, d)
    return np.sum(A * A, axis=(-2, -1))  # (B,)


def basis_loss_draws(X: np.ndarray, loss) -> np.ndarray:
    """E[loss | X] over w* ~ N(0, I_d), exactly, for a model whose error ŵ − w* is linear in w* (any GD
    construction: its predictions are linear in y = Xᵀw*): ``loss(prompts)`` → (B·d,) per-prompt ‖ŵ − w*‖² is
    evaluated on the d prompts w* = e_1..e_d of each covariate draw, and E‖A w*‖² = Σ_j ‖A e_j‖².  X (B, d, n) →
    (B,)."""
    X = validate.array("X", X, ndim=3)
    B, d, _ = X.shape
    Xr = np.repeat(X, d, axis=0)  # (B·d, d, n): each draw once per basis vector
    w_star = np.tile(np.eye(d), (B, 1))  # (B·d, d): e_1..e_d per draw
    y = np.einsum("bdn,bd->bn", Xr, w_star)  # (B·d, n)
    return np.asarray(loss(Prompts(X=Xr, y=y, w_star=w_star))).reshape(B, d).sum(axis=1)  # (B,)


#: Largest d at which :func:`linear_loss_draws` integrates w* out (d model runs per draw); above it ‖w*‖² ~ χ²_d is
#: already concentrated (kurtosis 3 + 12/d) and a plain draw costs d times less.
BASIS_MAX_D = 8


def linear_loss_draws(p: Prompts, loss) -> np.ndarray:
    """Unbiased draws of E loss for a model whose error is linear in w*: E[loss | X] by :func:`basis_loss_draws`
    when d ≤ :data:`BASIS_MAX_D`, else ``loss(p)`` itself.  (B,)."""
    p = check_prompts("p", p)
    return basis_loss_draws(p.X, loss) if p.d <= BASIS_MAX_D else np.asarray(loss(p))


#: The float64 rounding of a mean of these draws, relative to the loss: the floor (``rtol``) a z-test on them needs.
#: A one-step draw ‖A w*‖² (A = ηS − I) is off by ≲ 2ε‖ηS‖_F‖A‖_F, so the mean by ≲ 2ε·√(E‖ηS‖²_F / L) relative
#: ≈ ε√(n/d) near the optimum, plus ≈ 20ε of summation; a k-step rollout's error map adds about a factor k (k ≤ 3
#: where it is used); 1e-12 ≈ 4500ε covers n/d up to 10⁶ at k = 3.  Without it the draws' spread (∝ η) fell below
#: their own rounding as η → 0: at n = d = 1, η ≈ 2.2e-16 the mean missed the exact loss by 1.1e-16 (one half-ulp)
#: against a z-tolerance of 2.3e-17 — huang2025/thm3.1's one-step loss and both huang2025/thm4.2 OOD losses, at
#: every seed.
DRAW_ROUNDING = 1e-12


#: Floats of the arrays one chunk of :func:`chunked_draws` may form (≈ 16 MB).
CHUNK_FLOATS = 2_000_000


def chunked_draws(rng: np.random.Generator, samples: int, floats_per_draw: int, draw) -> np.ndarray:
    """``samples`` draws of ``draw(rng, b)`` (→ (b,)) made in chunks of ⌊:data:`CHUNK_FLOATS` / floats_per_draw⌋
    draws (at least 1), so the arrays a Monte Carlo forms per chunk stay small whatever the sample size."""
    samples = validate.integer("samples", samples, 1)
    step = max(1, CHUNK_FLOATS // validate.integer("floats_per_draw", floats_per_draw, 1))
    return np.concatenate([draw(rng, min(step, samples - start)) for start in range(0, samples, step)])  # (samples,)


def mc_one_step_loss(rng: np.random.Generator, eta: float, n: int, d: int, samples: int = 20_000) -> Estimate:
    """Monte Carlo of the one-step GD loss E‖w_1 − w*‖² (:func:`one_step_draws`), with the draws' tails
    (:class:`~seqtheory.simulate.tails.TailedMean`)."""
    return TailedMean.of(one_step_draws(rng, samples, n, d, eta))


def mc_no_cot_loss(rng: np.random.Generator, V, W, n: int, d: int, samples: int = 200_000,
                   chunk: int = 20_000) -> Estimate:
    """Monte Carlo of the dense LSA's no-CoT loss E‖ŵ − w*‖² on fresh prompts (chunked for memory), with the
    draws' tails (:class:`~seqtheory.simulate.tails.TailedMean`)."""
    draws = [no_cot_loss(V, W, sample_prompts(rng, min(chunk, samples - start), n, d))
             for start in range(0, samples, chunk)]
    return TailedMean.of(np.concatenate(draws))


def perturbed_construction(rng: np.random.Generator, n: int, d: int, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Dense (V, W) = the one-step-GD construction at η* = n/(n+d+1) plus iid N(0, eps²) noise on every entry."""
    V, W = gd_construction(d, n / (n + d + 1))
    return V + eps * rng.standard_normal(V.shape), W + eps * rng.standard_normal(W.shape)
