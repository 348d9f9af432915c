"""The tiled, threaded attention engine against the batched kernel (its reference) and central differences.

The tiles are forced onto small arrays by lowering the size threshold and the block (``tiny_tiles``), so every
branch — the causal diagonal strip, skipped future tiles, fully masked rows (n_q > n_k under a causal mask),
broadcast masks and leading axes, the subnormal flush — is exercised at sizes a loop can check."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from seqtheory.simulate import threads
from seqtheory.simulate.gradcheck import central_vjp
from seqtheory.simulate.nn import attention as at
from seqtheory.simulate.nn import tiled


@pytest.fixture
def tiny_tiles(monkeypatch):
    monkeypatch.setattr(at, "TILED_MIN_SCORES", 1)
    monkeypatch.setattr(tiled, "BLOCK", 3)


def _on(kernel: str, fn):
    """Run ``fn`` on the batched (reference) kernel or on (2-row) tiles, whatever the size: ``"tiled"`` rebuilds P
    in the backward (as beyond ``KEEP_P_BYTES``), ``"tiled-kept"`` keeps it."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(at, "TILED_MIN_SCORES", np.inf if kernel == "batched" else 1)
        m.setattr(tiled, "BLOCK", 2)
        m.setattr(tiled, "KEEP_P_BYTES", np.inf if kernel == "tiled-kept" else -1)
        return fn()


#: Magnitudes of q and k as powers of the dtype's largest number: tiny, 1, large logits (below the subnormal
#: flush), and large enough that the scores could overflow (the scaled-space path).
SCALES = st.sampled_from([-0.95, -0.03, 0.0, 0.004, 0.45])


def _inputs(n_q, n_k, d, masked, f32, scale, seed):
    """(rng, dtype, q (2, n_q, d), k (1, n_k, d) broadcast over the leading axis, v (2, n_k, 3), mask or None);
    q and k scaled by max(dtype)^scale."""
    rng = np.random.default_rng(seed)
    dtype = np.float32 if f32 else np.float64
    size = float(np.finfo(dtype).max) ** scale
    q = (rng.standard_normal((2, n_q, d)) * size).astype(dtype)
    k = (rng.standard_normal((1, n_k, d)) * size).astype(dtype)
    v = rng.standard_normal((2, n_k, 3)).astype(dtype)
    mask = rng.random((n_q, n_k)) < 0.6 if masked else None
    return rng, dtype, q, k, v, mask


@given(n_q=st.integers(1, 9), n_k=st.integers(1, 9), d=st.integers(1, 4), causal=st.booleans(),
       masked=st.booleans(), f32=st.booleans(), scale=SCALES, seed=st.integers(0, 2**31))
@example(n_q=7, n_k=3, d=2, causal=True, masked=False, f32=False, scale=0.0, seed=0)  # rows with no visible key
@example(n_q=5, n_k=5, d=2, causal=False, masked=False, f32=False, scale=0.004, seed=1)  # logits below the flush
@example(n_q=1, n_k=1, d=1, causal=False, masked=True, f32=True, scale=0.45, seed=6)  # fully masked, scaled space
def test_tiled_forward_equals_batched(n_q, n_k, d, causal, masked, f32, scale, seed):
    _, dtype, q, k, v, mask = _inputs(n_q, n_k, d, masked, f32, scale, seed)
    want = _on("batched", lambda: at.softmax_attention(q, k, v, mask, causal))
    got = _on("tiled", lambda: at.softmax_attention(q, k, v, mask, causal))
    assert got.dtype == dtype and want.dtype == dtype
    tol = 1e-5 if f32 else 1e-12
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


@given(n_q=st.integers(1, 9), n_k=st.integers(1, 9), d=st.integers(1, 4), causal=st.booleans(),
       masked=st.booleans(), f32=st.booleans(), scale=st.sampled_from([-0.03, 0.0, 0.004]), seed=st.integers(0, 2**31))
@example(n_q=7, n_k=3, d=2, causal=True, masked=True, f32=False, scale=0.0, seed=0)  # rows with no visible key
@example(n_q=5, n_k=5, d=2, causal=False, masked=False, f32=True, scale=0.004, seed=1)  # logits below the flush
def test_tiled_probabilities_and_recomputed_backward_equal_batched(n_q, n_k, d, causal, masked, f32, scale, seed):
    """The tiled engine keeps row log-normalisers, not P: P rebuilt from them (for probes) and the backward that
    rebuilds each tile equal the batched kernel's stored P and its backward, float32 and float64, masked, causal,
    with fully masked rows and logits below the subnormal flush."""
    rng, dtype, q, k, v, mask = _inputs(n_q, n_k, d, masked, f32, scale, seed)
    dout = rng.standard_normal((2, n_q, 3)).astype(dtype)
    out, ref = _on("batched", lambda: at.softmax_attention_forward(q, k, v, mask, causal))
    ref_grads = _on("batched", lambda: at.softmax_attention_backward(dout, ref))
    tol = 2e-5 if f32 else 1e-11
    for kernel in ("tiled", "tiled-kept"):
        got_out, cache = _on(kernel, lambda: at.softmax_attention_forward(q, k, v, mask, causal))
        assert cache.p is None and cache.lse.shape == (2, n_q)
        assert (cache.flat_p is None) == (kernel == "tiled")
        np.testing.assert_allclose(got_out, out, rtol=tol, atol=tol)
        np.testing.assert_allclose(_on(kernel, cache.probabilities), ref.p, rtol=tol, atol=tol)
        grads = _on(kernel, lambda cache=cache: at.softmax_attention_backward(dout, cache))
        for g, r in zip(grads, ref_grads, strict=True):
            assert g.dtype == dtype and g.shape == r.shape
            scale_ = max(1.0, float(np.max(np.abs(r))))
            np.testing.assert_allclose(g, r, rtol=tol, atol=tol * scale_)


