"""The fused (numba) selective scan against the loop reference, over the whole float range, in both dtypes.

Tolerance (derived, not tuned): every output y_t = Σ_n C_t[n] Σ_{s≤t} (Π_{r=s+1}^{t} e^{Δ_r A}) Δ_s B_s[n] u_s is a sum
of at most L·N products, each carrying ≤ 2L + N + 5 roundings of relative size ≤ ε (the exponentials and their
products, the drive Δ·u·B, the update and the read-out; a decay's argument error ε|c| is damped by its own e^{c},
|c|e^{c} ≤ 1/e < 1).  So |y − y_ref| ≤ (2L + N + 5)·ε·Y, where Y is the same scan run on |u|, |B|, |C| (in float64)
— the sum of the absolute values of the terms.  The float64 reference carries the same bound at ε₆₄, hence the
factor 2 when both sides are float64.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from seqtheory.simulate.nn import fused_scan, ssm


@pytest.fixture(autouse=True)
def _numba():
    if not fused_scan.available():
        if os.environ.get("CI"):
            pytest.fail("numba is a test dependency (the test extra) and is missing in CI")
        pytest.skip("numba not installed (pip install 'seqtheory[fast]')")


def _bound(args, D, disc, dtype):
    """(2L + N + 5)·ε·Y (module docstring), per output entry."""
    u, delta, A, B, C = (np.asarray(x, dtype=np.float64) for x in args)
    magnitude = ssm.selective_scan_reference(np.abs(u), delta, A, np.abs(B), np.abs(C), discretization=disc)
    if D is not None:
        magnitude = magnitude + np.abs(np.asarray(D, dtype=np.float64) * u)
    L, N = u.shape[-2], A.shape[1]
    sides = 1 if dtype == np.float32 else 2  # a float32 result against the float64 reference; or two float64 sides
    return sides * (2 * L + N + 5) * np.finfo(dtype).eps * magnitude


def _largest_intermediate(args, disc):
    """The largest |Δ·u·B|, state entry or output term of the scan, in float64 (bounded by magnitude scans)."""
    u, delta, A, B, C = (np.abs(np.asarray(x, dtype=np.float64)) for x in args)
    drive = float((delta * u).max() * B.max())
    states = ssm.selective_scan_reference(u, delta, -A, B, np.ones_like(C), discretization=disc)  # ≥ every |h_t[e, n]|
    outputs = ssm.selective_scan_reference(u, delta, -A, B, C, discretization=disc)
    return max(drive, float(states.max()), float(outputs.max()))


@given(seed=st.integers(0, 2**32 - 1), L=st.integers(1, 40), E=st.integers(1, 4), N=st.integers(1, 5),
       log_delta=st.floats(-6, 6), log_a=st.floats(-6, 6), log_scale=st.floats(-30, 34), zoh=st.booleans(),
       float32=st.booleans(), with_d=st.booleans())
@example(seed=0, L=40, E=3, N=5, log_delta=-6.0, log_a=-6.0, log_scale=0.0, zoh=True, float32=True, with_d=True)
@example(seed=1, L=7, E=2, N=3, log_delta=6.0, log_a=6.0, log_scale=30.0, zoh=False, float32=True, with_d=False)
@example(seed=2, L=5, E=2, N=2, log_delta=6.0, log_a=-6.0, log_scale=34.0, zoh=False, float32=True, with_d=False)
def test_fused_scan_matches_the_loop_reference(seed, L, E, N, log_delta, log_a, log_scale, zoh, float32, with_d):
    """Δ from 1e-6 to 1e6 (so |ΔA| from ≈ 1e-15 to 1e12: no decay to instant forgetting), inputs scaled by up to
    1e-30 … 1e34 (at the top, float32's state or output leaves its range: the scan must refuse, never return inf)"""
    dtype = np.float32 if float32 else np.float64
    rng = np.random.default_rng(seed)
    scale = 10.0**log_scale
    args = [scale * rng.standard_normal((L, E)), 10.0**log_delta * rng.random((L, E)),
            -(10.0**log_a) * rng.random((E, N)) - 1e-3, rng.standard_normal((L, N)), rng.standard_normal((L, N))]
    D = rng.standard_normal(E).astype(dtype) if with_d else None
    args = [x.astype(dtype) for x in args]
    disc = "zoh" if zoh else "euler"
    try:
        fused = ssm.selective_scan(*args, D=D, discretization=disc, engine="numba")
    except ValueError as exc:
        assert "overflows" in str(exc)
        assert _largest_intermediate(args, disc) > float(np.finfo(dtype).max) / 1e3  # refused only out of range
        return
    assert fused.dtype == dtype
    ref = ssm.selective_scan_reference(*(np.asarray(x, np.float64) for x in args),
                                       D=None if D is None else D.astype(np.float64), discretization=disc)
    bound = _bound(args, D, disc, dtype)
    assert np.all(np.abs(fused - ref) <= bound + np.finfo(dtype).tiny * 64)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_batched_and_broadcast_inputs_match_per_sequence_runs(dtype):
    """Leading axes: u (2, 3, L, E) with B, C broadcast from (3, L, N) — each sequence as its own reference run."""
    rng = np.random.default_rng(5)
    L, E, N = 300, 5, 4  # L > TIME_BLOCK: the state is carried across time blocks
    u = rng.standard_normal((2, 3, L, E)).astype(dtype)
    delta = rng.random((2, 3, L, E)).astype(dtype)
    A = -rng.random((E, N)).astype(dtype) * 4
    B, C = (rng.standard_normal((3, L, N)).astype(dtype) for _ in range(2))
    out = ssm.selective_scan(u, delta, A, B, C, engine="numba")
    assert out.shape == u.shape and out.dtype == dtype
    for i in range(2):
        for j in range(3):
            args = (u[i, j], delta[i, j], A, B[j], C[j])
            ref = ssm.selective_scan_reference(*(x.astype(np.float64) for x in args))
            assert np.all(np.abs(out[i, j] - ref) <= _bound(args, None, "euler", dtype) + 1e-300)


def test_batch_axes_that_only_B_and_C_carry_broadcast_u():
    rng = np.random.default_rng(9)
    u, delta, A, _, _, D = ssm.random_inputs(rng, 20, 3, 4)
    B, C = rng.standard_normal((2, 20, 4)), rng.standard_normal((2, 1, 20, 4))
    fused = ssm.selective_scan(u, delta, A, B, C, D, engine="numba")
    assert fused.shape == (2, 2, 20, 3)
    np.testing.assert_allclose(fused, ssm.selective_scan(u, delta, A, B, C, D, engine="numpy"), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_the_result_does_not_depend_on_the_number_of_threads(workers):
    rng = np.random.default_rng(6)
    args = ssm.random_inputs(rng, 600, 7, 3)[:5]
    args = tuple(x.astype(np.float32) for x in args)
    one = fused_scan.scan(*args, zoh=False, workers=1)
    np.testing.assert_array_equal(fused_scan.scan(*args, zoh=False, workers=workers), one)


def test_auto_picks_numba_for_float32_and_numpy_for_float64(monkeypatch):
    rng = np.random.default_rng(7)
    args = ssm.random_inputs(rng, 20, 2, 3)[:5]
    calls = []
    real = fused_scan.scan
    monkeypatch.setattr(fused_scan, "scan", lambda *a, **k: calls.append(a[0].dtype) or real(*a, **k))
    ssm.selective_scan(*args)  # float64: numpy
    ssm.selective_scan(*(x.astype(np.float32) for x in args))  # float32: numba
    ssm.selective_scan(*(x.astype(np.float32) for x in args), chunk=1)  # chunk given: the numpy engine
    assert calls == [np.float32]


def test_engine_errors_name_the_parameter(monkeypatch):
    args = ssm.random_inputs(np.random.default_rng(8), 5, 2, 2)[:5]
    for bad in ("torch", "", None, 1, True):
        with pytest.raises(ValueError, match="engine must be one of"):
            ssm.selective_scan(*args, engine=bad)
    with pytest.raises(ValueError, match="chunk applies to engine='numpy'"):
        ssm.selective_scan(*args, engine="numba", chunk=4)
    monkeypatch.setattr(fused_scan, "available", lambda: False)
    with pytest.raises(ImportError, match=r"seqtheory\[fast\]"):
        ssm.selective_scan(*args, engine="numba")
    np.testing.assert_allclose(ssm.selective_scan(*(x.astype(np.float32) for x in args)),  # auto falls back
                               ssm.selective_scan_reference(*args), rtol=1e-5, atol=1e-6)


def test_float32_refuses_where_its_state_leaves_float32_even_if_the_output_would_fit():
    """Δ·u·B = 1e39 > float32's max while C·h = 1e36 fits: the fused engine computes in float32 and refuses (a clear
    error, never inf); the numpy engine computes in float64 inside and returns the representable output."""
    L, one = 3, np.ones((3, 1), dtype=np.float32)
    args = (np.full((L, 1), 1e30, np.float32), np.full((L, 1), 1e6, np.float32), np.zeros((1, 1), np.float32),
            np.full((L, 1), 1e3, np.float32), np.full((L, 1), 1e-3, np.float32))
    with pytest.raises(ValueError, match="overflows float32"):
        ssm.selective_scan(*args, engine="numba")
    out = ssm.selective_scan(*args, engine="numpy")
    np.testing.assert_allclose(out, np.cumsum(one * 1e36, axis=0), rtol=1e-6)
