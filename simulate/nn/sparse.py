"""Sparse attention kernels: sparsemax, 1.5-entmax, masked-sparsemax, top-k, sliding-window, block-sparse.

* sparsemax (Martins & Astudillo 2016): the Euclidean projection of z onto the simplex,
  ``p_i = [z_i − τ]_+`` with τ from the sorted prefix sums; Jacobian ``diag(s) − s sᵀ/|S|``.
* 1.5-entmax (Peters, Niculae & Martins 2019): ``p_i = [z_i/2 − τ]_+²`` with Σp = 1, exact sort algorithm;
  Jacobian-vector product ``u ⊙ g − u (uᵀg)/Σu`` with u = √p.
* Entries equal to −∞ (masked) get exactly 0 and do not move τ; an all-(−∞) row is defined as all 0.
* top-k: softmax over the k largest scores of each row; ties broken towards the smaller key index.
* sliding window (Longformer): key j visible to query i iff |i − j| ≤ r (and j ≤ i when causal), computed on a
  band of width 2r+1 (r+1 causal) — O(n·r) time and memory, no n×n array.
* block-sparse (BigBird): window + global + random blocks on a block grid, seeded.
"""

from __future__ import annotations

import math

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn.attention import (
    AttentionCache,
    budget_scores,
    check_mask,
    check_qkv,
    masked_softmax,
    scores_may_overflow,
    softmax_attention_backward,
    softmax_of_scaled_scores,
    unbroadcast,
)


def _check_scores(z, name: str = "z") -> np.ndarray:
    """Real scores, at least 1-d and non-empty; −∞ marks a masked entry, NaN and +∞ are refused.  float32 stays
    float32 (the maps return the input's float dtype); integers become float64."""
    return validate.array(name, z, ndim_min=1, allow_neg_inf=True, keep_float32=True)


def _shift_to_max(z: np.ndarray) -> np.ndarray:
    """z minus its row maximum over finite entries, floored at −2 (rows of −∞ stay −∞).

    Both maps are shift-invariant, and relative to the maximum they stay exact at any finite scale (no cancellation
    against a huge common offset).  The floor changes nothing: sparsemax's threshold τ and 1.5-entmax's threshold
    (on z/2) are ≥ max − 1, so an entry below max − 2 is outside the support either way, and the algorithms applied
    to the floored row return the same probabilities — without squaring or summing numbers near 1e308."""
    finite = np.isfinite(z)
    top = np.max(np.where(finite, z, -np.inf), axis=-1, keepdims=True)
    shifted = z - np.where(np.isfinite(top), top, 0.0)
    return np.where(finite, np.maximum(shifted, -2.0), shifted)


def sparsemax(z, axis: int = -1) -> np.ndarray:
    """Sort-based exact sparsemax along ``axis`` (computed relative to the row maximum: shift-invariant)."""
    z = _shift_to_max(np.moveaxis(_check_scores(z), _axis(axis, z), -1))
    n = z.shape[-1]
    zs = -np.sort(-z, axis=-1)  # descending; −inf last
    finite = np.isfinite(zs)
    csum = np.cumsum(np.where(finite, zs, 0.0), axis=-1)
    ks = np.arange(1, n + 1, dtype=z.dtype)  # in the scores' dtype: float32 stays float32
    support = finite & (1 + ks * np.where(finite, zs, 0.0) > csum)
    size = np.sum(support, axis=-1, keepdims=True)  # |S| ≥ 1 for any row with a finite entry
    tau = (np.take_along_axis(csum, np.maximum(size - 1, 0), axis=-1) - 1) / np.maximum(size, 1).astype(z.dtype)
    p = np.where(np.isfinite(z), np.maximum(z - tau, 0.0), 0.0)
    p = np.where(size > 0, p, 0.0)
    return np.moveaxis(p, -1, axis)


def _threshold_bisection(z, power: int, halve: bool, iters: int = 200) -> np.ndarray:
    """Reference for one row: τ with Σ[z'_i − τ]_+^power = 1 (z' = z/2 if ``halve``) by bisection on
    [max z' − 1, max z'], where the left side falls from ≥ 1 to 0; loops, no sorting."""
    z = _check_scores(z).ravel()
    fin_z = z[np.isfinite(z)]
    z = (z - (fin_z.max() if fin_z.size else 0.0)) / (2.0 if halve else 1.0)  # relative to the maximum
    fin = z[np.isfinite(z)]
    if fin.size == 0:
        return np.zeros_like(z)
    lo, hi = -1.0, 0.0  # relative to the maximum, which is 0 after the shift
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        if sum(max(x - mid, 0.0) ** power for x in fin) > 1.0:
            lo = mid
        else:
            hi = mid
    tau = 0.5 * (lo + hi)
    return np.array([max(x - tau, 0.0) ** power if np.isfinite(x) else 0.0 for x in z])


