"""Attention kernels against torch's fused CPU attention and the GEMM floor, in one run.

Prints (targets from issue 18 in brackets), medians ± half-spreads of ≥ 5 interleaved repeats:
* dense softmax forward, 8 heads, d_head = 64, n ∈ {1024, 4096}, float64 and float32, full and causal:
  ``softmax_attention`` (tiled engine), ``softmax_attention_blocked`` (online softmax) and torch's
  ``scaled_dot_product_attention`` called with **4-D** (batch, heads, n, d) tensors — the shape for which torch
  takes its fused (flash) CPU kernel; 3-D input sends it down an unfused fallback — and the floor of the two bare
  GEMMs (QKᵀ and PV) the kernel must do [public ≤ 2× torch];
* forward + backward at n = 1024 against torch autograd through the same SDPA call [≤ 2×], and at n = 8192
  float32 [≤ 1× torch, issue 30] with the kernel's peak memory (P is not kept there: the backward rebuilds it);
* sliding window r = 64 vs dense masked at n = 8192: time and peak memory (tracemalloc) [≥ 10× both], and the
  banded kernel's time exponent over n ∈ [1k, 32k] [0.9–1.2].
Run: python benchmarks/attention.py [--quick]   (--quick: n = 1024 only)
"""

from __future__ import annotations

import sys
import tracemalloc

import numpy as np
from _timing import best_time, configuration, fmt, interleaved, record, torch_or_none

from seqtheory.simulate.nn import attention, sparse

H, DH = 8, 64


def peak_bytes(fn) -> int:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _row_name(n: int, dtype, causal: bool) -> str:
    return f"n={n:5d} {np.dtype(dtype).name} {'causal' if causal else 'full  '}"


def _case(n: int, dtype, causal: bool) -> str:
    return f"n = {n}, {np.dtype(dtype).name}, {'causal' if causal else 'full'}"


def _print_rows(name: str, stats: dict, peer: str) -> bool:
    """One line per contender with its ratio to ``peer`` (when torch ran); True if the peer was timed."""
    base = stats.get(peer)
    for label, stat in stats.items():
        ratio = f"  = {stat[0] / base[0]:5.2f}× torch" if base else ""
        print(f"{name}  {label:24s} {fmt(stat)}{ratio}")
    return base is not None


def forward_rows(n: int, dtype, causal: bool, rng: np.random.Generator, torch) -> None:
    q, k, v = (rng.standard_normal((1, H, n, DH)).astype(dtype) for _ in range(3))  # (batch, heads, n, d)
    flat = [x[0] for x in (q, k, v)]
    p = np.empty((H, n, n), dtype=dtype)
    contenders = {
        "softmax_attention": lambda: attention.softmax_attention(q, k, v, causal=causal),
        "blocked (online)": lambda: attention.softmax_attention_blocked(q, k, v, causal=causal),
        "GEMM floor": lambda: (np.matmul(flat[0], np.swapaxes(flat[1], -1, -2), out=p), p @ flat[2]),
    }
    if torch is not None:
        tq, tk, tv = (torch.from_numpy(x) for x in (q, k, v))
        sdpa = torch.nn.functional.scaled_dot_product_attention
        contenders["torch SDPA (4-D, fused)"] = lambda: sdpa(tq, tk, tv, is_causal=causal)
        ref = sdpa(tq, tk, tv, is_causal=causal).numpy()
        err = float(np.max(np.abs(attention.softmax_attention(q, k, v, causal=causal) - ref)))
    name = _row_name(n, dtype, causal)
    stats = interleaved(contenders, repeat=5)
    if _print_rows(name, stats, "torch SDPA (4-D, fused)"):
        print(f"{name}  max |seqtheory − torch| = {err:.1e}")
    peer = stats.get("torch SDPA (4-D, fused)")
    record("attention forward", _case(n, dtype, causal), stats["softmax_attention"][0],
           "torch SDPA" if peer else "GEMM floor", (peer or stats["GEMM floor"])[0], "≤ 1× torch (issue 30)")


def backward_rows(n: int, dtype, causal: bool, rng: np.random.Generator, torch, repeat: int = 5,
                  memory: bool = False) -> None:
    q, k, v, dout = (rng.standard_normal((1, H, n, DH)).astype(dtype) for _ in range(4))

    def ours():
        _, cache = attention.softmax_attention_forward(q, k, v, causal=causal)
        return attention.softmax_attention_backward(dout, cache)

    contenders = {"seqtheory fwd+bwd": ours}
    if torch is not None:
        def peer():
            tq, tk, tv = (torch.from_numpy(x).requires_grad_() for x in (q, k, v))
            torch.nn.functional.scaled_dot_product_attention(tq, tk, tv, is_causal=causal).backward(
                torch.from_numpy(dout))
            return tq.grad

        contenders["torch autograd fwd+bwd"] = peer
    stats = interleaved(contenders, repeat=repeat)
    _print_rows(_row_name(n, dtype, causal), stats, "torch autograd fwd+bwd")
    if memory:
        print(f"  seqtheory fwd+bwd peak memory {peak_bytes(ours) / 2**20:.0f} MiB (P alone would be "
              f"{H * n * n * np.dtype(dtype).itemsize / 2**20:.0f} MiB)")
    peer = stats.get("torch autograd fwd+bwd")
    record("attention fwd+bwd", _case(n, dtype, causal), stats["seqtheory fwd+bwd"][0],
           "torch autograd" if peer else None, peer[0] if peer else None, "≤ 1× torch at n = 8192 (issue 30)")


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


def main(quick: bool) -> None:
    print(configuration())
    torch = torch_or_none()
    rng = np.random.default_rng(0)
    for n in (1024,) if quick else (1024, 4096):
        for dtype in (np.float64, np.float32):
            for causal in (False, True):
                forward_rows(n, dtype, causal, rng, torch)
    for dtype in (np.float64, np.float32):
        for causal in (False, True):
            backward_rows(1024, dtype, causal, rng, torch)
    if not quick:
        for causal in (False, True):
            backward_rows(8192, np.float32, causal, rng, torch, repeat=3, memory=True)
        window_section()


if __name__ == "__main__":
    main("--quick" in sys.argv[1:])
