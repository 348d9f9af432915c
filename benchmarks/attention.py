"""Attention kernels: dense softmax (straightforward vs blocked online softmax) and banded sliding window.

Prints, measured in one run (targets from the issue in brackets):
* dense forward, n = 1024, d_head = 64, 8 heads, float64 and float32: time and GFLOP/s of the straightforward
  kernel and the blocked one, against a 2048² GEMM's rate in the same run [blocked ≥ 0.3× GEMM]; the ratio
  to torch's CPU scaled_dot_product_attention when torch is importable [≤ 2× at float64];
* sliding window r = 64 vs dense masked at n = 8192: time and peak memory (tracemalloc) [≥ 10× both];
* the time exponent of the banded kernel over n ∈ [1k, 32k] [0.9–1.2].
Run: python benchmarks/attention.py
"""

from __future__ import annotations

import tracemalloc

import numpy as np
from _timing import best_time

from seqtheory.simulate.nn import attention, sparse


def peak_bytes(fn) -> int:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def dense_row(dtype, rng: np.random.Generator, H: int = 8, n: int = 1024, dh: int = 64) -> None:
    flops = 4.0 * H * n * n * dh  # two (n × n × dh) matrix products
    a = rng.standard_normal((2048, 2048)).astype(dtype)
    gemm = 2 * 2048**3 / best_time(lambda: a @ a) / 1e9
    q, k, v = (rng.standard_normal((H, n, dh)).astype(dtype) for _ in range(3))
    t_plain = best_time(lambda: attention.softmax_attention(q, k, v))
    t_block = best_time(lambda: attention.softmax_attention_blocked(q, k, v, block=256))
    name = np.dtype(dtype).name
    print(f"[{name}] GEMM 2048²: {gemm:6.1f} GFLOP/s")
    for label, t in (("straightforward", t_plain), ("blocked (256)", t_block)):
        rate = flops / t / 1e9
        print(f"[{name}] dense softmax {label:16s}: {t * 1e3:7.1f} ms  {rate:6.1f} GFLOP/s  = {rate / gemm:.2f}× GEMM")
    try:
        import torch
    except ImportError:
        print(f"[{name}] torch not importable: SDPA comparison skipped")
        return
    tq, tk, tv = (torch.from_numpy(x) for x in (q, k, v))
    t_torch = best_time(lambda: torch.nn.functional.scaled_dot_product_attention(tq, tk, tv))
    print(f"[{name}] torch SDPA: {t_torch * 1e3:7.1f} ms; blocked / torch = {t_block / t_torch:.2f}, "
          f"straightforward / torch = {t_plain / t_torch:.2f}")
    x = rng.standard_normal(H * n * n).astype(dtype)
    print(f"[{name}] one np.exp pass over the {H}·n² scores alone: {best_time(lambda: np.exp(x)) * 1e3:.1f} ms")


def dense_section() -> None:
    rng = np.random.default_rng(0)
    for dtype in (np.float64, np.float32):
        dense_row(dtype, rng)


def window_section() -> None:
    rng = np.random.default_rng(1)
    r, d = 64, 64
    n = 8192
    q, k, v = (rng.standard_normal((n, d)) for _ in range(3))
    i = np.arange(n)
    mask = np.abs(i[:, None] - i[None, :]) <= r
    t_band = best_time(lambda: sparse.sliding_window_attention(q, k, v, r, causal=False))
    t_dense = best_time(lambda: attention.softmax_attention(q, k, v, mask), repeat=1)
    m_band = peak_bytes(lambda: sparse.sliding_window_attention(q, k, v, r, causal=False))
    m_dense = peak_bytes(lambda: attention.softmax_attention(q, k, v, mask))
    print(f"sliding window r={r}, n={n}: banded {t_band * 1e3:.1f} ms / {m_band / 2**20:.1f} MiB, dense masked "
          f"{t_dense * 1e3:.1f} ms / {m_dense / 2**20:.1f} MiB (mask excluded) → {t_dense / t_band:.1f}× faster, "
          f"{m_dense / m_band:.1f}× less memory")
    ns = np.array([1024, 2048, 4096, 8192, 16384, 32768])
    times = []
    for m in ns:
        qq, kk, vv = (rng.standard_normal((m, d)) for _ in range(3))
        times.append(best_time(lambda qq=qq, kk=kk, vv=vv: sparse.sliding_window_attention(qq, kk, vv, r, False)))
    slope = np.polyfit(np.log(ns), np.log(times), 1)[0]
    print("banded time (ms) over n:", ", ".join(f"{m}: {t * 1e3:.1f}" for m, t in zip(ns, times, strict=True)))
    print(f"fitted time exponent in n: {slope:.2f}")


if __name__ == "__main__":
    dense_section()
    window_section()
