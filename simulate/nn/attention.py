"""Scaled dot-product attention: softmax (masked, fully-masked rows defined), linear, and their backward.

Conventions (docs/attention_sparsemax_dual.md): ``softmax(QKᵀ/√d + mask) V`` with masks as −∞, never a finite −1e10.
A boolean mask has True = attend. A fully masked row has no distribution to normalise: its output is defined as 0
and its gradient as 0. Rows are stabilised by subtracting the row maximum over allowed entries; when q and k are so
large that the scores themselves could overflow, the scores are formed from rescaled q and k and the scale is
applied in log space (:func:`scores_may_overflow`), so every finite q, k gives a finite result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seqtheory.simulate import threads, validate
from seqtheory.simulate.nn import tiled


def check_qkv(q, k, v) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    q = validate.array("q", q, ndim_min=2, keep_float32=True)
    k = validate.array("k", k, ndim_min=2, keep_float32=True)
    v = validate.array("v", v, ndim_min=2, keep_float32=True)
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q and k must share the last (feature) axis, got q {q.shape} and k {k.shape}")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"k and v must have the same number of keys, got k {k.shape} and v {v.shape}")
    try:
        np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except ValueError:
        raise ValueError(f"leading (batch/head) axes of q {q.shape}, k {k.shape}, v {v.shape} do not "
                         "broadcast") from None
    return q, k, v


def check_mask(mask, n_q: int, n_k: int) -> np.ndarray | None:
    if mask is None:
        return None
    m = np.asarray(mask)
    if m.dtype != bool:
        raise ValueError(f"mask must be boolean (True = attend), got dtype {m.dtype}")
    if m.shape[-2:] != (n_q, n_k):
        raise ValueError(f"mask must end in shape ({n_q}, {n_k}), got {m.shape}")
    return m


def causal_mask(n_q: int, n_k: int | None = None) -> np.ndarray:
    """True where key j ≤ query i + (n_k − n_q) (the queries are the last n_q positions)."""
    n_q = validate.integer("n_q", n_q, 0)
    n_k = n_q if n_k is None else validate.integer("n_k", n_k, 0)
    validate.budget(f"causal_mask(n_q={n_q}, n_k={n_k})", n_q * n_k / 8)  # one byte per entry
    return np.tri(n_q, n_k, k=n_k - n_q, dtype=bool)


def masked_softmax(scores: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """Row softmax over allowed entries; masked entries exactly 0; fully masked rows all 0.  One fresh array,
    every later pass in place; the dtype of ``scores`` is kept."""
    s = np.where(mask, scores, -np.inf) if mask is not None else np.array(scores, copy=True)  # (..., n_q, n_k)
    if s.size == 0:
        return s
    top = np.max(s, axis=-1, keepdims=True)
    empty = ~np.isfinite(top)
    top[empty] = 0  # fully masked row: any finite shift
    s -= top
    flush = tiled.flush_below(s.dtype)
    if np.min(scores) - np.max(top) < flush:  # some logit may underflow to a subnormal probability
        s[s < flush] = -np.inf
    np.exp(s, out=s)  # exp(−inf) = 0 exactly
    denom = np.sum(s, axis=-1, keepdims=True)
    denom[denom == 0] = 1  # fully masked rows: all 0 / 1
    s /= denom
    return s


#: Score tiles with at least this many entries per head go to the tiled, threaded engine
#: (:mod:`seqtheory.simulate.nn.tiled`); smaller ones are computed batched over all heads at once.
TILED_MIN_SCORES = 128 * 128


def softmax_attention(q, k, v, mask=None, causal: bool = False) -> np.ndarray:
    """softmax(QKᵀ/√d, masked) V.  q (..., n_q, d), k (..., n_k, d), v (..., n_k, d_v) → (..., n_q, d_v).

    ``mask`` (boolean, True = attend, broadcast over the leading axes) and ``causal`` (key j visible to query i
    iff j ≤ i + n_k − n_q) may be combined.  float32 inputs are computed and returned in float32."""
    out, _ = _forward(q, k, v, mask, causal, want_cache=False)
    return out


@dataclass(frozen=True)
class AttentionCache:
    """What the backward pass needs: inputs, the scale, whether the mask was causal (the backward then skips the
    tiles above the diagonal), and either the probabilities P (the batched kernels) or — from the tiled engine —
    the output and each row's log-normaliser, from which P is rebuilt tile by tile (:mod:`.tiled`; ``drop``, the
    flattened inverted mask, and ``lead``, the broadcast leading shape, go with them)."""

    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    p: np.ndarray | None
    scale: float
    causal: bool = False
    out: np.ndarray | None = None  # (H, n_q, d_v), tiled only
    lse: np.ndarray | None = None  # (H, n_q), tiled only
    drop: np.ndarray | None = None  # (H or 1, n_q, n_k) bool, tiled only
    lead: tuple[int, ...] = ()
    flat_p: np.ndarray | None = None  # (H, n_q, n_k), tiled only, while it fits tiled.KEEP_P_BYTES

    def probabilities(self) -> np.ndarray:
        """P (…, n_q, n_k): stored, or rebuilt from the tiled engine's log-normalisers."""
        if self.p is not None:
            return self.p
        if self.flat_p is not None:
            return self.flat_p.reshape(self.lead + self.flat_p.shape[-2:])
        q, k = _flat(self.q, self.lead), _flat(self.k, self.lead)
        p = tiled.probabilities(q, k, self.scale, self.drop, self.causal, self.lse)
        return p.reshape(self.lead + p.shape[-2:])


