"""Selective scan: chunked vectorised scan vs a per-time-step loop vectorised over (E, N), the bare
np.multiply floor, and step mode.  Targets from the issue in brackets.  Run: python benchmarks/ssm.py

* L = 4096, E = 64, N = 16 (E·N = 1024): fast scan at least as fast as the loop [≥ 1×];
* L = 65 536, E·N = 16: ≥ 10× faster than the loop (overhead-bound there);
* time per (L·E·N) element vs one np.multiply pass over an (L, E, N)-sized array [within 3×];
* step mode: per-token cost flat in L.
"""

from __future__ import annotations

import time

import numpy as np
from _timing import best_time

from seqtheory.simulate.nn import ssm


def loop_scan(u, delta, A, B, C):
    """Per-time-step loop, vectorised over (E, N) (the baseline the issue measured)."""
    h = np.zeros(A.shape)
    y = np.empty(u.shape)
    for t in range(u.shape[0]):
        h = np.exp(delta[t, :, None] * A) * h + (delta[t, :, None] * B[t]) * u[t, :, None]
        y[t] = h @ C[t]
    return y


def inputs(rng, L, E, N):
    """Mamba-like scales: Δ = softplus(N(−4, 1)) (≈ 0.001–0.1, as dt_proj's initialisation targets) and the
    S4D-real A = −(1, …, N) per channel."""
    delta = np.log1p(np.exp(rng.normal(-4.0, 1.0, (L, E))))
    A = -np.tile(np.arange(1.0, N + 1), (E, 1))
    return rng.standard_normal((L, E)), delta, A, rng.standard_normal((L, N)), rng.standard_normal((L, N))


def main() -> None:
    rng = np.random.default_rng(0)
    for L, E, N in ((4096, 64, 16), (65536, 4, 4), (65536, 16, 1)):
        args = inputs(rng, L, E, N)
        t_fast = best_time(lambda args=args: ssm.selective_scan(*args))
        t_loop = best_time(lambda args=args: loop_scan(*args), repeat=1)
        a = rng.standard_normal((L, E, N))
        b = rng.standard_normal((L, E, N))
        t_mul = best_time(lambda a=a, b=b: np.multiply(a, b))
        assert np.allclose(ssm.selective_scan(*args), loop_scan(*args))
        print(f"L={L:6d} E={E:3d} N={N:3d}: fast {t_fast * 1e3:8.1f} ms, loop {t_loop * 1e3:8.1f} ms "
              f"({t_loop / t_fast:5.1f}× faster), multiply floor {t_mul * 1e3:6.1f} ms "
              f"(fast = {t_fast / t_mul:4.1f}× it)")
    E, N = 16, 16
    A = -np.tile(np.arange(1.0, N + 1), (E, 1))
    for L in (128, 1024, 8192):
        u, delta, _, B, C = inputs(rng, L, E, N)
        h = np.zeros((E, N))
        t0 = time.perf_counter()
        for t in range(L):
            _, h = ssm.selective_scan_step(h, u[t], delta[t], A, B[t], C[t])
        print(f"step mode, L={L:5d}: {(time.perf_counter() - t0) / L * 1e6:6.1f} µs per token")


if __name__ == "__main__":
    main()
