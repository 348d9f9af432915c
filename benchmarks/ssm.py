"""Selective scan against the vectorised per-step loop and the np.multiply floor, quiet and under load.

Prints (targets from issue 18 in brackets), medians ± half-spreads of 5 interleaved repeats:
* shapes (L, E, N) = (4096, 64, 16), (65536, 4, 4), (65536, 16, 1), and batch 4 at (4096, 64, 16), in float64
  and float32: ``selective_scan`` vs a per-time-step loop vectorised over (batch, E, N) [≥ 1× at every shape
  and dtype], and vs one np.multiply pass over an (…, L, E, N) array [≤ 3× at L = 4096, E·N = 1024];
* the same with two busy processes competing for the cores [still ≥ 1× the loop];
* step mode: per-token cost flat in L.
There is no peer selective scan in torch's CPU build (Mamba's fused kernel is CUDA-only), so none is timed.
With the ``fast`` extra, float32 runs on the fused numba engine (the default "auto"); float64 rows also time
``engine="numba"``, the numbers behind keeping float64 on numpy by default (see ``ssm.selective_scan``).
Run: python benchmarks/ssm.py [--quick]   (--quick: the first shape only, no load section)
"""

from __future__ import annotations

import multiprocessing
import sys
import time

import numpy as np
from _timing import configuration, fmt, interleaved, record

from seqtheory.simulate.nn import fused_scan, ssm

SHAPES = ((None, 4096, 64, 16), (None, 65536, 4, 4), (None, 65536, 16, 1), (4, 4096, 64, 16))


def loop_scan(u, delta, A, B, C):
    """Per-time-step loop, vectorised over (batch, E, N) (the baseline the issue measured)."""
    h = np.zeros(u.shape[:-2] + A.shape, dtype=u.dtype)
    y = np.empty(u.shape, dtype=u.dtype)
    for t in range(u.shape[-2]):
        h = np.exp(delta[..., t, :, None] * A) * h + (delta[..., t, :, None] * B[..., t, None, :]) * u[..., t, :, None]
        y[..., t, :] = (h @ C[..., t, :, None])[..., 0]
    return y


def inputs(rng, batch, L, E, N, dtype=np.float64):
    """Mamba-like scales: Δ = softplus(N(−4, 1)) (≈ 0.001–0.1, as dt_proj's initialisation targets) and the
    S4D-real A = −(1, …, N) per channel."""
    lead = () if batch is None else (batch,)
    delta = np.log1p(np.exp(rng.normal(-4.0, 1.0, lead + (L, E))))
    A = -np.tile(np.arange(1.0, N + 1), (E, 1))
    args = (rng.standard_normal(lead + (L, E)), delta, A, rng.standard_normal(lead + (L, N)),
            rng.standard_normal(lead + (L, N)))
    return tuple(x.astype(dtype) for x in args)


def rows(label: str, shapes, rng) -> None:
    for batch, L, E, N in shapes:
        for dtype in (np.float64, np.float32):
            args = inputs(rng, batch, L, E, N, dtype)
            lead = () if batch is None else (batch,)
            a, b = (rng.standard_normal(lead + (L, E, N)).astype(dtype) for _ in range(2))
            fast, loop = ssm.selective_scan(*args), loop_scan(*args)
            tol = 1e-3 if dtype == np.float32 else 1e-9
            assert fast.dtype == dtype and np.allclose(fast, loop, rtol=tol, atol=tol)
            timed = {"scan": lambda args=args: ssm.selective_scan(*args),
                     "loop": lambda args=args: loop_scan(*args),
                     "floor": lambda a=a, b=b: np.multiply(a, b)}
            fused_too = dtype == np.float64 and fused_scan.available()  # what engine="numba" would give float64
            if fused_too:
                timed["fused"] = lambda args=args: ssm.selective_scan(*args, engine="numba")
            stats = interleaved(timed)
            print(f"{label} batch={batch or 1} L={L:6d} E={E:3d} N={N:3d} {np.dtype(dtype).name} "
                  f"({_engine(args, batch, E, N)}): scan {fmt(stats['scan'])}, "
                  f"loop {fmt(stats['loop'])} → {stats['loop'][0] / stats['scan'][0]:5.2f}× the loop; "
                  f"floor {fmt(stats['floor'])} → scan = {stats['scan'][0] / stats['floor'][0]:4.1f}× floor"
                  + (f"; engine='numba' {fmt(stats['fused'])} → {stats['loop'][0] / stats['fused'][0]:5.2f}× the loop"
                     if fused_too else ""))
            record("selective scan", f"{label.strip()} B={batch or 1} L={L} E={E} N={N} {np.dtype(dtype).name}",
                   stats["scan"][0], "numpy per-step loop", stats["loop"][0], "≤ 1/1.5 of the loop (issue 30)")


def _engine(args, batch, E: int, N: int) -> str:
    """What ``selective_scan``'s default ("auto") runs for these inputs."""
    if args[0].dtype == np.float32 and fused_scan.available():
        return "engine numba"
    rate = float(np.max(args[1]) * np.max(-args[2]))
    chunk = ssm.chunk_length(rate, np.float64)  # the numpy engine scans float32 in float64
    if chunk < ssm.STEP_BELOW or (batch or 1) * E * N >= ssm.STEP_FROM_STATE:
        return "engine numpy, per-step"
    return f"engine numpy, chunk {chunk}"


def _busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def main(quick: bool) -> None:
    print(configuration())
    rng = np.random.default_rng(0)
    rows("quiet ", SHAPES[:1] if quick else SHAPES, rng)
    if not quick:
        ctx = multiprocessing.get_context("spawn")
        hogs = [ctx.Process(target=_busy, args=(600.0,), daemon=True) for _ in range(2)]
        for p in hogs:
            p.start()
        try:
            rows("loaded", (SHAPES[0], SHAPES[3]), rng)
        finally:
            for p in hogs:
                p.terminate()
    E, N = 16, 16
    A = -np.tile(np.arange(1.0, N + 1), (E, 1))
    for L in (128, 1024, 8192):
        u, delta, _, B, C = inputs(rng, None, L, E, N)
        h = np.zeros((E, N))
        t0 = time.perf_counter()
        for t in range(L):
            _, h = ssm.selective_scan_step(h, u[t], delta[t], A, B[t], C[t])
        print(f"step mode, L={L:5d}: {(time.perf_counter() - t0) / L * 1e6:6.1f} µs per token")


if __name__ == "__main__":
    main("--quick" in sys.argv[1:])