def _flat(x: np.ndarray, lead: tuple[int, ...]) -> np.ndarray:
    """``x`` broadcast to the leading shape ``lead`` and flattened to (H, …, …)."""
    return np.broadcast_to(x, lead + x.shape[-2:]).reshape((-1,) + x.shape[-2:])


def softmax_attention_forward(q, k, v, mask=None, causal: bool = False) -> tuple[np.ndarray, AttentionCache]:
    """:func:`softmax_attention` and the cache for :func:`softmax_attention_backward`."""
    return _forward(q, k, v, mask, causal, want_cache=True)


def _forward(q, k, v, mask, causal, want_cache: bool):
    q, k, v = check_qkv(q, k, v)
    causal = validate.boolean("causal", causal)
    n_q, n_k = q.shape[-2], k.shape[-2]
    m = check_mask(mask, n_q, n_k)
    overflow = scores_may_overflow(q, k)
    path = "scores" if overflow or n_q * n_k < TILED_MIN_SCORES else "tiled"
    keep = budget_forward(q, k, v, path, masked=m is not None, want_cache=want_cache)
    dtype = np.result_type(q, k, v)
    q, k, v = (x.astype(dtype, copy=False) for x in (q, k, v))
    scale = dtype.type(1.0 / np.sqrt(q.shape[-1]))
    lead = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2], () if m is None else m.shape[:-2])
    if overflow:  # scores too large to form: the scaled-space kernel
        a, b = np.max(np.abs(q)), np.max(np.abs(k))
        p = softmax_of_scaled_scores((q / a) @ np.swapaxes(k / b, -1, -2) * scale, np.log(a) + np.log(b),
                                     _combined_mask(m, causal, n_q, n_k)).astype(dtype, copy=False)
        out = p @ v
    elif n_q * n_k >= TILED_MIN_SCORES:
        drop = None if m is None else ~_flat(m, lead)  # (H, n_q, n_k): True where a key is not attended
        flat_out, lse, p = tiled.forward(_flat(q, lead), _flat(k, lead), _flat(v, lead), scale, drop, causal, keep)
        out = flat_out.reshape(lead + flat_out.shape[-2:])
        if not want_cache:
            return out, None
        return out, AttentionCache(q, k, v, None, scale, causal, flat_out, lse, drop, lead, p)
    else:
        p = masked_softmax((q * scale) @ np.swapaxes(k, -1, -2), _combined_mask(m, causal, n_q, n_k))
        out = p @ v  # (..., n_q, d_v)
    return out, (AttentionCache(q, k, v, p, scale, causal) if want_cache else None)


def _combined_mask(mask: np.ndarray | None, causal: bool, n_q: int, n_k: int) -> np.ndarray | None:
    if not causal:
        return mask
    tri = causal_mask(n_q, n_k)
    return tri if mask is None else mask & tri


