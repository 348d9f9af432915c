"""The fast engine behind dense softmax attention: (head, query-block) tiles, in place, over threads.

For each head h and each block of ``BLOCK`` query rows the kernel forms the score tile S = (q/√d) Kᵀ in one reused
buffer, masks it, subtracts the row maxima, exponentiates in place, multiplies by V and divides the (block, d_v)
output — never the (block, n_k) tile — by the row sums. It keeps each row's log-normaliser, and the probabilities
for a backward pass only while they fit ``KEEP_P_BYTES``: beyond, the backward rebuilds each tile of P from the log-
normalisers (as flash attention does), so training at n = 8192 holds no (H, n, n) array. Every pass writes into
memory it already owns: no fresh n² array per elementwise step. With a causal mask a block of queries reads only the
keys up to its last row, so the tiles above the diagonal are never formed (half the work at n_q = n_k). Heads ×
blocks are split over threads (:mod:`seqtheory.simulate.threads`).

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
#: The forward keeps P for the backward while P takes at most this many bytes (reading a tile is cheaper than
#: rebuilding it: 5–20 % of fwd+bwd at n = 1024–2048, 8 heads); beyond it the backward rebuilds each tile from
#: the row log-normalisers, so memory stays O(n) per head (8 heads at n = 8192 would keep 2 GiB in float32).
KEEP_P_BYTES = 256 * 2**20


def keeps_p(heads: int, n_q: int, n_k: int, dtype: np.dtype) -> bool:
    """Whether :func:`forward` keeps P for a backward pass at this size (:data:`KEEP_P_BYTES`)."""
    return float(heads) * n_q * n_k * np.dtype(dtype).itemsize <= KEEP_P_BYTES


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


def _check(q: np.ndarray, k: np.ndarray, v: np.ndarray | None, drop: np.ndarray | None, causal: bool,
           **rows: np.ndarray) -> None:
    """The engine's calling convention (module docstring), checked where it is entered: float arrays of one dtype,
    q (H, n_q, d), k (H, n_k, d), v (H, n_k, d_v), drop (H or 1, n_q, n_k) booleans, a boolean ``causal``, and
    ``rows`` (dout, out (H, n_q, d_v); lse (H, n_q); p (H, n_q, n_k)) of the shapes the forward gave.  The public
    kernels in :mod:`.attention` validate user input; this guards direct callers against a silent wrong answer."""
    if not isinstance(causal, bool | np.bool_):
        raise TypeError(f"causal must be a bool, got {type(causal).__name__}")
    arrays = {"q": q, "k": k, **({} if v is None else {"v": v}), **rows}
    for name, x in arrays.items():
        if not isinstance(x, np.ndarray) or x.dtype not in (np.float32, np.float64):
            raise TypeError(f"{name} must be a float32 or float64 array, got {getattr(x, 'dtype', type(x).__name__)}")
    if len({x.dtype for x in arrays.values()}) > 1:
        raise TypeError("q, k, v and the cached rows must share one dtype, got "
                        f"{[str(x.dtype) for x in arrays.values()]}")
    if q.ndim != 3 or k.ndim != 3 or k.shape[0] != q.shape[0] or k.shape[2] != q.shape[2]:
        raise ValueError(f"q must be (H, n_q, d) and k (H, n_k, d), got {q.shape} and {k.shape}")
    H, n_q = q.shape[:2]
    n_k = k.shape[1]
    if v is not None and (v.ndim != 3 or v.shape[:2] != (H, n_k)):
        raise ValueError(f"v must be (H, n_k, d_v) = ({H}, {n_k}, d_v), got {v.shape}")
    if drop is not None and (not isinstance(drop, np.ndarray) or drop.dtype != bool or drop.ndim != 3
                             or drop.shape[0] not in (1, H) or drop.shape[1:] != (n_q, n_k)):
        raise ValueError(f"drop must be a boolean (H or 1, n_q, n_k) = ({H} or 1, {n_q}, {n_k}) array, got "
                         f"{getattr(drop, 'dtype', type(drop).__name__)} {getattr(drop, 'shape', '')}")
    want = {"lse": (H, n_q), "dout": (H, n_q, None), "out": (H, n_q, None), "p": (H, n_q, n_k)}
    for name, x in rows.items():
        shape = want[name]
        if x.ndim != len(shape) or any(w is not None and w != got for w, got in zip(shape, x.shape, strict=True)):
            raise ValueError(f"{name} must be {tuple('d_v' if w is None else w for w in shape)}, got {x.shape}")
    if "dout" in rows and "out" in rows and rows["dout"].shape != rows["out"].shape:
        raise ValueError(f"dout must have out's shape {rows['out'].shape}, got {rows['dout'].shape}")


def _score_tile(s: np.ndarray, qs: np.ndarray, k: np.ndarray, i0: int, i1: int, causal: bool, offset: int,
                drop: np.ndarray | None) -> None:
    """Fill ``s`` (i1 − i0, kmax) with the scaled scores of queries [i0, i1) of one head against its first kmax
    keys, −∞ where the key is masked: in the future (``causal``) or dropped (``drop``: this head's (n_q, n_k)
    rows).  ``qs`` (n_q, d) are the queries already multiplied by the scale, ``k`` (n_k, d) the keys."""
    kmax = s.shape[1]
    np.matmul(qs[i0:i1], k[:kmax].T, out=s)
    lo = max(i0 + offset + 1, 0)
    if causal and lo < kmax:  # the diagonal strip of the tile
        s[:, lo:kmax][future(i0, i1, lo, kmax, offset)] = -np.inf
    if drop is not None:
        np.copyto(s, -np.inf, where=drop[i0:i1, :kmax])


def _drop_rows(drop: np.ndarray | None, h: int) -> np.ndarray | None:
    return None if drop is None else drop[h if drop.shape[0] > 1 else 0]


def forward(q: np.ndarray, k: np.ndarray, v: np.ndarray, scale, drop: np.ndarray | None, causal: bool,
            keep_p: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Softmax attention out (H, n_q, d_v), each row's log-normaliser lse (H, n_q) — log Σ_j e^{s_ij} over the
    row's visible keys, +∞ for a row with none — from which :func:`probabilities` and :func:`backward` rebuild P
    tile by tile, and, if ``keep_p``, P itself (H, n_q, n_k) (else None)."""
    _check(q, k, v, drop, causal)
    H, n_q, _ = q.shape
    n_k = k.shape[1]
    dtype = q.dtype
    offset = n_k - n_q
    flush = flush_below(dtype)
    qs = q * scale  # (H, n_q, d): the scale applied to n·d numbers, not n²
    out = np.empty((H, n_q, v.shape[-1]), dtype=dtype)
    lse = np.empty((H, n_q), dtype=dtype)
    p = np.zeros((H, n_q, n_k), dtype=dtype) if keep_p else None
    tiles = [(h, i0) for h in range(H) for i0 in range(0, n_q, BLOCK)]

    def work(chunk) -> None:
        buf = None if keep_p else np.empty((min(BLOCK, n_q), n_k), dtype=dtype)
        for h, i0 in chunk:
            i1 = min(i0 + BLOCK, n_q)
            kmax = key_limit(i1, n_k, causal, offset)
            if kmax == 0:  # every query of the block precedes every key: fully masked rows
                out[h, i0:i1] = 0
                lse[h, i0:i1] = np.inf
                continue
            s = p[h, i0:i1, :kmax] if keep_p else buf[: i1 - i0, :kmax]  # (b, kmax) score tile
            _score_tile(s, qs[h], k[h], i0, i1, causal, offset, _drop_rows(drop, h))
            low = s.min()
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
            lse[h, i0:i1] = np.where(empty, np.inf, top + np.log(den))[:, 0]
            if keep_p:
                s /= den

    threads.split(work, tiles)
    return out, lse, p


