"""Dense and linear attention: fast vs loop reference, masks, stability, backward by central differences."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from seqtheory.simulate.gradcheck import central_vjp
from seqtheory.simulate.nn import attention as at


def _qkv(rng, n_q=5, n_k=7, d=4, d_v=3, lead=()):
    return (rng.standard_normal(lead + (n_q, d)), rng.standard_normal(lead + (n_k, d)),
            rng.standard_normal(lead + (n_k, d_v)))


@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 4), st.integers(0, 2**31))
def test_softmax_matches_reference_with_random_masks(n_q, n_k, d, seed):
    rng = np.random.default_rng(seed)
    q, k, v = _qkv(rng, n_q, n_k, d)
    mask = rng.random((n_q, n_k)) < 0.6
    np.testing.assert_allclose(at.softmax_attention(q, k, v, mask), at.softmax_attention_reference(q, k, v, mask),
                               rtol=1e-12, atol=1e-12)


def test_fully_masked_rows_are_zero_with_zero_gradient():
    rng = np.random.default_rng(0)
    q, k, v = _qkv(rng)
    mask = np.ones((5, 7), bool)
    mask[2] = False
    out, cache = at.softmax_attention_forward(q, k, v, mask)
    assert np.all(out[2] == 0) and np.all(np.isfinite(out))
    dq, _, _ = at.softmax_attention_backward(np.ones_like(out), cache)
    assert np.all(dq[2] == 0)


@pytest.mark.parametrize("scale", [1e2, 1e4, 1e6])
def test_extreme_logits_stay_finite_and_exact(scale):
    q = np.array([[scale, 0.0]])
    k = np.array([[1.0, 0.0], [-1.0, 0.0], [0.999, 0.0]])
    v = np.array([[1.0], [2.0], [3.0]])
    out = at.softmax_attention(q, k, v)
    assert np.all(np.isfinite(out))
    import mpmath

    mpmath.mp.dps = 50
    logits = [mpmath.mpf(scale) * kk / mpmath.sqrt(2) for kk in (1, -1, mpmath.mpf("0.999"))]
    weights = [mpmath.e ** (x - max(logits)) for x in logits]
    expected = sum(w * val for w, val in zip(weights, (1, 2, 3), strict=True)) / sum(weights)
    assert out[0, 0] == pytest.approx(float(expected), rel=1e-12)


def test_masks_use_minus_infinity_semantics():
    rng = np.random.default_rng(1)
    q, k, v = _qkv(rng, 3, 4)
    v_big = v.copy()
    v_big[3] = 1e300  # a masked key must contribute exactly nothing (a finite −1e10 would leak here)
    mask = np.array([[1, 1, 1, 0]] * 3, dtype=bool)
    np.testing.assert_array_equal(at.softmax_attention(q, k, v_big, mask), at.softmax_attention(q, k, v, mask))


@pytest.mark.parametrize("masked", [False, True])
def test_softmax_backward_central_differences(masked):
    rng = np.random.default_rng(2)
    q, k, v = _qkv(rng, 3, 4, 3, 2)
    mask = at.causal_mask(3, 4) if masked else None
    out, cache = at.softmax_attention_forward(q, k, v, mask)
    dout = rng.standard_normal(out.shape)
    analytic = at.softmax_attention_backward(dout, cache)
    numeric = central_vjp(lambda a, b, c: at.softmax_attention(a, b, c, mask), [q, k, v], dout)
    for a, b in zip(analytic, numeric, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-8)


def test_batched_heads_and_broadcast_backward():
    rng = np.random.default_rng(3)
    q, k, v = _qkv(rng, 4, 4, 3, 2, lead=(2, 3))
    out, cache = at.softmax_attention_forward(q, k[:1], v[:1])  # k, v broadcast over the first axis
    dq, dk, dv = at.softmax_attention_backward(np.ones_like(out), cache)
    assert dk.shape == k[:1].shape and dv.shape == v[:1].shape and dq.shape == q.shape
    for b in range(2):
        for h in range(3):
            np.testing.assert_allclose(out[b, h], at.softmax_attention_reference(q[b, h], k[0, h], v[0, h]),
                                       rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("block", [1, 3, 64])
def test_blocked_online_softmax_equals_dense(causal, block):
    rng = np.random.default_rng(4)
    q, k, v = _qkv(rng, 9, 9, 4, 3, lead=(2,))
    mask = at.causal_mask(9) if causal else None
    np.testing.assert_allclose(at.softmax_attention_blocked(q, k, v, causal, block),
                               at.softmax_attention(q, k, v, mask), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("causal", [False, True])
def test_linear_attention_reference_and_backward(causal):
    rng = np.random.default_rng(5)
    q, k, v = _qkv(rng, 5, 5, 3, 2)
    np.testing.assert_allclose(at.linear_attention(q, k, v, causal), at.linear_attention_reference(q, k, v, causal),
                               rtol=1e-12, atol=1e-12)
    out, cache = at.linear_attention_forward(q, k, v, causal)
    dout = rng.standard_normal(out.shape)
    analytic = at.linear_attention_backward(dout, cache)
    numeric = central_vjp(lambda a, b, c: at.linear_attention(a, b, c, causal), [q, k, v], dout)
    for a, b in zip(analytic, numeric, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-8)


def test_kv_cached_decoding_equals_full_causal_forward():
    rng = np.random.default_rng(6)
    q, k, v = _qkv(rng, 8, 8, 4, 3, lead=(2,))
    full = at.softmax_attention(q, k, v, at.causal_mask(8))
    cache = at.KVCache()
    steps = [at.decode_step(q[:, t:t + 1], k[:, t:t + 1], v[:, t:t + 1], cache) for t in range(8)]
    np.testing.assert_allclose(np.concatenate(steps, axis=-2), full, rtol=1e-12, atol=1e-12)
    assert len(cache) == 8


@pytest.mark.parametrize(("call", "name"), [
    (lambda q, k, v: at.softmax_attention(q, k[:, :3], v), "q and k"),
    (lambda q, k, v: at.softmax_attention(q, k, v[:3]), "k and v"),
    (lambda q, k, v: at.softmax_attention(q, k, v, np.ones((5, 7))), "mask"),
    (lambda q, k, v: at.softmax_attention(q, k, v, np.ones((4, 7), bool)), "mask"),
    (lambda q, k, v: at.softmax_attention(q * np.nan, k, v), "q"),
    (lambda q, k, v: at.softmax_attention_blocked(q, k, v, block=0), "block"),
])
def test_bad_input(call, name):
    q, k, v = _qkv(np.random.default_rng(0))
    with pytest.raises(ValueError, match=name):
        call(q, k, v)


def test_torch_sdpa_as_an_independent_oracle():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    q, k, v = _qkv(rng, 6, 6, 4, 3, lead=(2,))
    mask = at.causal_mask(6)
    ref = torch.nn.functional.scaled_dot_product_attention(
        *(torch.from_numpy(x) for x in (q, k, v)), attn_mask=torch.from_numpy(mask)).numpy()
    np.testing.assert_allclose(at.softmax_attention(q, k, v, mask), ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(at.softmax_attention_blocked(q, k, v, causal=True, block=4), ref, rtol=1e-12,
                               atol=1e-12)


def test_the_budget_prices_the_path_that_runs(monkeypatch):
    """The tiled engine never forms the (n_q, n_k) scores, for inference or training: at a budget of 64 MiB one head
    at n = 4096 runs forward and backward (≈ 25 MB of tiles, output and log-normalisers) where three full score
    arrays (384 MiB) would be refused; (8 heads, n = 8192, d = 64) fits the default 4 GiB."""
    from seqtheory.simulate.nn import attention as att

    q = np.random.default_rng(0).standard_normal((1, 4096, 16))
    monkeypatch.setenv("SEQTHEORY_MEMORY_BUDGET", str(64 * 2**20))
    out, cache = att.softmax_attention_forward(q, q, q)
    assert out.shape == (1, 4096, 16) and np.all(np.isfinite(out))
    assert cache.flat_p is None  # P (128 MiB) would break the budget: the backward rebuilds it tile by tile
    grads = att.softmax_attention_backward(np.ones_like(out), cache)
    assert all(g.shape == q.shape and np.all(np.isfinite(g)) for g in grads)
    with pytest.raises(ValueError, match="attention scores"):
        att.budget_forward(q, q, q, "scores", masked=False)
    monkeypatch.delenv("SEQTHEORY_MEMORY_BUDGET")
    assert att.softmax_attention_forward(q, q, q)[1].flat_p is not None  # within the budget and KEEP_P_BYTES
    big = np.broadcast_to(np.zeros(()), (8, 8192, 64))
    assert not att.budget_forward(big, big, big, "tiled", masked=False, want_cache=True)  # 4 GiB of P: rebuilt
    att.budget_forward(big, big, big, "tiled", masked=True)  # no error: ≈ 0.1 GiB (+ 0.5 GiB for a mask's copy)
