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

import numpy as np

from seqtheory.simulate import validate
from seqtheory.simulate.nn.attention import (
    AttentionCache,
    _check_mask,
    _check_qkv,
    _unbroadcast,
    masked_softmax,
    softmax_attention_backward,
)


def _check_scores(z, name: str = "z") -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    if np.any(np.isnan(z)) or np.any(z == np.inf):
        raise ValueError(f"{name} must not contain NaN or +inf (−inf marks masked entries)")
    return z


def sparsemax(z, axis: int = -1) -> np.ndarray:
    """Sort-based exact sparsemax along ``axis``."""
    z = np.moveaxis(_check_scores(z), axis, -1)
    n = z.shape[-1]
    zs = -np.sort(-z, axis=-1)  # descending; −inf last
    finite = np.isfinite(zs)
    csum = np.cumsum(np.where(finite, zs, 0.0), axis=-1)
    ks = np.arange(1, n + 1)
    support = finite & (1 + ks * np.where(finite, zs, 0.0) > csum)
    size = np.sum(support, axis=-1, keepdims=True)  # |S| ≥ 1 for any row with a finite entry
    tau = (np.take_along_axis(csum, np.maximum(size - 1, 0), axis=-1) - 1) / np.maximum(size, 1)
    p = np.where(np.isfinite(z), np.maximum(z - tau, 0.0), 0.0)
    p = np.where(size > 0, p, 0.0)
    return np.moveaxis(p, -1, axis)


def _threshold_bisection(z, power: int, halve: bool, iters: int = 200) -> np.ndarray:
    """Reference for one row: τ with Σ[z'_i − τ]_+^power = 1 (z' = z/2 if ``halve``) by bisection on
    [max z' − 1, max z'], where the left side falls from ≥ 1 to 0; loops, no sorting."""
    z = _check_scores(z).ravel() / (2.0 if halve else 1.0)
    fin = z[np.isfinite(z)]
    if fin.size == 0:
        return np.zeros_like(z)
    lo, hi = fin.max() - 1.0, fin.max()
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


def sparsemax_vjp(p, g, axis: int = -1) -> np.ndarray:
    """gᵀJ with J = diag(s) − s sᵀ/|S| (s = support indicator of p)."""
    p, g = np.moveaxis(np.asarray(p, float), axis, -1), np.moveaxis(np.asarray(g, float), axis, -1)
    s = p > 0
    size = np.maximum(np.sum(s, axis=-1, keepdims=True), 1)
    out = np.where(s, g - np.sum(np.where(s, g, 0.0), axis=-1, keepdims=True) / size, 0.0)
    return np.moveaxis(out, -1, axis)


def entmax15(z, axis: int = -1) -> np.ndarray:
    """Exact sort-based 1.5-entmax along ``axis``."""
    z = np.moveaxis(_check_scores(z), axis, -1) / 2.0
    n = z.shape[-1]
    zs = -np.sort(-z, axis=-1)
    finite = np.isfinite(zs)
    zf = np.where(finite, zs, 0.0)
    ks = np.arange(1, n + 1)
    mean = np.cumsum(zf, axis=-1) / ks
    mean_sq = np.cumsum(zf**2, axis=-1) / ks
    delta = (1 - ks * (mean_sq - mean**2)) / ks
    tau_k = mean - np.sqrt(np.maximum(delta, 0.0))
    ok = finite & (tau_k <= zf)
    size = np.sum(ok, axis=-1, keepdims=True)
    tau = np.take_along_axis(tau_k, np.maximum(size - 1, 0), axis=-1)
    p = np.where(np.isfinite(z), np.maximum(z - tau, 0.0) ** 2, 0.0)
    p = np.where(size > 0, p, 0.0)
    return np.moveaxis(p, -1, axis)


def entmax15_bisection(z, iters: int = 200) -> np.ndarray:
    """Reference for one row: τ with Σ[z_i/2 − τ]_+² = 1 by bisection."""
    return _threshold_bisection(z, 2, halve=True, iters=iters)