@pytest.mark.parametrize("keep_p", [False, True])
@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize(("n_q", "n_k"), [(7, 7), (5, 8), (8, 5)])
def test_tiled_backward_equals_batched_and_central_differences(tiny_tiles, monkeypatch, keep_p, causal, n_q, n_k):
    monkeypatch.setattr(tiled, "KEEP_P_BYTES", np.inf if keep_p else -1)
    rng = np.random.default_rng(n_q * 10 + n_k)
    q, k, v = rng.standard_normal((2, n_q, 3)), rng.standard_normal((2, n_k, 3)), rng.standard_normal((2, n_k, 2))
    mask = (rng.random((n_q, n_k)) < 0.7)
    out, cache = at.softmax_attention_forward(q, k, v, mask, causal)
    dout = rng.standard_normal(out.shape)
    grads = at.softmax_attention_backward(dout, cache)
    ref_out, ref_cache = _on("batched", lambda: at.softmax_attention_forward(q, k, v, mask, causal))
    ref = _on("batched", lambda: at.softmax_attention_backward(dout, ref_cache))
    np.testing.assert_allclose(out, ref_out, rtol=1e-12, atol=1e-12)
    numeric = central_vjp(lambda a, b, c: at.softmax_attention(a, b, c, mask, causal), [q, k, v], dout)
    for g, r, n in zip(grads, ref, numeric, strict=True):
        np.testing.assert_allclose(g, r, rtol=1e-11, atol=1e-12)
        np.testing.assert_allclose(g, n, atol=1e-8)


def test_causal_flag_equals_causal_mask_and_blocked_kernel(tiny_tiles):
    rng = np.random.default_rng(3)
    q, k, v = rng.standard_normal((3, 10, 4)), rng.standard_normal((3, 12, 4)), rng.standard_normal((3, 12, 2))
    by_flag = at.softmax_attention(q, k, v, causal=True)
    np.testing.assert_allclose(by_flag, at.softmax_attention(q, k, v, at.causal_mask(10, 12)), rtol=1e-12,
                               atol=1e-12)
    np.testing.assert_allclose(by_flag, at.softmax_attention_blocked(q, k, v, causal=True, block=3), rtol=1e-12,
                               atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved_end_to_end(dtype):
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((2, 130, 8)).astype(dtype) for _ in range(3))  # 130² ≥ the tiled threshold
    out, cache = at.softmax_attention_forward(q, k, v, causal=True)
    assert out.dtype == dtype and cache.lse.dtype == dtype and cache.probabilities().dtype == dtype
    assert all(g.dtype == dtype for g in at.softmax_attention_backward(np.ones_like(out), cache))
    assert at.softmax_attention_blocked(q, k, v).dtype == dtype
    assert at.softmax_attention(q[0, :5], k[0, :5], v[0, :5]).dtype == dtype  # the batched path too


def test_threads_split_covers_every_item_once_and_reraises():
    seen = []
    threads.split(seen.extend, list(range(11)), workers=3)
    assert sorted(seen) == list(range(11))

    def boom(chunk):
        raise RuntimeError("worker failed")

    with pytest.raises(RuntimeError, match="worker failed"):
        threads.split(boom, [1, 2], workers=2)


def test_one_blas_thread_restores_the_setting():
    before = threads.blas_threads()
    with threads.one_blas_thread():
        assert threads.blas_threads() == 1
    assert threads.blas_threads() == before


def test_direct_calls_with_the_wrong_convention_name_what_is_wrong():
    """The engine is entered by :mod:`attention`, which validates user input; a direct caller breaking its calling
    convention gets an error naming the argument, never a wrong number or numpy's broadcasting message."""
    rng = np.random.default_rng(0)
    q, k, v = rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 5, 2))
    out, lse, _ = tiled.forward(q, k, v, 0.5, None, False)
    dout = np.ones_like(out)
    bad_calls = [
        (lambda: tiled.forward(q, k, v, 0.5, None, 1), TypeError, "causal"),
        (lambda: tiled.forward(q.astype(np.float32), k, v, 0.5, None, False), TypeError, "one dtype"),
        (lambda: tiled.forward(q.astype(int), k, v, 0.5, None, False), TypeError, "q must be a float"),
        (lambda: tiled.forward(q[0], k, v, 0.5, None, False), ValueError, "q must be"),
        (lambda: tiled.forward(q, k[:, :, :2], v, 0.5, None, False), ValueError, "k"),
        (lambda: tiled.forward(q, k, v[:, :4], 0.5, None, False), ValueError, "v must be"),
        (lambda: tiled.forward(q, k, v, 0.5, np.zeros((2, 4, 5)), False), ValueError, "drop must be a boolean"),
        (lambda: tiled.forward(q, k, v, 0.5, np.zeros((3, 4, 5), bool), False), ValueError, "drop"),
        (lambda: tiled.probabilities(q, k, 0.5, None, False, lse[:, :3]), ValueError, "lse must be"),
        (lambda: tiled.backward(dout[:, :3], out, lse, q, k, v, 0.5, None, False), ValueError, "dout"),
        (lambda: tiled.backward(dout, out, lse.astype(np.float32), q, k, v, 0.5, None, False), TypeError, "dtype"),
        (lambda: tiled.backward(dout, out, lse, q, k, v, 0.5, None, False, np.ones((2, 4, 4))), ValueError, "p must"),
    ]
    for call, err, match in bad_calls:
        with pytest.raises(err, match=match):
            call()
    p = tiled.probabilities(q, k, 0.5, None, False, lse)  # (2, 4, 5): the good call
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(p @ v, out, rtol=1e-12, atol=1e-12)