def sparsemax_bisection(z, iters: int = 200) -> np.ndarray:
    """Reference: τ solves Σ[z_i − τ]_+ = 1 (one row)."""
    return _threshold_bisection(z, 1, halve=False, iters=iters)


def _axis(axis, z) -> int:
    ndim = np.ndim(z)
    axis = validate.integer("axis", axis, -max(ndim, 1), max(ndim, 1) - 1)
    return axis


def _check_pg(p, g, axis):
    """Probabilities p (entries in [0, 1]) and a cotangent g of the same shape, moved to the last axis."""
    p = validate.array("p", p, ndim_min=1, keep_float32=True)
    g = validate.array("g", g, ndim_min=1, keep_float32=True)
    if p.shape != g.shape:
        raise ValueError(f"p and g must have the same shape, got {p.shape} and {g.shape}")
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("p must be probabilities (entries in [0, 1])")
    axis = _axis(axis, p)
    return np.moveaxis(p, axis, -1), np.moveaxis(g, axis, -1)


def sparsemax_vjp(p, g, axis: int = -1) -> np.ndarray:
    """gᵀJ with J = diag(s) − s sᵀ/|S| (s = support indicator of p)."""
    p, g = _check_pg(p, g, axis)
    s = p > 0
    size = np.maximum(np.sum(s, axis=-1, keepdims=True), 1).astype(g.dtype)
    out = np.where(s, g - np.sum(np.where(s, g, 0.0), axis=-1, keepdims=True) / size, 0.0)
    return np.moveaxis(out, -1, axis)


def entmax15(z, axis: int = -1) -> np.ndarray:
    """Exact sort-based 1.5-entmax along ``axis`` (computed relative to the row maximum: shift-invariant)."""
    z = _shift_to_max(np.moveaxis(_check_scores(z), _axis(axis, z), -1)) / 2.0
    n = z.shape[-1]
    zs = -np.sort(-z, axis=-1)
    finite = np.isfinite(zs)
    zf = np.where(finite, zs, 0.0)
    ks = np.arange(1, n + 1, dtype=z.dtype)  # in the scores' dtype: float32 stays float32
    mean = np.cumsum(zf, axis=-1) / ks
    mean_sq = np.cumsum(zf**2, axis=-1) / ks
    delta = (1 - ks * (mean_sq - mean**2)) / ks
    tau_k = mean - np.sqrt(np.maximum(delta, 0.0))
    ok = finite & (tau_k <= zf)
    size = np.sum(ok, axis=-1, keepdims=True)
    tau = np.take_along_axis(tau_k, np.maximum(size - 1, 0), axis=-1)
    p = np.where(np.isfinite(z), np.maximum(z - tau, 0.0) ** 2, 0.0)
    p = np.where(size > 0, np.minimum(p, 1.0), 0.0)  # a one-entry support gives (1 ± ε)²: keep p a probability
    return np.moveaxis(p, -1, axis)


def entmax15_bisection(z, iters: int = 200) -> np.ndarray:
    """Reference for one row: τ with Σ[z_i/2 − τ]_+² = 1 by bisection."""
    return _threshold_bisection(z, 2, halve=True, iters=iters)


def entmax15_vjp(p, g, axis: int = -1) -> np.ndarray:
    """gᵀJ for 1.5-entmax: u ⊙ g − u (uᵀg)/Σu with u = √p (the Jacobian is symmetric)."""
    p, g = _check_pg(p, g, axis)
    u = np.sqrt(p)
    total = np.maximum(np.sum(u, axis=-1, keepdims=True), np.finfo(u.dtype).tiny)
    out = u * g - u * np.sum(u * g, axis=-1, keepdims=True) / total
    return np.moveaxis(out, -1, axis)


# ------------------------------------------------------------------------------------------------------
# attention kernels

def _scores(q, k, v):
    """QKᵀ/√d for the sparse kernels (after the memory-budget check); scores that would overflow are an error
    naming q and k (sparsemax and top-k are not scale-invariant, so a huge common scale cannot be factored out)."""
    budget_scores(q, k, v)
    if scores_may_overflow(q, k):
        raise ValueError("q and k are too large: their scores QKᵀ/√d could overflow "
                         f"(max|q| = {np.max(np.abs(q)):.3g}, max|k| = {np.max(np.abs(k)):.3g}); rescale them")
    return (q @ np.swapaxes(k, -1, -2)) / math.sqrt(q.shape[-1])