def entmax15_vjp(p, g, axis: int = -1) -> np.ndarray:
    """gᵀJ for 1.5-entmax: u ⊙ g − u (uᵀg)/Σu with u = √p (the Jacobian is symmetric)."""
    p, g = np.moveaxis(np.asarray(p, float), axis, -1), np.moveaxis(np.asarray(g, float), axis, -1)
    u = np.sqrt(p)
    total = np.maximum(np.sum(u, axis=-1, keepdims=True), np.finfo(float).tiny)
    out = u * g - u * np.sum(u * g, axis=-1, keepdims=True) / total
    return np.moveaxis(out, -1, axis)


# ------------------------------------------------------------------------------------------------------
# attention kernels

def _scores(q, k):
    return (q @ np.swapaxes(k, -1, -2)) / np.sqrt(q.shape[-1])


def sparsemax_attention_forward(q, k, v, mask=None):
    """sparsemax(QKᵀ/√d with −∞ at masked entries) V; returns (out, cache)."""
    q, k, v = _check_qkv(q, k, v)
    m = _check_mask(mask, q.shape[-2], k.shape[-2])
    s = _scores(q, k)
    if m is not None:
        s = np.where(m, s, -np.inf)
    p = sparsemax(s)
    return p @ v, AttentionCache(q, k, v, p, 1.0 / np.sqrt(q.shape[-1]))


def sparsemax_attention(q, k, v, mask=None) -> np.ndarray:
    return sparsemax_attention_forward(q, k, v, mask)[0]


def sparsemax_attention_backward(dout, cache: AttentionCache):
    dv = np.swapaxes(cache.p, -1, -2) @ dout
    ds = sparsemax_vjp(cache.p, dout @ np.swapaxes(cache.v, -1, -2))
    return (ds @ cache.k) * cache.scale, (np.swapaxes(ds, -1, -2) @ cache.q) * cache.scale, dv


def topk_mask(scores: np.ndarray, topk: int) -> np.ndarray:
    """Boolean mask of the k largest entries per row (−∞ never chosen); ties → smaller index first."""
    order = np.argsort(-scores, axis=-1, kind="stable")  # stable: equal scores keep index order
    chosen = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(chosen, order[..., :topk], True, axis=-1)
    return chosen & np.isfinite(scores)


def topk_attention_forward(q, k, v, topk: int, mask=None):
    """Softmax attention restricted to each row's ``topk`` largest scores (exactly topk non-zeros when at
    least topk keys are allowed)."""
    q, k, v = _check_qkv(q, k, v)
    topk = validate.integer("topk", topk, 1)
    if topk > k.shape[-2]:
        raise ValueError(f"topk must be ≤ the number of keys {k.shape[-2]}, got {topk}")
    m = _check_mask(mask, q.shape[-2], k.shape[-2])
    s = _scores(q, k)
    if m is not None:
        s = np.where(m, s, -np.inf)
    keep = topk_mask(s, topk)
    p = masked_softmax(s, keep)
    return p @ v, AttentionCache(q, k, v, p, 1.0 / np.sqrt(q.shape[-1]))


def topk_attention(q, k, v, topk: int, mask=None) -> np.ndarray:
    return topk_attention_forward(q, k, v, topk, mask)[0]


#: top-k attention is softmax attention on a fixed (piecewise-constant) support: same backward.
topk_attention_backward = softmax_attention_backward


def window_offsets(radius: int, causal: bool) -> np.ndarray:
    return np.arange(-radius, 1) if causal else np.arange(-radius, radius + 1)


def window_nnz(n: int, radius: int, causal: bool) -> int:
    """Number of visible (query, key) pairs, counted from the band (validity of i + offset)."""
    idx = np.arange(n)[:, None] + window_offsets(radius, causal)[None, :]
    return int(np.count_nonzero((idx >= 0) & (idx < n)))


