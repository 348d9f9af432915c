"""Selective state-space model (Mamba-1 / S6) in numpy: scan (loop reference, chunked vectorised, recurrent
step), the unrolled decay-masked attention form, and the full Mamba block.

Gu & Dao, *Mamba: Linear-Time Sequence Modeling with Selective State Spaces*, arXiv:2312.00752, Alg. 2
(docs/mamba_copy_bounds.md). Glossary (code ↔ paper): ``u`` (L, E) ↔ x; ``delta`` (L, E) ↔ Δ (already positive); ``A``
(E, N) ↔ A (negative: stability); ``B``, ``C`` (L, N) ↔ B, C (input-dependent, shared across channels); ``D`` (E,) ↔ D
(skip); ``h`` (E, N) ↔ the state.  Discretisation: ``Ā_t = exp(Δ_t A)`` (ZOH) and, as in the reference implementation,
**Euler** ``B̄_t = Δ_t B_t`` by default; ``discretization="zoh"`` gives the exact ``B̄ = (ΔA)^{-1}(exp(ΔA) − I) ΔB``.
Recurrence ``h_t = Ā_t ⊙ h_{t−1} + B̄_t u_t``, output ``y_t = C_t·h_t + D u_t``.  Unrolled: ``y_t = Σ_{s≤t}
C_t·(Π_{r=s+1}^{t} Ā_r ⊙ B̄_s) u_s`` — linear attention with a data-dependent decay mask.

The fast scan works chunk by chunk on the log of the cumulative decay: inside a chunk
``h_t = e^{c_t} ⊙ (h_0 + Σ_{s≤t} e^{−c_s} B̄_s u_s)`` with ``c_t = Σ_{r≤t} Δ_r A`` (≤ 0).  The chunk length is
chosen so that |c| ≤ 600 (no overflow of e^{−c}), and every intermediate is (chunk, E, N) — never (L, E, N).
"""

from __future__ import annotations

import numpy as np

from seqtheory.simulate import threads, validate
from seqtheory.simulate.nn import fused_scan

#: |cumulative log-decay| allowed inside one chunk: e^{600} ≈ 1e260 stays finite in float64 (e^{60} ≈ 1e26 in
#: float32, leaving 12 orders of magnitude of headroom for the inputs).
LOG_RANGE = 600.0
LOG_RANGE_FLOAT32 = 60.0
#: Below this chunk length the per-step recurrence (one vectorised update of the (…, E, N) state per time step)
#: beats the chunked scan, whose per-chunk passes then cost more than they save.
STEP_BELOW = 4
#: From this many state entries (batch·E·N) on, one step's vectorised update already amortises the Python
#: overhead, and the per-step recurrence (≈ 5 passes per element) beats the chunked scan (≈ 8 passes, measured
#: 0.68× the loop at batch 4, E·N = 1024 on a loaded machine).
STEP_FROM_STATE = 4096
DISCRETIZATIONS = ("euler", "zoh")
ENGINES = ("auto", "numpy", "numba")


def _check(u, delta, A, B, C, D):
    u = validate.array("u", u, ndim_min=2, allow_empty=True, keep_float32=True)
    delta = validate.array("delta", delta, ndim_min=2, allow_empty=True, keep_float32=True)
    A = validate.array("A", A, ndim=2, allow_empty=True, keep_float32=True)
    B = validate.array("B", B, ndim_min=2, allow_empty=True, keep_float32=True)
    C = validate.array("C", C, ndim_min=2, allow_empty=True, keep_float32=True)
    L, E = u.shape[-2:]
    N = A.shape[1]
    if L == 0:
        raise ValueError("u must have at least one time step (L ≥ 1), got L = 0")
    if E == 0 or N == 0 or u.size == 0:
        raise ValueError(f"u and A need at least one channel and one state (E, N ≥ 1), got u {u.shape}, A {A.shape}")
    if delta.shape != u.shape:
        raise ValueError(f"delta must have the shape of u {u.shape}, got {delta.shape}")
    if A.shape[0] != E:
        raise ValueError(f"A must have shape (E, N) = ({E}, N), got {A.shape}")
    if B.shape[-2:] != (L, N) or C.shape[-2:] != (L, N):
        raise ValueError(f"B and C must end in shape (L, N) = ({L}, {N}), got {B.shape} and {C.shape}")
    try:
        lead = np.broadcast_shapes(u.shape[:-2], B.shape[:-2], C.shape[:-2])
    except ValueError:
        raise ValueError(f"leading (batch) axes of u {u.shape}, B {B.shape}, C {C.shape} do not broadcast") from None
    if np.any(delta < 0):
        raise ValueError("delta must be non-negative (it is Δ after softplus)")
    if np.any(A > 0):
        raise ValueError("A must have non-positive entries (A = −exp(A_log)); positive entries are unstable")
    validate.budget("the scan states (…, chunk ≤ 256, E, N)", np.prod(lead, dtype=float) * min(L, 256) * E * N)
    if D is not None:
        D = validate.array("D", D, ndim=1, keep_float32=True)
        if D.shape != (E,):
            raise ValueError(f"D must have shape ({E},), got {D.shape}")
    dtype = np.result_type(u, delta, A, B, C, *(() if D is None else (D,)))
    u, delta, A, B, C = (x.astype(dtype, copy=False) for x in (u, delta, A, B, C))
    # u and Δ carry the full batch shape (B or C may bring batch axes u lacks): every engine's output is (lead, L, E)
    u, delta = (np.broadcast_to(x, lead + (L, E)) for x in (u, delta))
    return u, delta, A, B, C, None if D is None else D.astype(dtype, copy=False)