def _simplex_attention_forward(q, k, v, mask, mapping):
    """mapping(QKᵀ/√d with −∞ at masked entries) V for a map onto the simplex; returns (out, cache)."""
    q, k, v = check_qkv(q, k, v)
    m = check_mask(mask, q.shape[-2], k.shape[-2])
    s = _scores(q, k, v)
    if m is not None:
        s = np.where(m, s, -np.inf)
    p = mapping(s)
    return p @ v, AttentionCache(q, k, v, p, 1.0 / math.sqrt(q.shape[-1]))


def _simplex_attention_backward(dout, cache: AttentionCache, vjp):
    """dV = Pᵀ dO, dS = vjp(P, dO Vᵀ), dQ = dS K/√d, dK = dSᵀ Q/√d."""
    dv = np.swapaxes(cache.p, -1, -2) @ dout
    ds = vjp(cache.p, dout @ np.swapaxes(cache.v, -1, -2))
    return (ds @ cache.k) * cache.scale, (np.swapaxes(ds, -1, -2) @ cache.q) * cache.scale, dv


def sparsemax_attention_forward(q, k, v, mask=None):
    """sparsemax(QKᵀ/√d with −∞ at masked entries) V; returns (out, cache)."""
    return _simplex_attention_forward(q, k, v, mask, sparsemax)


def sparsemax_attention(q, k, v, mask=None) -> np.ndarray:
    return sparsemax_attention_forward(q, k, v, mask)[0]


def sparsemax_attention_backward(dout, cache: AttentionCache):
    return _simplex_attention_backward(dout, cache, sparsemax_vjp)


def entmax15_attention_forward(q, k, v, mask=None):
    """1.5-entmax(QKᵀ/√d with −∞ at masked entries) V; returns (out, cache)."""
    return _simplex_attention_forward(q, k, v, mask, entmax15)


def entmax15_attention(q, k, v, mask=None) -> np.ndarray:
    return entmax15_attention_forward(q, k, v, mask)[0]


def entmax15_attention_backward(dout, cache: AttentionCache):
    return _simplex_attention_backward(dout, cache, entmax15_vjp)


def topk_mask(scores: np.ndarray, topk: int) -> np.ndarray:
    """Boolean mask of the k largest entries per row (−∞ never chosen); ties → smaller index first."""
    order = np.argsort(-scores, axis=-1, kind="stable")  # stable: equal scores keep index order
    chosen = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(chosen, order[..., :topk], True, axis=-1)
    return chosen & np.isfinite(scores)


def topk_attention_forward(q, k, v, topk: int, mask=None):
    """Softmax attention restricted to each row's ``topk`` largest scores (exactly topk non-zeros when at
    least topk keys are allowed)."""
    q, k, v = check_qkv(q, k, v)
    topk = validate.integer("topk", topk, 1)
    if topk > k.shape[-2]:
        raise ValueError(f"topk must be ≤ the number of keys {k.shape[-2]}, got {topk}")
    m = check_mask(mask, q.shape[-2], k.shape[-2])
    s = _scores(q, k, v)
    if m is not None:
        s = np.where(m, s, -np.inf)
    keep = topk_mask(s, topk)
    p = masked_softmax(s, keep)
    return p @ v, AttentionCache(q, k, v, p, 1.0 / math.sqrt(q.shape[-1]))


def topk_attention(q, k, v, topk: int, mask=None) -> np.ndarray:
    return topk_attention_forward(q, k, v, topk, mask)[0]


#: top-k attention is softmax attention on a fixed (piecewise-constant) support: same backward.
topk_attention_backward = softmax_attention_backward


def window_offsets(radius: int, causal: bool) -> np.ndarray:
    return np.arange(-radius, 1) if causal else np.arange(-radius, radius + 1)


def window_nnz(n: int, radius: int, causal: bool) -> int:
    """Number of visible (query, key) pairs, counted from the band (validity of i + offset)."""
    n, radius = validate.integer("n", n, 0), validate.integer("radius", radius, 0)
    causal = validate.boolean("causal", causal)
    radius = min(radius, max(n - 1, 0))  # a wider window counts nothing more
    validate.budget(f"window_nnz(n={n}, radius={radius}): the band (n, 2·radius+1)", float(n) * (2 * radius + 1))
    idx = np.arange(n)[:, None] + window_offsets(radius, causal)[None, :]
    return int(np.count_nonzero((idx >= 0) & (idx < n)))


