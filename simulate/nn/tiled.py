"""The fast engine behind dense softmax attention: (head, query-block) tiles, in place, over threads.

For each head h and each block of ``BLOCK`` query rows the kernel forms the score tile S = (q/√d) Kᵀ in one
reused buffer (or straight into the rows of P when the backward pass needs P), masks it, subtracts the row
maxima, exponentiates in place, multiplies by V and divides the (block, d_v) output — never the (block, n_k)
tile — by the row sums.  Every pass writes into memory it already owns: no fresh n² array per elementwise step.
With a causal mask a block of queries reads only the keys up to its last row, so the tiles above the diagonal are
never formed (half the work at n_q = n_k).  Heads × blocks are split over threads (:mod:`seqtheory.simulate.threads`).

The straightforward batched kernel in :mod:`seqtheory.simulate.nn.attention` is this kernel's reference (and
the path for small sequences, where per-tile Python overhead would dominate); tests compare them over the float
range, float32 and float64, masked and causal.

Shapes: q (H, n_q, d), k (H, n_k, d), v (H, n_k, d_v), the leading axes already flattened to H; the optional
``drop`` mask (H or 1, n_q, n_k) is True where a key is *not* attended.  Query i sees keys j ≤ i + (n_k − n_q)
under ``causal`` (the queries are the last n_q positions).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import threads

#: Query rows per tile: a (256, n_k) float64 tile at n_k = 4096 is 8 MiB, the products stay BLAS-sized.
BLOCK = 256


def flush_below(dtype: np.dtype) -> float:
    """Shifted logits below this are flushed to probability 0 rather than left to produce subnormal
    probabilities (which slow every later product by orders of magnitude): ln(smallest normal) + 8."""
    return float(np.log(np.finfo(dtype).tiny)) + 8.0


def future(i0: int, i1: int, lo: int, hi: int, offset: int) -> np.ndarray:
    """(i1 − i0, hi − lo) booleans: key j (in [lo, hi)) lies in the future of query i (in [i0, i1))."""
    return np.arange(lo, hi)[None, :] > np.arange(i0 + offset, i1 + offset)[:, None]


def key_limit(i1: int, n_k: int, causal: bool, offset: int) -> int:
    """Keys a block of queries ending at row i1 may read (all of them unless causal)."""
    return n_k if not causal else max(0, min(n_k, i1 + offset))


def forward(q: np.ndarray, k: np.ndarray, v: np.ndarray, scale, drop: np.ndarray | None, causal: bool,
            want_p: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """Softmax attention out (H, n_q, d_v) and, if ``want_p``, the probabilities P (H, n_q, n_k)."""
    H, n_q, _ = q.shape
    n_k = k.shape[1]
    dtype = q.dtype
    offset = n_k - n_q
    flush = flush_below(dtype)
    qs = q * scale  # (H, n_q, d): the scale applied to n·d numbers, not n²
    out = np.empty((H, n_q, v.shape[-1]), dtype=dtype)
    p = np.zeros((H, n_q, n_k), dtype=dtype) if want_p else None
    tiles = [(h, i0) for h in range(H) for i0 in range(0, n_q, BLOCK)]

    def work(chunk) -> None:
        buf = None if want_p else np.empty((min(BLOCK, n_q), n_k), dtype=dtype)
        for h, i0 in chunk:
            i1 = min(i0 + BLOCK, n_q)
            kmax = key_limit(i1, n_k, causal, offset)
            if kmax == 0:  # every query of the block precedes every key: fully masked rows
                out[h, i0:i1] = 0
                continue
            s = p[h, i0:i1, :kmax] if want_p else buf[: i1 - i0, :kmax]  # (b, kmax) score tile
            np.matmul(qs[h, i0:i1], k[h, :kmax].T, out=s)
            low = s.min()
            lo = max(i0 + offset + 1, 0)
            if causal and lo < kmax:  # the diagonal strip of the tile
                s[:, lo:kmax][future(i0, i1, lo, kmax, offset)] = -np.inf
            if drop is not None:
                np.copyto(s, -np.inf, where=drop[h if drop.shape[0] > 1 else 0, i0:i1, :kmax])
            top = s.max(axis=1, keepdims=True)  # (b, 1)
            empty = ~np.isfinite(top)
            top[empty] = 0  # fully masked row: any finite shift, every entry is −inf
            s -= top
            if low - top.max() < flush:  # some entry might underflow to a subnormal: flush the tile
                s[s < flush] = -np.inf
            np.exp(s, out=s)
            den = s.sum(axis=1, keepdims=True)  # (b, 1)
            den[empty] = 1  # its row of s is all 0: output 0, probabilities 0
            rows = out[h, i0:i1]
            np.matmul(s, v[h, :kmax], out=rows)
            rows /= den
            if want_p:
                s /= den

    threads.split(work, tiles)
    return out, p


def backward(dout: np.ndarray, p: np.ndarray, q: np.ndarray, k: np.ndarray, v: np.ndarray, scale,
             causal: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """VJP of :func:`forward` per head: dV = Pᵀ dO, dS = P ⊙ (dO Vᵀ − rowsum(P ⊙ dO Vᵀ)), dQ = dS K·s,
    dK = dSᵀ Q·s, tile by tile (one head per task, so dK and dV accumulate without races); causal tiles read
    only the keys up to their last query."""
    H, n_q, _ = q.shape
    n_k = k.shape[1]
    offset = n_k - n_q
    dq = np.empty_like(q)
    dk = np.zeros_like(k)
    dv = np.zeros_like(v)

    def work(heads) -> None:
        buf = np.empty((min(BLOCK, n_q), n_k), dtype=q.dtype)
        for h in heads:
            for i0 in range(0, n_q, BLOCK):
                i1 = min(i0 + BLOCK, n_q)
                kmax = key_limit(i1, n_k, causal, offset)
                if kmax == 0:
                    dq[h, i0:i1] = 0
                    continue
                pt = p[h, i0:i1, :kmax]  # (b, kmax)
                dv[h, :kmax] += pt.T @ dout[h, i0:i1]
                ds = buf[: i1 - i0, :kmax]
                np.matmul(dout[h, i0:i1], v[h, :kmax].T, out=ds)  # dP tile
                ds -= np.einsum("ij,ij->i", pt, ds)[:, None]
                ds *= pt
                np.matmul(ds, k[h, :kmax], out=dq[h, i0:i1])
                dk[h, :kmax] += ds.T @ q[h, i0:i1]
            dq[h] *= scale
            dk[h] *= scale

    threads.split(work, list(range(H)))
    return dq, dk, dv