def _engine(value, chunk) -> str:
    if not isinstance(value, str) or value not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {value!r}")
    if value == "numba" and chunk is not None:
        raise ValueError("chunk applies to engine='numpy' only (the numba engine has no chunks); leave it None")
    if value == "numba" and not fused_scan.available():
        raise ImportError("engine='numba' needs numba, which is not installed: pip install 'seqtheory[fast]', or "
                          "use engine='numpy' (or 'auto')")
    return "numpy" if chunk is not None else value


def _discretization(value) -> str:
    if not isinstance(value, str) or value not in DISCRETIZATIONS:
        raise ValueError(f"discretization must be one of {DISCRETIZATIONS}, got {value!r}")
    return value


def _b_bar(delta, A, B, discretization: str):
    """B̄ per (…, t, e, n): Euler ΔB, or ZOH (ΔA)^{-1}(e^{ΔA} − 1)ΔB (→ ΔB where ΔA → 0)."""
    dA = delta[..., :, :, None] * A  # (..., t, E, N)
    base = delta[..., :, :, None] * B[..., :, None, :]
    if discretization == "euler":
        return base
    if discretization != "zoh":
        raise ValueError(f"discretization must be one of {DISCRETIZATIONS}, got {discretization!r}")
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(np.abs(dA) > 1e-8, np.expm1(dA) / dA, 1.0 + dA / 2)
    return base * factor


def log_range(dtype) -> float:
    """The |cumulative log-decay| a chunk may span in ``dtype`` (float64 or float32)."""
    return LOG_RANGE_FLOAT32 if np.dtype(dtype) == np.float32 else LOG_RANGE