def _probability_tile(s: np.ndarray, qs: np.ndarray, k: np.ndarray, lse: np.ndarray, i0: int, i1: int,
                      causal: bool, offset: int, drop: np.ndarray | None, flush: float) -> None:
    """Overwrite ``s`` (i1 − i0, kmax) with the tile of P: e^{s_ij − lse_i}, 0 where masked, below the forward's
    subnormal flush, or in a row with no visible key (lse = +∞)."""
    _score_tile(s, qs, k, i0, i1, causal, offset, drop)
    s -= lse[i0:i1, None]  # ≤ 0 up to rounding; −∞ where masked and in a row with no visible key (−∞ − ∞)
    if s.min() < flush:  # some entry might underflow to a subnormal: flush the tile, as the forward does
        s[s < flush] = -np.inf
    np.exp(s, out=s)


def probabilities(q: np.ndarray, k: np.ndarray, scale, drop: np.ndarray | None, causal: bool,
                  lse: np.ndarray) -> np.ndarray:
    """The attention probabilities P (H, n_q, n_k) of :func:`forward`, rebuilt from its ``lse`` (for probes that
    read P; training never forms them)."""
    _check(q, k, None, drop, causal, lse=lse)
    H, n_q, _ = q.shape
    n_k = k.shape[1]
    offset = n_k - n_q
    flush = flush_below(q.dtype)
    qs = q * scale  # (H, n_q, d)
    p = np.zeros((H, n_q, n_k), dtype=q.dtype)

    def work(chunk) -> None:
        for h, i0 in chunk:
            i1 = min(i0 + BLOCK, n_q)
            kmax = key_limit(i1, n_k, causal, offset)
            if kmax:
                _probability_tile(p[h, i0:i1, :kmax], qs[h], k[h], lse[h], i0, i1, causal, offset,
                                  _drop_rows(drop, h), flush)

    threads.split(work, [(h, i0) for h in range(H) for i0 in range(0, n_q, BLOCK)])
    return p