def sliding_window_attention_forward(q, k, v, radius: int, causal: bool = True):
    """Banded softmax attention: scores live in an (..., n, w) band, w = 2r+1 (r+1 causal)."""
    q, k, v = check_qkv(q, k, v)
    radius = validate.integer("radius", radius, 0)
    causal = validate.boolean("causal", causal)
    n = q.shape[-2]
    if k.shape[-2] != n:
        raise ValueError(f"sliding-window attention needs as many keys as queries, got {k.shape[-2]} and {n}")
    radius = min(radius, n - 1)  # a wider window sees nothing more: clip, so the band never exceeds n
    offs = window_offsets(radius, causal)
    w = offs.size
    lead = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    pad_lo, pad_hi = radius, 0 if causal else radius
    kp = np.pad(np.broadcast_to(k, lead + k.shape[-2:]), [(0, 0)] * len(lead) + [(pad_lo, pad_hi), (0, 0)])
    vp = np.pad(np.broadcast_to(v, lead + v.shape[-2:]), [(0, 0)] * len(lead) + [(pad_lo, pad_hi), (0, 0)])
    kb = np.lib.stride_tricks.sliding_window_view(kp, w, axis=-2)  # (..., n, d, w) view: no copy
    vb = np.lib.stride_tricks.sliding_window_view(vp, w, axis=-2)  # (..., n, d_v, w)
    idx = np.arange(n)[:, None] + offs[None, :]
    valid = (idx >= 0) & (idx < n)  # (n, w)
    validate.budget("the window band (…, n, w)", 3 * np.prod(lead, dtype=float) * n * w)
    if scores_may_overflow(q, k):  # scores too large to form: rescaled q, k and the scale in log space
        a, b = np.max(np.abs(q)), np.max(np.abs(k))
        s = np.einsum("...nd,...ndw->...nw", q / a, kb / b) / math.sqrt(q.shape[-1])
        p = softmax_of_scaled_scores(s, np.log(a) + np.log(b), valid)
    else:
        s = np.einsum("...nd,...ndw->...nw", q, kb) / math.sqrt(q.shape[-1])
        p = masked_softmax(s, valid)
    out = np.einsum("...nw,...nvw->...nv", p, vb)
    return out, (q, k, v, p, radius, causal)


def sliding_window_attention(q, k, v, radius: int, causal: bool = True) -> np.ndarray:
    """Key j visible to query i iff |i − j| ≤ radius (and j ≤ i when causal); O(n·radius) time and memory."""
    return sliding_window_attention_forward(q, k, v, radius, causal)[0]


def sliding_window_attention_backward(dout, cache):
    """VJP on the band; key/value gradients are scattered back one offset at a time (a loop over the w
    offsets of the window, each step vectorised over n)."""
    q, k, v, p, radius, causal = cache
    offs = window_offsets(radius, causal)
    n = q.shape[-2]
    scale = 1.0 / math.sqrt(q.shape[-1])
    lead = p.shape[:-2]
    kf = np.broadcast_to(k, lead + k.shape[-2:])
    vf = np.broadcast_to(v, lead + v.shape[-2:])
    qf = np.broadcast_to(q, lead + q.shape[-2:])
    dp = np.zeros_like(p)
    for c, o in enumerate(offs):
        lo, hi = max(0, -o), min(n, n - o)  # queries i with key i + o in range
        if hi <= lo:
            continue
        dp[..., lo:hi, c] = np.einsum("...nv,...nv->...n", dout[..., lo:hi, :], vf[..., lo + o:hi + o, :])
    ds = p * (dp - np.sum(p * dp, axis=-1, keepdims=True)) * scale
    dq = np.zeros(lead + q.shape[-2:], dtype=p.dtype)  # gradients in the forward's dtype (float32 stays float32)
    dk = np.zeros(lead + k.shape[-2:], dtype=p.dtype)
    dv = np.zeros(lead + v.shape[-2:], dtype=p.dtype)
    for c, o in enumerate(offs):
        lo, hi = max(0, -o), min(n, n - o)
        if hi <= lo:
            continue
        dq[..., lo:hi, :] += ds[..., lo:hi, c, None] * kf[..., lo + o:hi + o, :]
        dk[..., lo + o:hi + o, :] += ds[..., lo:hi, c, None] * qf[..., lo:hi, :]
        dv[..., lo + o:hi + o, :] += p[..., lo:hi, c, None] * dout[..., lo:hi, :]
    return unbroadcast(dq, q.shape), unbroadcast(dk, k.shape), unbroadcast(dv, v.shape)