def chunk_length(rate: float, dtype=np.float64) -> int:
    """Default chunk length for a per-step log-decay rate ``rate`` = max(Δ)·max|A|: the largest ≤ 256 with
    chunk·rate ≤ :func:`log_range` (at least 1)."""
    return int(max(1, min(256, log_range(dtype) // max(rate, 1e-300))))


def advance_chunk(decay: np.ndarray, drive: np.ndarray, h: np.ndarray, tril: np.ndarray,
                  out: np.ndarray | None = None) -> np.ndarray:
    """The states of one chunk: ``h_t = e^{c_t} ⊙ (h + Σ_{s≤t} e^{−c_s} x_s)``.

    ``decay`` (…, c, E, N) holds e^{c_t} (the cumulative decay inside the chunk, in (0, 1]); ``drive`` (…, c, E, N)
    holds the inputs x_s and is overwritten; ``h`` (…, E, N) is the state before the chunk; ``tril`` is a lower
    triangular matrix of ones at least c × c (the prefix sum as one GEMM — numpy's cumsum along a non-last axis is
    several times slower).  Returns the states (…, c, E, N), written into ``out`` when given (contiguous, not
    ``drive``), else into a new array or ``drive``'s buffer.
    """
    c = drive.shape[-3]
    if c == 1:  # one step: h_1 = e^{c_1} h + x_1 directly (no division, so any decay, even e^{c} = 0, is exact)
        drive += decay * h[..., None, :, :]
        if out is None:
            return drive
        out[...] = drive
        return out
    drive /= decay  # e^{−c_s} x_s
    shape = drive.shape
    flat = shape[:-3] + (c, -1)
    if out is None:
        out = (tril[:c, :c] @ drive.reshape(flat)).reshape(shape)  # Σ_{s≤t}
    else:
        np.matmul(tril[:c, :c], drive.reshape(flat), out=out.reshape(flat))
    out += h[..., None, :, :]
    out *= decay  # states h_t
    return out


def linear_recurrence(log_a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """All states of ``h_t = e^{log_a_t} ⊙ h_{t−1} + x_t`` (h_0 = 0) for (…, L, E, N) arrays (optional leading
    batch axes; time is axis −3), chunked in log space like :func:`selective_scan` (same :func:`advance_chunk`):
    (…, L, E, N).  ``log_a`` ≤ 0.  One chunk length serves the whole batch (set by its fastest decay)."""
    L = x.shape[-3]
    rate = float(np.max(-log_a)) if log_a.size else 0.0
    chunk = chunk_length(rate, x.dtype)
    out = np.empty_like(x)
    h = np.zeros(x.shape[:-3] + x.shape[-2:], dtype=x.dtype)  # (…, E, N)
    tril = np.tri(min(chunk, L), dtype=x.dtype)
    with threads.one_blas_thread():  # small prefix GEMMs: a second BLAS thread only waits for a busy core
        for start in range(0, L, chunk):
            sl = slice(start, min(start + chunk, L))
            c = sl.stop - sl.start
            block = log_a[..., sl, :, :]  # (…, c, E, N)
            # the prefix sum along time as one GEMM with the ones-triangle: numpy's cumsum along a non-last axis is
            # ≈ 12× slower at Mamba's sizes (measured)
            decay = np.exp((tril[:c, :c] @ block.reshape(block.shape[:-2] + (-1,))).reshape(block.shape))
            out[..., sl, :, :] = advance_chunk(decay, x[..., sl, :, :].copy(), h, tril)
            h = out[..., sl.stop - 1, :, :]
    return out


def selective_scan(u, delta, A, B, C, D=None, discretization: str = "euler", chunk: int | None = None,
                   engine: str = "auto") -> np.ndarray:
    """y (…, L, E) of the selective scan (see module docstring); optional leading batch axis.

    The algorithm is chosen by shape: chunks of ``chunk`` steps in log space (default: the longest chunk whose
    cumulative decay stays representable, :func:`chunk_length`), or — when that chunk would be shorter than
    :data:`STEP_BELOW` steps, when the state has :data:`STEP_FROM_STATE` entries or more, or when ``chunk = 1`` is
    asked for — the per-step recurrence vectorised over (…, E, N).
    float32 inputs come back as float32; on this (numpy) engine the state arithmetic runs in float64: float32's
    exponent range caps a chunk's cumulative log-decay at 60, which at Mamba's Δ·|A| leaves chunks shorter than
    :data:`STEP_BELOW` (the per-step path, measured 1.12× the loop), while the float64 chunks run ≈ 1.6× the loop —
    and are more accurate.  The BLAS is held to one thread inside (its products here are too small to share, and a
    loaded machine would stall the second thread).

    ``engine``: ``"numpy"`` (the above), ``"numba"`` (:mod:`~seqtheory.simulate.nn.fused_scan`: one compiled pass per
    time block, in the inputs' own dtype; needs the ``fast`` extra) or ``"auto"`` — numba for float32 inputs when it
    is installed, numpy otherwise.  float64 stays on numpy under ``"auto"`` so that no recorded or checked result
    depends on whether an optional extra is installed (the two agree to rounding, not bit for bit); float32 has
    no such records and is where numpy is slowest.  ``chunk`` belongs to the numpy engine."""
    _discretization(discretization)
    engine = _engine(engine, chunk)
    u, delta, A, B, C, D = _check(u, delta, A, B, C, D)
    out_dtype = u.dtype
    fused = engine == "numba" or (engine == "auto" and out_dtype == np.float32 and fused_scan.available())
    if not fused and out_dtype == np.float32:  # simplification: float64 inside, float32 out (see the docstring)
        u, delta, A, B, C = (x.astype(np.float64) for x in (u, delta, A, B, C))
        D = None if D is None else D.astype(np.float64)
    y = fused_scan.scan(u, delta, A, B, C, discretization == "zoh") if fused else \
        _numpy_engine(u, delta, A, B, C, discretization, chunk)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported by _finite_output, not as a warning
        y = y + u * D if D is not None else y
        return _finite_output(y.astype(out_dtype, copy=False))


def _numpy_engine(u, delta, A, B, C, discretization: str, chunk: int | None) -> np.ndarray:
    """The numpy engine on validated float64 inputs: chunks in log space, or the per-step recurrence (the choice
    :func:`selective_scan` describes)."""
    rate = float(np.max(delta) * np.max(-A)) if A.size else 0.0
    if chunk is None:
        chunk = chunk_length(rate, u.dtype)
        state = np.prod(u.shape[:-2], dtype=float) * A.size
        chunk = 1 if chunk < STEP_BELOW or state >= STEP_FROM_STATE else chunk
    chunk = validate.integer("chunk", chunk, 1)
    if chunk > 1 and rate * chunk > log_range(u.dtype):
        raise ValueError(f"chunk must satisfy chunk·max(Δ)·max|A| ≤ {log_range(u.dtype):g} ({u.dtype}) to avoid "
                         f"overflow; use chunk ≤ {int(log_range(u.dtype) // rate)}")
    with threads.one_blas_thread():
        return _scan_steps(u, delta, A, B, C, discretization) if chunk == 1 else \
            _scan_chunks(u, delta, A, B, C, discretization, chunk)


def _scan_chunks(u, delta, A, B, C, discretization: str, chunk: int) -> np.ndarray:
    """The chunked scan with three reused (…, chunk, E, N) buffers: decay, drive and states."""
    lead = u.shape[:-2]
    L, E = u.shape[-2:]
    N = A.shape[1]
    y = np.empty(lead + (L, E), dtype=u.dtype)
    h = np.zeros(lead + (E, N), dtype=u.dtype)
    c_max = min(chunk, L)
    tril = np.tri(c_max, dtype=u.dtype)
    buffers = [np.empty(lead + (c_max, E, N), dtype=u.dtype) for _ in range(3)]
    du = delta * u if discretization == "euler" else None  # (..., L, E): Δ_s u_s
    for start in range(0, L, chunk):
        sl = slice(start, min(start + chunk, L))
        c = sl.stop - sl.start
        decay, drive, states = (buf[..., :c, :, :] for buf in buffers)
        np.multiply(np.cumsum(delta[..., sl, :], axis=-2)[..., :, :, None], A, out=decay)  # c_t = (Σ_{r≤t} Δ_r) A
        np.exp(decay, out=decay)  # e^{c_t} ∈ (0, 1], ≥ e^{−log_range}: one exp pass
        if du is not None:  # Euler: B̄_s u_s = (Δ_s u_s) B_s
            np.multiply(du[..., sl, :, None], B[..., sl, None, :], out=drive)
        else:
            drive[...] = _drive(u[..., sl, :], delta[..., sl, :], A, B[..., sl, :], discretization)
        advance_chunk(decay, drive, h, tril, out=states)  # (..., c, E, N)
        np.matmul(states, C[..., sl, :, None], out=y[..., sl, :, None])  # C_t · h_t
        h = states[..., -1, :, :].copy()
    return y


def _scan_steps(u, delta, A, B, C, discretization: str) -> np.ndarray:
    """The per-step recurrence, in place on one (…, E, N) state and one (…, E, N) buffer."""
    lead = u.shape[:-2]
    L, E = u.shape[-2:]
    N = A.shape[1]
    y = np.empty(lead + (L, E), dtype=u.dtype)
    h = np.zeros(lead + (E, N), dtype=u.dtype)
    decay = np.empty_like(h)
    for t in range(L):
        np.multiply(delta[..., t, :, None], A, out=decay)
        np.exp(decay, out=decay)  # Ā_t = e^{Δ_t A}
        h *= decay
        h += _drive(u[..., t:t + 1, :], delta[..., t:t + 1, :], A, B[..., t:t + 1, :], discretization)[..., 0, :, :]
        y[..., t, :] = (h @ C[..., t, :, None])[..., 0]  # C_t · h_t
    return y


def _drive(u, delta, A, B, discretization: str) -> np.ndarray:
    """B̄_s u_s per (…, s, e, n): Euler (Δ_s u_s) B_s, or the ZOH B̄ times u_s."""
    if discretization == "euler":
        return (delta * u)[..., :, :, None] * B[..., :, None, :]
    return _b_bar(delta, A, B, discretization) * u[..., :, :, None]


def _finite_output(y: np.ndarray) -> np.ndarray:
    """The scan's output, or a ValueError if it overflowed its dtype (|Δ·B·u|, the state, |C·h| or |D·u| beyond the
    dtype's range — in float32 on the fused engine the state too: the answer is not computed, and inf/NaN is never
    returned)."""
    if not np.all(np.isfinite(y)):
        raise ValueError(f"the scan's output overflows {y.dtype} for these inputs (|Δ·B·u|, the state |h|, |C·h| or "
                         "|D·u| too large); rescale u, delta, B, C or D")
    return y


def selective_scan_reference(u, delta, A, B, C, D=None, discretization: str = "euler") -> np.ndarray:
    """Loop reference: one time step, one channel, one state at a time."""
    _discretization(discretization)
    u, delta, A, B, C, D = _check(u, delta, A, B, C, D)
    if u.ndim != 2:
        raise ValueError("the reference takes a single sequence u (L, E)")
    L, E = u.shape
    N = A.shape[1]
    h = np.zeros((E, N))
    y = np.zeros((L, E))
    for t in range(L):
        for e in range(E):
            for n in range(N):
                dA = delta[t, e] * A[e, n]
                b = delta[t, e] * B[t, n]
                if discretization == "zoh":  # (e^{ΔA} − 1)/(ΔA), its limit 1 + ΔA/2 where |ΔA| ≤ 1e-8 (as _b_bar)
                    b *= np.expm1(dA) / dA if abs(dA) > 1e-8 else 1.0 + dA / 2
                h[e, n] = np.exp(dA) * h[e, n] + b * u[t, e]
                y[t, e] += C[t, n] * h[e, n]
            if D is not None:
                y[t, e] += D[e] * u[t, e]
    return y


def selective_scan_step(h, u_t, delta_t, A, B_t, C_t, D=None, discretization: str = "euler"):
    """Recurrent mode: one token.  h (…, E, N), u_t, delta_t (…, E), B_t, C_t (…, N) → (y_t (…, E), h)."""
    A = validate.array("A", A, ndim=2)
    E, N = A.shape
    h = validate.array("h", h, ndim_min=2)
    u_t = validate.array("u_t", u_t, ndim_min=1)
    delta_t = validate.array("delta_t", delta_t, ndim_min=1)
    B_t = validate.array("B_t", B_t, ndim_min=1)
    C_t = validate.array("C_t", C_t, ndim_min=1)
    if h.shape[-2:] != (E, N) or u_t.shape[-1] != E or delta_t.shape != u_t.shape or B_t.shape[-1] != N \
            or C_t.shape[-1] != N:
        raise ValueError(f"shapes must be h (…, {E}, {N}), u_t and delta_t (…, {E}), B_t and C_t (…, {N}) for A "
                         f"{A.shape}; got h {h.shape}, u_t {u_t.shape}, delta_t {delta_t.shape}, B_t {B_t.shape}, "
                         f"C_t {C_t.shape}")
    if np.any(delta_t < 0):
        raise ValueError("delta_t must be non-negative (it is Δ after softplus)")
    if np.any(A > 0):
        raise ValueError("A must have non-positive entries (A = −exp(A_log)); positive entries are unstable")
    if D is not None:
        D = validate.array("D", D, ndim=1)
    _discretization(discretization)
    dA = delta_t[..., :, None] * A
    b = _b_bar(delta_t[..., None, :], A, B_t[..., None, :], discretization)[..., 0, :, :]
    h = np.exp(dA) * h + b * u_t[..., :, None]
    y = np.einsum("...n,...en->...e", C_t, h)
    return _finite_output(y + D * u_t if D is not None else y), h


def selective_scan_unrolled(u, delta, A, B, C, D=None, discretization: str = "euler") -> np.ndarray:
    """The attention form: y_t = Σ_{s≤t} Σ_n C_t[n] e^{c_t − c_s}[e, n] B̄_s[e, n] u_s[e]; O(L²·E·N) memory —
    for tests on short sequences only."""
    _discretization(discretization)
    u, delta, A, B, C, D = _check(u, delta, A, B, C, D)
    cum = np.cumsum(delta[..., :, :, None] * A, axis=-3)  # (..., L, E, N)
    L = u.shape[-2]
    decay = cum[..., :, None, :, :] - cum[..., None, :, :, :]  # (..., t, s, E, N): c_t − c_s
    causal = np.tri(L, dtype=bool)[..., :, :, None, None]
    weights = np.where(causal, np.exp(np.where(causal, decay, 0.0)), 0.0)
    drive = _b_bar(delta, A, B, discretization) * u[..., :, :, None]  # (..., s, E, N)
    y = np.einsum("...tn,...tsen,...sen->...te", C, weights, drive)
    return y + u * D if D is not None else y


# ------------------------------------------------------------------------------------------------------
# the Mamba block

def silu(x):
    return x / (1.0 + np.exp(-x))


def softplus(x):
    return np.logaddexp(0.0, x)


def block_param_shapes(d_model: int, E: int, N: int, R: int, K: int) -> dict[str, tuple[int, ...]]:
    """Parameter shapes of one Mamba block (Gu & Dao 2023, Fig. 3 / Alg. 2), biases included:
    in_proj (d_model → 2E: x and the gate z), depthwise causal conv1d (kernel K) on x, x_proj (E → R + 2N:
    δ, B, C), dt_proj (R → E) with bias, A_log (E, N), D (E,), out_proj (E → d_model)."""
    return {"in_w": (d_model, 2 * E), "in_b": (2 * E,), "conv_w": (K, E), "conv_b": (E,), "x_w": (E, R + 2 * N),
            "dt_w": (R, E), "dt_b": (E,), "A_log": (E, N), "D": (E,), "out_w": (E, d_model)}


def block_inputs(params: dict[str, np.ndarray], x: np.ndarray) -> dict[str, np.ndarray]:
    """Everything of a Mamba block before the scan: in_proj → causal depthwise conv1d → SiLU → x_proj (δ, B, C)
    → dt_proj + softplus, for x (…, L, d_model) (optional leading batch axes).  Returns the intermediates by name
    (the backward pass needs them all)."""
    L = x.shape[-2]
    E = params["D"].shape[0]
    N = params["A_log"].shape[1]
    K = params["conv_w"].shape[0]
    xz = x @ params["in_w"] + params["in_b"]  # (…, L, 2E)
    padded = np.concatenate([np.zeros(x.shape[:-2] + (K - 1, E)), xz[..., :E]], axis=-2)  # causal: t sees t−K+1..t
    conv = sum(padded[..., k:k + L, :] * params["conv_w"][k] for k in range(K)) + params["conv_b"]  # (…, L, E)
    u = silu(conv)
    proj = u @ params["x_w"]  # (…, L, R + 2N)
    R = proj.shape[-1] - 2 * N
    dt_in = proj[..., :R] @ params["dt_w"] + params["dt_b"]
    return {"x": x, "padded": padded, "conv": conv, "u": u, "proj": proj, "dt_in": dt_in,
            "delta": softplus(dt_in), "B": proj[..., R:R + N], "C": proj[..., R + N:], "z": xz[..., E:],
            "A": -np.exp(params["A_log"])}


def mamba_block(params: dict[str, np.ndarray], x, discretization: str = "euler") -> np.ndarray:
    """One Mamba block on x (L, d_model) → (L, d_model):
    in_proj → causal depthwise conv1d → SiLU → x_proj (δ, B, C) → dt_proj + softplus → scan (A = −exp(A_log),
    D skip) → ⊙ SiLU(z) → out_proj."""
    x = validate.array("x", x, ndim=2)
    s = block_inputs(params, x)
    y = selective_scan(s["u"], s["delta"], s["A"], s["B"], s["C"], params["D"], discretization)
    return (y * silu(s["z"])) @ params["out_w"]


# --- test inputs and the Euler/ZOH comparison (Gu & Dao 2023, §2) ---------------------------------------------


def random_inputs(rng: np.random.Generator, L: int, E: int, N: int):
    """Random scan inputs (L, E, N): u, Δ = softplus(N(−1, 1)), A = −exp(N(0, 1)), B, C, D — every argument of
    :func:`selective_scan`."""
    return (rng.standard_normal((L, E)), np.log1p(np.exp(rng.normal(-1.0, 1.0, (L, E)))),
            -np.exp(rng.standard_normal((E, N))), rng.standard_normal((L, N)), rng.standard_normal((L, N)),
            rng.standard_normal(E))


def euler_zoh_gap_slope(rng: np.random.Generator, L: int, E: int, N: int, deltas=(1e-3, 3e-4, 1e-4)) -> float:
    """Slope of log max|y_Euler − y_ZOH| against log Δ at constant Δ."""
    u, _, A, B, C, _ = random_inputs(rng, L, E, N)
    gaps = []
    for dval in deltas:
        delta = np.full((L, E), dval)
        gaps.append(np.max(np.abs(selective_scan(u, delta, A, B, C, discretization="euler")
                                  - selective_scan(u, delta, A, B, C, discretization="zoh"))))
    return float(np.polyfit(np.log(deltas), np.log(gaps), 1)[0])