def budget_scores(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> None:
    """Fail fast when the (…, n_q, n_k) score arrays (three of them alive at once) would exceed the memory budget."""
    lead = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    validate.budget("attention scores (…, n_q, n_k)", 3 * np.prod(lead, dtype=float) * q.shape[-2] * k.shape[-2])


def budget_forward(q: np.ndarray, k: np.ndarray, v: np.ndarray, path: str, masked: bool,
                   want_cache: bool = False) -> bool:
    """Fail fast when the forward path about to run would exceed the memory budget, priced as that path allocates.
    ``"scores"`` (the batched reference, the scaled-score kernel): three (…, n_q, n_k) arrays.  ``"tiled"``
    (:mod:`~seqtheory.simulate.nn.tiled`): two (BLOCK, n_k) buffers per thread (the backward's), the scaled
    queries, the output and the row log-normalisers, a mask's inverted copy (one byte per score), and the
    probabilities only when a backward pass will read them, they fit ``tiled.KEEP_P_BYTES`` and the budget still
    holds with them (else the backward rebuilds them).  So (8 heads, n = 8192, d = 64) needs ≈ 0.1 GiB, for
    inference and for training.  Returns whether the tiled forward keeps P."""
    lead = float(np.prod(np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2]), dtype=float))
    n_q, n_k, d, d_v = q.shape[-2], k.shape[-2], q.shape[-1], v.shape[-1]
    if path == "scores":
        validate.budget("attention scores (…, n_q, n_k)", 3 * lead * n_q * n_k)
        return False
    elements = (2 * threads.blas_threads() * min(tiled.BLOCK, n_q) * n_k + lead * n_q * (d + d_v + 1)
                + (lead * n_q * n_k / 8 if masked else 0.0))
    validate.budget("tiled attention (per-thread tiles, output, row log-normalisers)", elements)
    return bool(want_cache and tiled.keeps_p(int(lead), n_q, n_k, np.result_type(q, k, v))
                and (elements + lead * n_q * n_k) * 8 <= validate.memory_budget())


def scores_may_overflow(q: np.ndarray, k: np.ndarray) -> bool:
    """True when |qᵀk|/√d could overflow the dtype: |qᵢ·kⱼ|/√d ≤ √d·max|q|·max|k| (Cauchy–Schwarz)."""
    amax, bmax = float(np.max(np.abs(q))), float(np.max(np.abs(k)))
    if amax == 0.0 or bmax == 0.0:
        return False
    limit = np.log(np.finfo(np.result_type(q, k)).max) - 8.0
    return bool(np.log(amax) + np.log(bmax) + 0.5 * np.log(q.shape[-1]) > limit)


def softmax_of_scaled_scores(s_hat: np.ndarray, log_c: float, mask: np.ndarray | None) -> np.ndarray:
    """Row softmax of c·ŝ for a scale c = e^{log_c} too large to multiply in (scores that would overflow):
    ŝ are scores formed from rescaled q and k (q/max|q|, k/max|k|, so |ŝ| ≤ √d).  The shifted logits
    c·(ŝ − max ŝ) ≤ 0 are computed as −exp(log_c + ln(max ŝ − ŝ)), finite or −∞ (probability 0), never NaN; masked
    entries get 0 and fully masked rows all 0, as in :func:`masked_softmax`."""
    s = s_hat if mask is None else np.where(mask, s_hat, -np.inf)
    top = np.max(s, axis=-1, keepdims=True)
    gap = np.full(s.shape, np.inf, dtype=s.dtype)  # ≥ 0; +inf for masked entries and fully masked rows
    np.subtract(np.broadcast_to(top, s.shape), s, out=gap, where=np.isfinite(s))  # no −inf − (−inf)
    with np.errstate(divide="ignore", over="ignore"):
        logits = -np.exp(log_c + np.log(gap))  # gap 0 → −0, gap ∞ → −∞
    logits[logits < tiled.flush_below(logits.dtype)] = -np.inf
    e = np.exp(logits)
    denom = np.sum(e, axis=-1, keepdims=True)
    return np.divide(e, denom, out=np.zeros_like(e), where=denom > 0)