def sliding_window_attention_forward(q, k, v, radius: int, causal: bool = True):
    """Banded softmax attention: scores live in an (..., n, w) band, w = 2r+1 (r+1 causal)."""
    q, k, v = _check_qkv(q, k, v)
    radius = validate.integer("radius", radius, 0)
    n = q.shape[-2]
    if k.shape[-2] != n:
        raise ValueError(f"sliding-window attention needs as many keys as queries, got {k.shape[-2]} and {n}")
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
    s = np.einsum("...nd,...ndw->...nw", q, kb) / np.sqrt(q.shape[-1])
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
    scale = 1.0 / np.sqrt(q.shape[-1])
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
    dq = np.zeros(lead + q.shape[-2:])
    dk = np.zeros(lead + k.shape[-2:])
    dv = np.zeros(lead + v.shape[-2:])
    for c, o in enumerate(offs):
        lo, hi = max(0, -o), min(n, n - o)
        if hi <= lo:
            continue
        dq[..., lo:hi, :] += ds[..., lo:hi, c, None] * kf[..., lo + o:hi + o, :]
        dk[..., lo + o:hi + o, :] += ds[..., lo:hi, c, None] * qf[..., lo:hi, :]
        dv[..., lo + o:hi + o, :] += p[..., lo:hi, c, None] * dout[..., lo:hi, :]
    return _unbroadcast(dq, q.shape), _unbroadcast(dk, k.shape), _unbroadcast(dv, v.shape)


def block_sparse_mask(n_blocks: int, window: int, n_global: int, n_random: int, rng: np.random.Generator,
                      causal: bool = False) -> np.ndarray:
    """BigBird block pattern (n_blocks, n_blocks): |i − j| ≤ window, the first n_global blocks as global rows
    and columns, and n_random random blocks per row (seeded); causal keeps j ≤ i."""
    n_blocks = validate.integer("n_blocks", n_blocks, 1)
    window = validate.integer("window", window, 0)
    n_global = validate.integer("n_global", n_global, 0, n_blocks)
    n_random = validate.integer("n_random", n_random, 0, n_blocks)
    rng = validate.generator("rng", rng)
    i, j = np.indices((n_blocks, n_blocks))
    mask = np.abs(i - j) <= window
    mask[:n_global, :] = True
    mask[:, :n_global] = True
    for row in range(n_blocks):
        mask[row, rng.choice(n_blocks, size=n_random, replace=False)] = True
    if causal:
        mask &= j <= i
    return mask


def block_sparse_attention(q, k, v, block: int, block_mask) -> np.ndarray:
    """Softmax attention on the active (block × block) tiles only: each query block attends to the keys of
    its active key blocks (gathered), so work and memory are O(nnz) instead of O(n²)."""
    q, k, v = _check_qkv(q, k, v)
    block = validate.integer("block", block, 1)
    n = q.shape[-2]
    if n % block or k.shape[-2] != n:
        raise ValueError(f"block must divide n = {n} and k must have n keys; got block {block}, keys {k.shape[-2]}")
    nb = n // block
    bm = np.asarray(block_mask, dtype=bool)
    if bm.shape != (nb, nb):
        raise ValueError(f"block_mask must have shape ({nb}, {nb}), got {bm.shape}")
    out = np.zeros(np.broadcast_shapes(q.shape[:-2], v.shape[:-2]) + (n, v.shape[-1]))
    for qb in range(nb):
        cols = np.flatnonzero(bm[qb])
        if cols.size == 0:
            continue
        keys = (cols[:, None] * block + np.arange(block)[None, :]).ravel()
        rows = slice(qb * block, (qb + 1) * block)
        s = _scores(q[..., rows, :], k[..., keys, :])
        out[..., rows, :] = masked_softmax(s, None) @ v[..., keys, :]
    return out


def block_sparse_nnz(block: int, block_mask) -> int:
    return int(np.count_nonzero(block_mask)) * block * block
