"""Attention kernels side by side, and the cost of dense vs banded attention.

Derivations: docs/attention_sparsemax_dual.md.  Left: attention patterns of dense softmax, sparsemax, top-k, sliding
window and block-sparse (BigBird) attention on one causal input.  Right: time and peak memory (tracemalloc) of dense
masked vs banded sliding-window attention as n grows (log–log), with the exact count of attended pairs.
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatterSciNotation, LogLocator, NullFormatter

from seqtheory.simulate.nn import attention, sparse

NAME = "attention_kernels"
#: Arrays that are measurements (time, memory) rather than seeded data: they vary from run to run.
MEASURED = ("dense_seconds", "dense_bytes", "band_seconds", "band_bytes")
DEFAULTS = {"n": 32, "d": 8, "topk": 4, "radius": 3, "block": 4, "ns": [512, 1024, 2048, 4096], "cost_r": 16}
QUICK = {"n": 16, "d": 4, "topk": 3, "radius": 2, "block": 4, "ns": [64, 128], "cost_r": 4}


def _measure(fn, repeat: int = 3) -> tuple[float, int]:
    """Best-of-``repeat`` wall time and the peak traced allocation of one call."""
    seconds = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        seconds = min(seconds, time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak


def compute(params: dict, seed: int) -> dict[str, np.ndarray]:
    """Patterns are deterministic in the seed; the timing arrays are measurements (they vary run to run)."""
    p = {**DEFAULTS, **params}
    n, d = int(p["n"]), int(p["d"])
    rng = np.random.default_rng(seed)
    q, k = rng.standard_normal((n, d)), rng.standard_normal((n, d))
    eye = np.eye(n)
    causal = attention.causal_mask(n)
    bm = sparse.block_sparse_mask(n // int(p["block"]), 1, 1, 1, np.random.default_rng(seed), causal=True)
    patterns = np.stack([
        attention.softmax_attention(q, k, eye, causal),
        sparse.sparsemax_attention(q, k, eye, causal),
        sparse.topk_attention(q, k, eye, int(p["topk"]), causal),
        sparse.sliding_window_attention(q, k, eye, int(p["radius"]), causal=True),
        sparse.block_sparse_attention(q, k, eye, int(p["block"]), bm),
    ])
    ns, r = np.asarray(p["ns"]), int(p["cost_r"])
    dense_t, dense_m, band_t, band_m = [], [], [], []
    for m in ns:
        qq, kk, vv = (rng.standard_normal((m, 64)) for _ in range(3))
        i = np.arange(m)
        mask = np.abs(i[:, None] - i[None, :]) <= r
        t, mem = _measure(lambda qq=qq, kk=kk, vv=vv, mask=mask: attention.softmax_attention(qq, kk, vv, mask))
        dense_t.append(t)
        dense_m.append(mem)
        t, mem = _measure(lambda qq=qq, kk=kk, vv=vv: sparse.sliding_window_attention(qq, kk, vv, r, causal=False))
        band_t.append(t)
        band_m.append(mem)
    return {"patterns": patterns, "ns": ns, "dense_seconds": np.array(dense_t), "dense_bytes": np.array(dense_m),
            "band_seconds": np.array(band_t), "band_bytes": np.array(band_m), "cost_r": np.array(r),
            "pairs": np.array([sparse.window_nnz(int(m), r, False) for m in ns])}


def plot(data: dict[str, np.ndarray]) -> Figure:
    fig = Figure(figsize=(14, 3.6), layout="constrained")
    axes = fig.subplots(1, 7, width_ratios=[1, 1, 1, 1, 1, 1.4, 1.4])
    titles = ["softmax", "sparsemax", "top-k", "sliding window", "block-sparse"]
    for ax, pat, title in zip(axes[:5], data["patterns"], titles, strict=True):
        image = ax.imshow(pat, cmap="magma", vmin=0, vmax=1)
        ax.set_title(f"{title}\n{np.count_nonzero(pat)} non-zeros", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("key position", fontsize=8)
    axes[0].set_ylabel("query position", fontsize=8)
    fig.colorbar(image, ax=axes[:5], shrink=0.8, label="attention weight")
    ns = data["ns"]
    axes[5].loglog(ns, data["dense_seconds"], "o-", label="dense masked")
    axes[5].loglog(ns, data["band_seconds"], "s-", label=f"banded, r = {int(data['cost_r'])}")
    axes[5].set(xlabel="n", ylabel="seconds", title="time (measured: varies by run)")
    axes[5].legend(fontsize=7)
    axes[6].loglog(ns, data["dense_bytes"] / 2**20, "o-", label="dense masked")
    axes[6].loglog(ns, data["band_bytes"] / 2**20, "s-", label="banded")
    axes[6].set(xlabel="n", ylabel="peak MiB", title="memory")
    axes[6].legend(fontsize=7)
    for ax in axes[5:]:  # labels at 1, 2, 5 × 10^k only: the default minor labels overlapped
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0), numticks=8))
            axis.set_major_formatter(LogFormatterSciNotation(labelOnlyBase=False))
            axis.set_minor_formatter(NullFormatter())
    return fig