def softmax_attention_backward(dout, cache: AttentionCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """VJP: dV = Pᵀ dO, dS = P ⊙ (dO Vᵀ − rowsum(P ⊙ dO Vᵀ)), dQ = dS K/√d, dK = dSᵀ Q/√d."""
    p, q, k, v, scale = cache.p, cache.q, cache.k, cache.v, cache.scale
    if cache.lse is not None:  # the tiled engine: P read, or rebuilt tile by tile from the row log-normalisers
        lead = cache.lead
        dout = _flat(np.asarray(dout, dtype=cache.out.dtype), lead)
        grads = tiled.backward(dout, cache.out, cache.lse, _flat(q, lead), _flat(k, lead), _flat(v, lead), scale,
                               cache.drop, cache.causal, cache.flat_p)
        dq, dk, dv = (g.reshape(lead + g.shape[-2:]) for g in grads)
    else:
        dout = np.asarray(dout, dtype=p.dtype)
        dv = np.swapaxes(p, -1, -2) @ dout
        ds = dout @ np.swapaxes(v, -1, -2)  # dP (..., n_q, n_k), then dS in place
        ds -= np.sum(p * ds, axis=-1, keepdims=True)
        ds *= p
        dq = (ds @ k) * scale
        dk = (np.swapaxes(ds, -1, -2) @ q) * scale
    return unbroadcast(dq, q.shape), unbroadcast(dk, k.shape), unbroadcast(dv, v.shape)


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum a gradient over axes that were broadcast in the forward pass."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def softmax_attention_reference(q, k, v, mask=None) -> np.ndarray:
    """Loop reference for one head: q (n_q, d), k (n_k, d), v (n_k, d_v)."""
    q, k, v = check_qkv(q, k, v)
    m = check_mask(mask, q.shape[0], k.shape[0])
    n_q, d = q.shape
    out = np.zeros((n_q, v.shape[1]))
    for i in range(n_q):
        allowed = [j for j in range(k.shape[0]) if m is None or m[i, j]]
        if not allowed:
            continue
        logits = [sum(q[i, t] * k[j, t] for t in range(d)) / np.sqrt(d) for j in allowed]
        top = max(logits)
        weights = [np.exp(x - top) for x in logits]
        total = sum(weights)
        for w_, j in zip(weights, allowed, strict=True):
            out[i] += (w_ / total) * v[j]
    return out


def softmax_attention_blocked(q, k, v, causal: bool = False, block: int = 256) -> np.ndarray:
    """Online-softmax attention (flash-attention style): for each leading (batch/head) index and each block of
    ``block`` queries, the keys are read tile by tile and each tile's row max rescales the running sums, so no
    tile is larger than (block, block).  Under ``causal`` a query block stops at its last visible key: the tiles
    above the diagonal are never formed.  An independent second implementation of :func:`softmax_attention`
    (which normalises whole rows at once); float32 inputs stay float32."""
    q, k, v = check_qkv(q, k, v)
    block = validate.integer("block", block, 1)
    causal = validate.boolean("causal", causal)
    n_q, n_k = q.shape[-2], k.shape[-2]
    if scores_may_overflow(q, k):  # scores too large to form: the scaled-space kernel
        return softmax_attention(q, k, v, causal=causal)
    dtype = np.result_type(q, k, v)
    lead = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    qf, kf, vf = (np.broadcast_to(x, lead + x.shape[-2:]).reshape((-1,) + x.shape[-2:]).astype(dtype, copy=False)
                  for x in (q, k, v))
    out = np.zeros((qf.shape[0], n_q, v.shape[-1]), dtype=dtype)
    scale = dtype.type(1.0 / np.sqrt(q.shape[-1]))
    offset = n_k - n_q
    for h in range(qf.shape[0]):
        for i0 in range(0, n_q, block):
            i1 = min(i0 + block, n_q)
            qs = qf[h, i0:i1] * scale  # (b, d)
            run_max = np.full((i1 - i0, 1), -np.inf, dtype=dtype)
            run_sum = np.zeros((i1 - i0, 1), dtype=dtype)
            acc = np.zeros((i1 - i0, v.shape[-1]), dtype=dtype)
            for start in range(0, tiled.key_limit(i1, n_k, causal, offset), block):
                stop = min(start + block, n_k)
                s = qs @ kf[h, start:stop].T  # (b, b) score tile
                if causal and stop - 1 > i0 + offset:
                    s[tiled.future(i0, i1, start, stop, offset)] = -np.inf
                new_max = np.maximum(run_max, s.max(axis=-1, keepdims=True))
                safe = np.where(np.isfinite(new_max), new_max, 0)  # rows with no visible key yet
                s -= safe
                np.exp(s, out=s)
                correction = np.exp(run_max - safe)  # exp(−inf) = 0 before the first visible key
                run_sum = run_sum * correction + s.sum(axis=-1, keepdims=True)
                acc *= correction
                acc += s @ vf[h, start:stop]
                run_max = new_max
            np.divide(acc, run_sum, out=out[h, i0:i1], where=run_sum > 0)
    return out.reshape(lead + (n_q, v.shape[-1]))


def linear_attention(q, k, v, causal: bool = False) -> np.ndarray:
    """Un-normalised linear attention ``(QKᵀ/√d ⊙ M) V`` (the LSA form of docs/notation.md).  Causal: computed by
    prefix sums of k vᵀ in O(n·d·d_v) without forming the n×n matrix."""
    out, _ = linear_attention_forward(q, k, v, causal)
    return out


def linear_attention_forward(q, k, v, causal: bool = False):
    q, k, v = check_qkv(q, k, v)
    causal = validate.boolean("causal", causal)
    scale = 1.0 / np.sqrt(q.shape[-1])
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below, never returned
        if not causal:
            out = (q @ (np.swapaxes(k, -1, -2) @ v)) * scale
        else:
            n_q, n_k = q.shape[-2], k.shape[-2]
            if n_q != n_k:
                raise ValueError(f"causal linear attention needs n_q = n_k, got {n_q} and {n_k}")
            lead = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
            validate.budget("the causal prefix state (…, n, d, d_v)",
                            np.prod(lead, dtype=float) * n_k * k.shape[-1] * v.shape[-1])
            state = np.cumsum(k[..., :, :, None] * v[..., :, None, :], axis=-3)  # (..., n, d, d_v) prefix Σ k vᵀ
            out = np.einsum("...nd,...nde->...ne", q, state) * scale
    if not np.all(np.isfinite(out)):
        raise ValueError("linear attention overflows float64 for these q, k, v (it is not normalised); rescale them")
    return out, (q, k, v, scale, causal)


def linear_attention_backward(dout, cache):
    q, k, v, scale, causal = cache
    if not causal:
        kv = np.swapaxes(k, -1, -2) @ v  # (..., d, d_v)
        dq = dout @ np.swapaxes(kv, -1, -2) * scale
        dkv = np.swapaxes(q, -1, -2) @ dout * scale  # (..., d, d_v)
        return dq, v @ np.swapaxes(dkv, -1, -2), k @ dkv
    state = np.cumsum(k[..., :, :, None] * v[..., :, None, :], axis=-3)
    dq = np.einsum("...ne,...nde->...nd", dout, state) * scale
    # suffix sums of q doutᵀ: G_j = Σ_{i ≥ j} q_i dout_iᵀ
    qd = q[..., :, :, None] * dout[..., :, None, :] * scale  # (..., n, d, d_v)
    suffix = np.flip(np.cumsum(np.flip(qd, axis=-3), axis=-3), axis=-3)
    dk = np.einsum("...nde,...ne->...nd", suffix, v)
    dv = np.einsum("...nde,...nd->...ne", suffix, k)
    return dq, dk, dv


def linear_attention_reference(q, k, v, causal: bool = False) -> np.ndarray:
    q, k, v = check_qkv(q, k, v)
    n_q, d = q.shape
    out = np.zeros((n_q, v.shape[1]))
    for i in range(n_q):
        for j in range(k.shape[0]):
            if causal and j > i:
                continue
            out[i] += sum(q[i, t] * k[j, t] for t in range(d)) / np.sqrt(d) * v[j]
    return out


class KVCache:
    """Keys and values of the positions decoded so far, for incremental causal decoding."""

    def __init__(self):
        self.k: np.ndarray | None = None
        self.v: np.ndarray | None = None

    def append(self, k_new: np.ndarray, v_new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self.k = k_new if self.k is None else np.concatenate([self.k, k_new], axis=-2)
        self.v = v_new if self.v is None else np.concatenate([self.v, v_new], axis=-2)
        return self.k, self.v

    def __len__(self) -> int:
        return 0 if self.k is None else self.k.shape[-2]


def decode_step(q_new, k_new, v_new, cache: KVCache) -> np.ndarray:
    """Attention output for new position(s) given the cache (causal by construction)."""
    k_all, v_all = cache.append(np.asarray(k_new, float), np.asarray(v_new, float))
    return softmax_attention(q_new, k_all, v_all, mask=causal_mask(np.shape(q_new)[-2], k_all.shape[-2]))