def backward(dout: np.ndarray, out: np.ndarray, lse: np.ndarray, q: np.ndarray, k: np.ndarray, v: np.ndarray,
             scale, drop: np.ndarray | None, causal: bool,
             p: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """VJP of :func:`forward` per head: dV = Pᵀ dO, dS = P ⊙ (dO Vᵀ − δ) with δ_i = dO_i·O_i (= Σ_j P_ij
    (dO Vᵀ)_ij), dQ = dS K·s, dK = dSᵀ Q·s — each tile of P read from ``p`` when the forward kept it, else rebuilt
    from ``lse`` (as flash attention does).  One head per task, so dK and dV accumulate without races; causal
    tiles read only the keys up to their last query."""
    _check(q, k, v, drop, causal, dout=dout, out=out, lse=lse, **({} if p is None else {"p": p}))
    H, n_q, _ = q.shape
    n_k = k.shape[1]
    offset = n_k - n_q
    flush = flush_below(q.dtype)
    qs = q * scale  # (H, n_q, d)
    delta = np.einsum("hid,hid->hi", dout, out)  # (H, n_q)
    dq = np.empty_like(q)
    dk = np.zeros_like(k)
    dv = np.zeros_like(v)

    def work(heads) -> None:
        pbuf = None if p is not None else np.empty((min(BLOCK, n_q), n_k), dtype=q.dtype)
        dbuf = np.empty((min(BLOCK, n_q), n_k), dtype=q.dtype)
        for h in heads:
            rows = _drop_rows(drop, h)
            for i0 in range(0, n_q, BLOCK):
                i1 = min(i0 + BLOCK, n_q)
                kmax = key_limit(i1, n_k, causal, offset)
                if kmax == 0:
                    dq[h, i0:i1] = 0
                    continue
                if p is not None:
                    pt = p[h, i0:i1, :kmax]  # (b, kmax) tile of P
                else:
                    pt = pbuf[: i1 - i0, :kmax]
                    _probability_tile(pt, qs[h], k[h], lse[h], i0, i1, causal, offset, rows, flush)
                dv[h, :kmax] += pt.T @ dout[h, i0:i1]
                ds = dbuf[: i1 - i0, :kmax]
                np.matmul(dout[h, i0:i1], v[h, :kmax].T, out=ds)  # dP tile
                ds -= delta[h, i0:i1, None]
                ds *= pt
                np.matmul(ds, k[h, :kmax], out=dq[h, i0:i1])
                dk[h, :kmax] += ds.T @ q[h, i0:i1]
            dq[h] *= scale
            dk[h] *= scale

    threads.split(work, list(range(H)))
    return dq, dk, dv