def block_sparse_mask(n_blocks: int, window: int, n_global: int, n_random: int, rng: np.random.Generator,
                      causal: bool = False) -> np.ndarray:
    """BigBird block pattern (n_blocks, n_blocks): |i − j| ≤ window, the first n_global blocks as global rows
    and columns, and n_random random blocks per row (seeded); causal keeps j ≤ i."""
    n_blocks = validate.integer("n_blocks", n_blocks, 1)
    window = validate.integer("window", window, 0)
    n_global = validate.integer("n_global", n_global, 0, n_blocks)
    n_random = validate.integer("n_random", n_random, 0, n_blocks)
    rng = validate.generator("rng", rng)
    validate.budget(f"block_sparse_mask(n_blocks={n_blocks}): the (n_blocks, n_blocks) grid", 3.0 * n_blocks**2)
    i, j = np.indices((n_blocks, n_blocks))
    mask = np.abs(i - j) <= window
    mask[:n_global, :] = True
    mask[:, :n_global] = True
    for row in range(n_blocks):
        mask[row, rng.choice(n_blocks, size=n_random, replace=False)] = True
    if causal:
        mask &= j <= i
    return mask


def _block_mask(block_mask) -> np.ndarray:
    bm = np.asarray(block_mask)
    if bm.dtype != bool or bm.ndim != 2:
        raise validate.ArgumentTypeError("block_mask must be a 2-d boolean array (True = attend), got dtype "
                                         f"{bm.dtype} and shape {bm.shape}")
    return bm


def block_sparse_attention(q, k, v, block: int, block_mask) -> np.ndarray:
    """Softmax attention on the active (block × block) tiles only: each query block attends to the keys of
    its active key blocks (gathered), so work and memory are O(nnz) instead of O(n²)."""
    q, k, v = check_qkv(q, k, v)
    block = validate.integer("block", block, 1)
    n = q.shape[-2]
    if n % block or k.shape[-2] != n:
        raise ValueError(f"block must divide n = {n} and k must have n keys; got block {block}, keys {k.shape[-2]}")
    nb = n // block
    bm = _block_mask(block_mask)
    if bm.shape != (nb, nb):
        raise ValueError(f"block_mask must have shape ({nb}, {nb}), got {bm.shape}")
    out = np.zeros(np.broadcast_shapes(q.shape[:-2], v.shape[:-2]) + (n, v.shape[-1]))
    for qb in range(nb):
        cols = np.flatnonzero(bm[qb])
        if cols.size == 0:
            continue
        keys = (cols[:, None] * block + np.arange(block)[None, :]).ravel()
        rows = slice(qb * block, (qb + 1) * block)
        s = _scores(q[..., rows, :], k[..., keys, :], v[..., keys, :])
        out[..., rows, :] = masked_softmax(s, None) @ v[..., keys, :]
    return out


def block_sparse_nnz(block: int, block_mask) -> int:
    """Attended (query, key) pairs of a block-sparse pattern: (number of True blocks) · block²."""
    return int(np.count_nonzero(_block_mask(block_mask))) * validate.integer("block", block, 1) ** 2


# --- random score rows for the kernel claims (Martins & Astudillo 2016; Peters et al. 2019) ----------------------


def random_score_rows(rng: np.random.Generator, n: int, spread: float, masked: int, rows: int = 64) -> np.ndarray:
    """``rows`` score rows N(0, spread²) of length n, each with ``masked`` entries set to −∞ (at most n − 1)."""
    z = spread * rng.standard_normal((rows, n))  # (rows, n)
    for row in z:
        row[rng.choice(n, size=min(masked, n - 1), replace=False)] = -np.inf
    return z


def rounding_scale(z: np.ndarray) -> float:
    """8·n·ε·max(1, max|z|) over the finite entries: the rounding bound of the sort-based kernels and of the
    bisection references (both sum O(n) numbers of size max|z|)."""
    finite = np.abs(z[np.isfinite(z)])
    return 8 * z.shape[-1] * float(np.finfo(float).eps) * max(1.0, float(finite.max()) if finite.size else 0.0)


def rowwise(reference):
    """Apply a one-row reference to every row of a (rows, n) array."""
    return lambda z: np.stack([reference(row) for row in z])
