"""The selective scan fused into one compiled pass per time block (numba, the optional ``fast`` extra).

Gu & Dao, arXiv:2312.00752, Alg. 2 — the recurrence ``h_t = Ā_t ⊙ h_{t−1} + B̄_t u_t``, ``y_t = C_t·h_t`` of
:mod:`seqtheory.simulate.nn.ssm` (same glossary), computed in the inputs' own dtype.

Why a compiled kernel: in float32 the chunked numpy scan cannot run natively (e^{−c} overflows float32 after a
cumulative log-decay of ≈ 60, which at Mamba's Δ·|A| leaves chunks of 2–3 steps), and the per-step numpy loop pays
five passes over the state per step.  Here numpy computes the decays ``Ā = exp(Δ A)`` of a block of time steps in one
vectorised pass (numpy's SIMD exp is ≈ 8× a scalar one), and the kernel runs the recurrence over the block in one
sweep — state in registers, one multiply-add per entry, the read-out summed as it goes.  Work is split over
(batch row, channel range) blocks on threads (:func:`seqtheory.simulate.threads.split`); each block is computed by
one thread in a fixed order, so the result does not depend on the number of threads.

Checked against the loop reference :func:`seqtheory.simulate.nn.ssm.selective_scan_reference` (tests/test_ssm_fused.py).
Nothing is compiled at import: the kernel is built on first use (and cached on disk where numba can write).
"""

from __future__ import annotations

import functools
import importlib.util

import numpy as np

from seqtheory.simulate import threads

#: Time steps whose decays are computed in one numpy pass (the (block, E, N) buffer is reused).
TIME_BLOCK = 256


def available() -> bool:
    """Whether numba is installed (``pip install 'seqtheory[fast]'``)."""
    return importlib.util.find_spec("numba") is not None


@functools.cache
def _kernel():
    """The compiled recurrence over one time block (built once per process; numba specialises per dtype)."""
    import numba

    def recurrence(decay, du, B, C, factor, zoh, h, y):  # pragma: no cover — runs compiled
        # decay, factor (T, E, N); du = Δ·u (T, E); B, C (T, N); h (E, N) in/out; y (T, E) out
        T, E, N = decay.shape
        for t in range(T):
            for e in range(E):
                drive = du[t, e]
                total = h[e, 0] * 0
                for n in range(N):
                    x = drive * B[t, n]
                    if zoh:
                        x = x * factor[t, e, n]
                    state = decay[t, e, n] * h[e, n] + x
                    h[e, n] = state
                    total += C[t, n] * state
                y[t, e] = total

    try:
        return numba.njit(nogil=True, cache=True)(recurrence)
    except RuntimeError:  # numba found no writable cache directory: compile once per process instead
        return numba.njit(nogil=True)(recurrence)


def _zoh_factor(dA: np.ndarray) -> np.ndarray:
    """(e^{ΔA} − 1)/(ΔA), → 1 + ΔA/2 where |ΔA| ≤ 1e-8 (as :func:`seqtheory.simulate.nn.ssm._b_bar`)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.abs(dA) > 1e-8, np.expm1(dA) / dA, 1.0 + dA / 2).astype(dA.dtype, copy=False)


def scan(u: np.ndarray, delta: np.ndarray, A: np.ndarray, B: np.ndarray, C: np.ndarray, zoh: bool,
         workers: int | None = None) -> np.ndarray:
    """y (…, L, E) for validated inputs of one float dtype: u, delta (…, L, E); A (E, N); B, C (…, L, N), leading
    axes broadcastable.  ``workers`` threads (default: as :func:`seqtheory.simulate.threads.split`)."""
    if not available():
        raise ImportError("the fused scan needs numba: pip install 'seqtheory[fast]'")
    kernel = _kernel()
    lead = np.broadcast_shapes(u.shape[:-2], B.shape[:-2], C.shape[:-2])
    L, E = u.shape[-2:]
    N = A.shape[1]
    rows = int(np.prod(lead, dtype=np.int64))
    u, delta = (np.broadcast_to(x, lead + (L, E)).reshape(rows, L, E) for x in (u, delta))  # (rows, L, E)
    B, C = (np.broadcast_to(x, lead + (L, N)).reshape(rows, L, N) for x in (B, C))  # (rows, L, N)
    y = np.empty((rows, L, E), dtype=u.dtype)
    parts = max(1, min(E, -(-(workers or threads.blas_threads()) // rows)))  # channel ranges per row
    width = -(-E // parts)
    blocks = [(r, slice(e0, min(E, e0 + width))) for r in range(rows) for e0 in range(0, E, width)]

    unused = np.ones((1, 1, 1), dtype=u.dtype)  # the Euler kernel's factor argument (never read)

    def work(items) -> None:
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported once, by the caller's check
            _blocks(items)

    def _blocks(items) -> None:
        for r, ch in items:
            h = np.zeros((ch.stop - ch.start, N), dtype=u.dtype)  # (e, N) state carried across time blocks
            du = np.ascontiguousarray(delta[r, :, ch] * u[r, :, ch])  # (L, e)
            for start in range(0, L, TIME_BLOCK):
                ts = slice(start, min(L, start + TIME_BLOCK))
                dA = delta[r, ts, ch, None] * A[ch]  # (T, e, N)
                factor = _zoh_factor(dA) if zoh else unused
                out = np.empty((ts.stop - ts.start, ch.stop - ch.start), dtype=u.dtype)  # (T, e)
                kernel(np.exp(dA, out=dA), du[ts], np.ascontiguousarray(B[r, ts]),
                       np.ascontiguousarray(C[r, ts]), factor, zoh, h, out)
                y[r, ts, ch] = out

    threads.split(work, blocks, workers)
    return y.reshape(lead + (L, E))
